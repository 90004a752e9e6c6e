using Exchange.Server.Tests.Infrastructure;
using Google.Rpc;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests.Security;

/// <summary>
/// The membership oracle (issue 7): agencies get outcomes, never the evidence of which of BPJS's fields agreed, within
/// a daily budget of records, and a sweep over a NIK's neighbours is flagged in the audit trail for BPJS to see.
/// </summary>
public sealed class AgencyEvidenceTests
{
    // The agency's guess has two pairs of equal adjacent digits (11 and 00): 16 x 9 substitutions and 13 swaps, 157 NIKs.
    private const string Guess = "3271011705850012";

    // The participant registered one digit away from the guess.
    private const string Registered = "3271011705850017";

    private static readonly Participant Dadang = new()
    {
        Nik = Registered,
        FullName = "DADANG SURYANA",
        BirthDate = "1985-05-17",
        Sex = Sex.Male,
        Segment = Segment.Pu,
        Status = ParticipantStatus.Active,
        LastPaidMonth = Participants.PaidUpToOwing(0),
        KelurahanCode = "32.71.01.1001",
    };

    /// <summary>Every NIK one substituted digit or one swap of adjacent digits from <paramref name="nik"/>.</summary>
    private static List<string> OneEditFrom(string nik)
    {
        var neighbours = new List<string>();
        for (var i = 0; i < nik.Length; i++)
        {
            foreach (var digit in "0123456789".Where(d => d != nik[i]))
            {
                neighbours.Add(string.Concat(nik.AsSpan(0, i), digit.ToString(), nik.AsSpan(i + 1)));
            }
        }
        for (var i = 0; i + 1 < nik.Length; i++)
        {
            if (nik[i] != nik[i + 1])
            {
                neighbours.Add(string.Concat(nik.AsSpan(0, i), nik[i + 1].ToString(), nik[i].ToString(), nik.AsSpan(i + 2)));
            }
        }
        return neighbours;
    }

    /// <summary>Someone with <paramref name="nik"/>, the participant's birth date and sex, and <paramref name="name"/>.</summary>
    private static WorkerRecord Probing(string nik, string name)
    {
        var record = Workers.Valid(1);
        record.Nik = nik;
        record.FullName = name;
        record.BirthDate = Dadang.BirthDate;
        return record;
    }

    /// <summary>One whole batch in one chunk, up to the end of the call: its audit entry is written by then.</summary>
    private static async Task<IReadOnlyList<RecordResult>> SubmitWholeAsync(SubmissionService.SubmissionServiceClient client, string batchId,
        Purpose purpose, IReadOnlyList<WorkerRecord> records)
    {
        using var stream = await SubmitStream.OpenAsync(client, batchId, purpose);
        var results = (await stream.SendAsync(0, records)).Results;
        await stream.FinishAsync(records.Count);
        await stream.CompleteAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(stream.ReadAsync);
        return results;
    }

    private static async Task<List<Jamsostek.Exchange.V1.AuditEntry>> AuditEntriesAsync(RunningGateway gateway) =>
        [.. (await new AuditService.AuditServiceClient(gateway.As(TestCallers.Admin))
            .ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 1000 }).ResponseAsync.Within()).Entries];

    [Fact]
    public async Task The_157_neighbour_probe_gets_outcomes_only_and_is_flagged_in_the_audit_trail()
    {
        await using var gateway = await RunningGateway.StartAsync();
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, [Dadang]);
        var probe = OneEditFrom(Guess);
        Assert.Equal(157, probe.Count);
        Assert.Contains(Registered, probe);

        var results = await SubmitWholeAsync(gateway.Submission, "probe", Purpose.CoverageMatching, [.. probe.Select(nik => Probing(nik, "Budi Hartono"))]);

        // Which neighbour is registered still shows (the outcome is the agency's to have), but not which fields agreed.
        Assert.Equal(157, results.Count);
        Assert.All(results, r => Assert.Equal((0, 0.0), (r.Reasons.Count, r.Score)));
        var accepted = results.Where(r => r.Status == RecordStatus.Accepted).ToList();
        Assert.Equal([MatchOutcome.PossibleMatch], accepted.Where(r => r.Outcome != MatchOutcome.NotRegistered).Select(r => r.Outcome));
        Assert.Equal(Registered, probe[(int)accepted.Single(r => r.Outcome == MatchOutcome.PossibleMatch).Offset]);
        Assert.True(accepted.Count > 100, $"{accepted.Count} of the neighbours are valid NIKs");

        // Guessing the name one batch at a time: the outcome tells a right guess, nothing tells how close a wrong one came.
        var wrong = (await SubmitWholeAsync(gateway.Submission, "guess-1", Purpose.CoverageMatching, [Probing(Registered, "Dadang Hartono")]))[0];
        var right = (await SubmitWholeAsync(gateway.Submission, "guess-2", Purpose.CoverageMatching, [Probing(Registered, "Dadang Suryana")]))[0];
        var apbd = (await SubmitWholeAsync(gateway.Submission, "guess-3", Purpose.ApbdEnrollment, [Probing(Registered, "Dadang Suryana")]))[0];
        Assert.Equal((MatchOutcome.PossibleMatch, Segment.Unspecified, 0, 0.0), (wrong.Outcome, wrong.Segment, wrong.Reasons.Count, wrong.Score));
        Assert.Equal((MatchOutcome.Active, Segment.Pu, 0, 0.0), (right.Outcome, right.Segment, right.Reasons.Count, right.Score));
        Assert.Equal((MatchOutcome.Active, Segment.Unspecified, 0, 0.0), (apbd.Outcome, apbd.Segment, apbd.Reasons.Count, apbd.Score));

        var entries = await AuditEntriesAsync(gateway);
        var submits = entries.Where(e => e.Method == "/jamsostek.exchange.v1.SubmissionService/Submit").ToDictionary(e => e.BatchId);
        Assert.StartsWith("PROBE_SUSPECTED", submits["probe"].Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(Registered, submits["probe"].Detail, StringComparison.Ordinal);
        Assert.All(["guess-1", "guess-2", "guess-3"], batch => Assert.Equal("", submits[batch].Detail));

        // The evidence stays with BPJS: the review item of the possible match says what agreed and what did not.
        var item = (await gateway.Registry.ListReviewItemsAsync(new ListReviewItemsRequest()).ResponseAsync.Within()).Items
            .Single(i => i.BatchId == "probe");
        Assert.Equal([MatchReason.NikExact, MatchReason.NameDisagrees, MatchReason.BirthDateAgrees, MatchReason.SexAgrees, MatchReason.KelurahanAgrees],
            item.Reasons);
        Assert.NotEqual(0, item.Score);
    }

    [Fact]
    public async Task No_purpose_and_no_setting_gives_an_agency_the_evidence_and_bpjs_keeps_it()
    {
        // An older configuration asking for evidence is ignored.
        await using var gateway = await RunningGateway.StartAsync(BogorClock.Start(), "--Exchange:Security:Purposes:CoverageMatching:ReturnsEvidence=true");
        var member = Workers.Valid(1);
        var namesake = Workers.Valid(2);
        var other = Participants.Of(namesake);
        other.FullName = "SITI NURHALIZA";
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, [Participants.Of(member, segment: Segment.Pu), other]);

        foreach (var (batchId, purpose) in new[] { ("coverage", Purpose.CoverageMatching), ("apbd", Purpose.ApbdEnrollment) })
        {
            var submitted = await SubmitWholeAsync(gateway.Submission, batchId, purpose, [member, namesake]);
            using var read = gateway.Submission.ReadResults(new ReadResultsRequest { BatchId = batchId });
            var reread = (await read.ResponseStream.ReadAllWithinAsync()).SelectMany(page => page.Results).ToList();

            Assert.Equal([MatchOutcome.Active, MatchOutcome.PossibleMatch], submitted.Select(r => r.Outcome));
            Assert.Equal(submitted, reread);
            Assert.All(reread, r => Assert.Equal((0, 0.0), (r.Reasons.Count, r.Score)));
        }

        var explained = await gateway.Registry.ExplainResultAsync(new ExplainResultRequest { Agency = "DINSOS", BatchId = "coverage", Offset = 0 })
            .ResponseAsync.Within();
        Assert.Contains(MatchReason.NameAgrees, explained.Result.Reasons);
        Assert.NotEqual(0, explained.Result.Score);
        var items = (await gateway.Registry.ListReviewItemsAsync(new ListReviewItemsRequest()).ResponseAsync.Within()).Items;
        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Equal((true, true), (i.Reasons.Count > 0, i.Score > 0)));
    }

    [Fact]
    public async Task An_agency_over_its_daily_budget_waits_for_the_next_day_in_bogor_and_other_agencies_do_not()
    {
        // 15 June 00:30 in Bogor (17:30 UTC the day before): the day ends in 23.5 hours, not in the 6.5 a UTC day would leave.
        await using var gateway = await RunningGateway.StartAsync(BogorClock.StartAt(BogorClock.JustAfterMidnight),
            "--Exchange:MaxRecordsPerAgencyPerDay=10");
        var records = Workers.ValidMany(12);
        using (var stream = await SubmitStream.OpenAsync(gateway.Submission, "budget"))
        {
            await stream.SendAsync(0, records.Take(6));
            // Committed records sent again, as a resuming client does, are answered from the ledger and cost nothing.
            await stream.SendAsync(0, records.Take(6));
            var error = await stream.ExpectErrorAsync(SubmitStream.Chunk(6, records.Skip(6)));

            RpcAssert.Refused(error, StatusCode.ResourceExhausted, "DAILY_RECORDS_EXHAUSTED");
            Assert.Equal("4", RpcAssert.ErrorInfo(error).Metadata["records_left_today"]);
            Assert.Equal(TimeSpan.FromHours(23.5), error.GetRpcStatus()!.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan());
        }

        using (var other = await SubmitStream.OpenAsync(new SubmissionService.SubmissionServiceClient(gateway.As(TestCallers.AgencyB)), "budget"))
        {
            Assert.Equal(10, (await other.SendAsync(0, Workers.ValidMany(10))).CommittedOffset);
        }

        gateway.Clock.Advance(TimeSpan.FromHours(23.5));
        using var nextDay = await SubmitStream.OpenAsync(gateway.Submission, "budget");
        Assert.Equal(6, nextDay.Opened.CommittedOffset);
        Assert.Equal(12, (await nextDay.SendAsync(6, records.Skip(6))).CommittedOffset);
    }
}
