using Exchange.Server.Tests.Infrastructure;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests;

/// <summary>BPJS syncs a registry, an agency submits, each record gets its outcome: over real channels.</summary>
public sealed class MatchingTests
{
    private static readonly string[] DistinctNames = ["Dedi Kurniawan", "Ujang Suherman", "Bambang Hermawan", "Agus Setiawan", "Cecep Supriatna"];

    private static WorkerRecord Worker(int serial, string name, Sex sex = Sex.Male)
    {
        var worker = Workers.Valid(serial, sex);
        worker.FullName = name;
        return worker;
    }

    [Fact]
    public async Task Standing_moves_with_the_gateways_clock_across_the_due_day_and_the_year()
    {
        // 15 December 2025 in Bogor, paid up to November: December is due today, not yet owed.
        var clock = BogorClock.NoonOn(new DateOnly(2025, 12, 15));
        await using var gateway = await RunningGateway.StartAsync(clock);
        var worker = Worker(1, "Dedi Kurniawan");
        var participant = Participants.Of(worker);
        participant.LastPaidMonth = "2025-11";
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, [participant]);

        async Task<(MatchOutcome Outcome, string OpenedAt)> SubmitAsync(string batchId)
        {
            using var stream = await SubmitStream.OpenAsync(gateway.Submission, batchId);
            var outcome = (await stream.SendAsync(0, [worker])).Results[0].Outcome;
            return (outcome, (await stream.FinishAsync()).OpenedAt);
        }

        Assert.Equal((MatchOutcome.Active, "2025-12-15T05:00:00.000Z"), await SubmitAsync("on-the-15th"));
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal((MatchOutcome.Grace, "2025-12-16T05:00:00.000Z"), await SubmitAsync("on-the-16th"));
        // 16 March 2026: December to March owed, four months.
        clock.Advance(new DateOnly(2026, 3, 16).ToDateTime(TimeOnly.MinValue) - new DateOnly(2025, 12, 16).ToDateTime(TimeOnly.MinValue));
        Assert.Equal(MatchOutcome.Lapsed, (await SubmitAsync("in-march")).Outcome);
    }

    [Fact]
    public async Task Each_record_gets_the_outcome_the_registry_calls_for()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var active = Worker(1, "Dedi Kurniawan");
        var grace = Worker(2, "Euis Komalasari", Sex.Female);
        var lapsed = Worker(3, "Ujang Suherman");
        var absent = Worker(4, "Rina Marlina", Sex.Female);
        var swapped = Worker(5, "Bambang Hermawan");
        var byNameOnly = Worker(6, "Iis Sumiati", Sex.Female);
        var wrongPerson = Worker(7, "Agus Setiawan");

        var swappedParticipant = Participants.Of(swapped, segment: Segment.Pu);
        var byNameParticipant = Participants.Of(byNameOnly);
        byNameParticipant.Nik = Workers.Nik(60, sex: Sex.Female, region: "320101");
        var otherPerson = Participants.Of(wrongPerson);
        otherPerson.FullName = "SITI NURHALIZA";
        otherPerson.BirthDate = "1970-01-01";
        otherPerson.Sex = Sex.Female;
        var sync = await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot,
        [
            Participants.Of(active, segment: Segment.Pu),
            Participants.Of(grace, monthsOwed: 2),
            Participants.Of(lapsed, ParticipantStatus.Ended, monthsOwed: 8),
            swappedParticipant,
            byNameParticipant,
            otherPerson,
        ]);
        Assert.Equal(6, sync.Inserted);
        Assert.Equal(6, sync.ParticipantCount);
        Assert.Equal(1, sync.RegistryVersion);

        // The agency typed two adjacent NIK digits of the kecamatan the wrong way round (a serial typo
        // with this common a name would go to review: twins).
        var typed = swapped.Nik.ToCharArray();
        (typed[4], typed[5]) = (typed[5], typed[4]);
        swapped.Nik = new string(typed);
        Assert.NotEqual(swappedParticipant.Nik, swapped.Nik);

        var batchId = GatewayFixture.NewBatchId();
        using var stream = await SubmitStream.OpenAsync(gateway.Submission, batchId);
        var results = (await stream.SendAsync(0, [active, grace, lapsed, absent, swapped, byNameOnly, wrongPerson])).Results;

        Assert.Equal(
            [MatchOutcome.Active, MatchOutcome.Grace, MatchOutcome.Lapsed, MatchOutcome.NotRegistered, MatchOutcome.Active,
                MatchOutcome.PossibleMatch, MatchOutcome.PossibleMatch],
            results.Select(r => r.Outcome));
        Assert.Equal([Segment.Pu, Segment.Bpu, Segment.Bpu, Segment.Unspecified, Segment.Pu], results.Take(5).Select(r => r.Segment));
        // The evidence is BPJS's: the agency gets outcomes, BPJS reads the reasons and scores behind them.
        Assert.All(results, r => Assert.Equal((0, 0.0), (r.Reasons.Count, r.Score)));
        var explained = new List<RecordResult>();
        for (var offset = 0; offset < results.Count; offset++)
        {
            explained.Add((await gateway.Registry.ExplainResultAsync(new ExplainResultRequest { Agency = "DINSOS", BatchId = batchId, Offset = offset })
                .ResponseAsync.Within()).Result);
        }
        Assert.Contains(MatchReason.NikExact, explained[0].Reasons);
        Assert.Contains(MatchReason.NameAgrees, explained[0].Reasons);
        Assert.Contains(MatchReason.NikOneEdit, explained[4].Reasons);
        Assert.Contains(MatchReason.NoCandidate, explained[3].Reasons);
        Assert.Contains(MatchReason.NameAgrees, explained[5].Reasons);
        Assert.DoesNotContain(MatchReason.NikExact, explained[5].Reasons);
        Assert.True(explained[0].Score > explained[5].Score);
        Assert.Contains(MatchReason.NikExact, explained[6].Reasons);
        Assert.Contains(MatchReason.NameDisagrees, explained[6].Reasons);

        // Re-reading returns the same outcomes, and the summary counts them.
        Assert.Equal(results, (await stream.SendAsync(0, [active, grace, lapsed, absent, swapped, byNameOnly, wrongPerson])).Results);
        var summary = await stream.FinishAsync();
        Assert.Contains(new OutcomeCount { Outcome = MatchOutcome.PossibleMatch, Count = 2 }, summary.OutcomeCounts);
        Assert.Contains(new OutcomeCount { Outcome = MatchOutcome.Active, Count = 2 }, summary.OutcomeCounts);
    }

    [Fact]
    public async Task Incremental_syncs_report_what_changed_and_matching_follows_them()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var workers = Enumerable.Range(1, 4).Select(i => Worker(i, DistinctNames[i])).ToList();
        var first = await Participants.SyncAsync(gateway.Registry, SyncMode.Incremental, workers.Take(3).Select(w => Participants.Of(w)));
        Assert.Equal((3L, 0L, 0L, 0L, 3L, 1L), (first.Inserted, first.Updated, first.Unchanged, first.Removed, first.ParticipantCount, first.RegistryVersion));

        var ended = Participants.Of(workers[1], ParticipantStatus.Ended, monthsOwed: 12);
        var second = await Participants.SyncAsync(gateway.Registry, SyncMode.Incremental,
            [Participants.Of(workers[0]), ended, Participants.Of(workers[3])], [workers[2].Nik, Workers.Nik(999)]);
        Assert.Equal((1L, 1L, 1L, 1L, 3L, 2L), (second.Inserted, second.Updated, second.Unchanged, second.Removed, second.ParticipantCount, second.RegistryVersion));

        var nothing = await Participants.SyncAsync(gateway.Registry, SyncMode.Incremental, [Participants.Of(workers[0])]);
        Assert.Equal((0L, 1L, 2L), (nothing.Inserted, nothing.Unchanged, nothing.RegistryVersion));

        using var stream = await SubmitStream.OpenAsync(gateway.Submission, GatewayFixture.NewBatchId());
        var results = (await stream.SendAsync(0, workers)).Results;
        Assert.Equal([MatchOutcome.Active, MatchOutcome.Lapsed, MatchOutcome.NotRegistered, MatchOutcome.Active], results.Select(r => r.Outcome));
    }

    [Fact]
    public async Task A_snapshot_replaces_the_registry_atomically_while_submissions_run()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var workers = Enumerable.Range(1, 1000).Select(i => Worker(i, "Asep Saepudin")).ToList();
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, workers.Select(w => Participants.Of(w)));

        // The new registry: every one of them has lapsed.
        var snapshot = gateway.Registry.SyncParticipants(cancellationToken: new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        await snapshot.RequestStream.WriteAsync(new SyncParticipantsRequest { Header = new SyncHeader { Mode = SyncMode.Snapshot } }).Within();
        foreach (var chunk in workers.Select(w => Participants.Of(w, ParticipantStatus.Ended, 9)).Chunk(100))
        {
            await snapshot.RequestStream.WriteAsync(new SyncParticipantsRequest { Chunk = new ParticipantChunk { Upserts = { chunk } } }).Within();
        }

        // Half the snapshot is sent but not complete: submissions still see the old registry.
        using var stream = await SubmitStream.OpenAsync(gateway.Submission, GatewayFixture.NewBatchId());
        var before = await stream.SendAsync(0, workers.Take(100));
        Assert.All(before.Results, r => Assert.Equal(MatchOutcome.Active, r.Outcome));

        // While the snapshot commits, each chunk sees one registry: all ACTIVE or all LAPSED, never a mix.
        var completing = Task.Run(async () =>
        {
            await snapshot.RequestStream.CompleteAsync();
            return await snapshot.ResponseAsync;
        });
        var offset = 100;
        var seen = new List<MatchOutcome>();
        while (offset < 900)
        {
            var results = await stream.SendAsync(offset, workers.Skip(offset).Take(20));
            var outcomes = results.Results.Select(r => r.Outcome).Distinct().ToList();
            Assert.Single(outcomes);
            seen.Add(outcomes[0]);
            offset += 20;
            if (completing.IsCompleted && seen[^1] == MatchOutcome.Lapsed)
            {
                break;
            }
        }
        var summary = await completing.Within();
        Assert.Equal(1000, summary.Updated);
        Assert.Equal(2, summary.RegistryVersion);
        // Once ACTIVE turned to LAPSED it never turned back.
        Assert.Equal(seen.OrderBy(o => o == MatchOutcome.Lapsed ? 1 : 0), seen);

        var after = await stream.SendAsync(offset, workers.Skip(offset).Take(20));
        Assert.All(after.Results, r => Assert.Equal(MatchOutcome.Lapsed, r.Outcome));
    }

    [Fact]
    public async Task A_restarted_gateway_matches_the_same_way()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var workers = Enumerable.Range(1, 3).Select(i => Worker(i, DistinctNames[i])).ToList();
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, [Participants.Of(workers[0]), Participants.Of(workers[1], monthsOwed: 3)]);
        await Participants.SyncAsync(gateway.Registry, SyncMode.Incremental, [Participants.Of(workers[2], ParticipantStatus.Ended, 5)]);
        List<RecordResult> before;
        using (var stream = await SubmitStream.OpenAsync(gateway.Submission, GatewayFixture.NewBatchId()))
        {
            before = [.. (await stream.SendAsync(0, workers)).Results];
        }

        await gateway.RestartAsync();

        using var again = await SubmitStream.OpenAsync(gateway.Submission, GatewayFixture.NewBatchId());
        var after = (await again.SendAsync(0, workers)).Results;
        Assert.Equal([MatchOutcome.Active, MatchOutcome.Grace, MatchOutcome.Lapsed], after.Select(r => r.Outcome));
        Assert.Equal(before, after);
        var noChange = await Participants.SyncAsync(gateway.Registry, SyncMode.Incremental, [Participants.Of(workers[0])]);
        Assert.Equal(2, noChange.RegistryVersion);
    }

    [Fact]
    public async Task A_sync_with_a_bad_participant_is_refused_whole_and_changes_nothing()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var good = Participants.Of(Worker(1, "Dedi Kurniawan"));
        var bad = Participants.Of(Worker(2, "Ujang"));
        bad.LastPaidMonth = "2025/11";
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, [good, bad]));
        RpcAssert.Refused(error, StatusCode.InvalidArgument, "LAST_PAID_MONTH_MALFORMED", "chunk.upserts[1].last_paid_month");

        var removals = await Assert.ThrowsAsync<RpcException>(() =>
            Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, [good], [good.Nik]));
        RpcAssert.Refused(removals, StatusCode.InvalidArgument, "SNAPSHOT_REMOVALS", "chunk.removed_niks");

        using (var call = gateway.Registry.SyncParticipants())
        {
            await call.RequestStream.WriteAsync(new SyncParticipantsRequest { Chunk = new ParticipantChunk { Upserts = { good } } }).Within();
            await call.RequestStream.CompleteAsync().Within();
            var noHeader = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.Within());
            RpcAssert.Refused(noHeader, StatusCode.InvalidArgument, "SYNC_HEADER_REQUIRED", "header");
        }

        using var stream = await SubmitStream.OpenAsync(gateway.Submission, GatewayFixture.NewBatchId());
        Assert.Equal(MatchOutcome.NotRegistered, (await stream.SendAsync(0, [Worker(1, "Dedi Kurniawan")])).Results[0].Outcome);
    }
}
