using Exchange.Server.Tests.Infrastructure;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests.Security;

/// <summary>
/// A data subject's access report (UU PDP Art. 31-32): for one NIK, every record of it any agency sent, when, under which
/// purpose, what was answered, and BPJS's review with who decided; for admins only, and audited without the NIK.
/// </summary>
public sealed class DataSubjectReportTests
{
    [Fact]
    public async Task Two_agencies_send_one_person_and_bpjs_decides_and_the_admins_report_lists_every_record_with_purpose_answer_and_decision()
    {
        var logs = new CapturedLogs();
        await using var gateway = await RunningGateway.StartAsync(null, logs, null);
        // Name, birth date and kelurahan agree with a participant whose NIK is another: a possible match for BPJS to review.
        var worker = Workers.Valid(1);
        worker.FullName = "H. Ujang Suherman";
        var participant = Participants.Of(worker, monthsOwed: 1);
        participant.FullName = "UJANG SUHERMAN";
        participant.Nik = Workers.Nik(88, region: "317101");
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, [participant]);

        var dinsos = gateway.Submission;
        Assert.Equal(MatchOutcome.PossibleMatch, (await SubmitAsync(dinsos, "dinsos-apbd", Purpose.ApbdEnrollment, worker)).Outcome);
        var item = Assert.Single((await gateway.Registry.ListReviewItemsAsync(new ListReviewItemsRequest()).ResponseAsync.Within()).Items);
        gateway.Clock.Advance(TimeSpan.FromHours(2));
        await gateway.Registry.ResolveReviewItemAsync(new ResolveReviewItemRequest { ReviewId = item.ReviewId, Decision = ReviewDecision.SamePerson })
            .ResponseAsync.Within();
        var dinkop = new SubmissionService.SubmissionServiceClient(gateway.As(TestCallers.AgencyB));
        Assert.Equal(MatchOutcome.Grace, (await SubmitAsync(dinkop, "dinkop-coverage", Purpose.CoverageMatching, worker)).Outcome);
        var mistyped = worker.Clone();
        mistyped.Phone = "12";
        Assert.Equal(RecordStatus.Rejected, (await SubmitAsync(dinsos, "dinsos-again", Purpose.CoverageMatching, mistyped)).Status);
        await SubmitAsync(dinsos, "someone-else", Purpose.CoverageMatching, Workers.Valid(2));

        var admin = new AuditService.AuditServiceClient(gateway.As(TestCallers.Admin));
        var report = await admin.GetDataSubjectReportAsync(new GetDataSubjectReportRequest { Nik = worker.Nik }).ResponseAsync.Within();

        Assert.Equal("3271**********01", report.MaskedNik);
        Assert.Equal([("DINSOS", "dinsos-apbd"), ("DINKOP", "dinkop-coverage"), ("DINSOS", "dinsos-again")],
            report.Processings.Select(p => (p.Agency, p.BatchId)));
        var (apbd, coverage, rejected) = (report.Processings[0], report.Processings[1], report.Processings[2]);
        Assert.All(report.Processings, p => Assert.Equal(worker.Nik, p.Worker.Nik));

        // DINSOS was answered POSSIBLE_MATCH, as the APBD purpose allows (the outcome alone); BPJS made it GRACE two hours later.
        Assert.Equal((Purpose.ApbdEnrollment, RecordStatus.Accepted, MatchOutcome.PossibleMatch, Segment.Unspecified, MatchOutcome.Grace),
            (apbd.Purpose, apbd.Answered.Status, apbd.Answered.Outcome, apbd.Answered.Segment, apbd.CurrentOutcome));
        Assert.Equal((item.ReviewId, ReviewDecision.SamePerson, "bpjs"), (apbd.Review.ReviewId, apbd.Review.Decision, apbd.Review.DecidedBy));
        Assert.Equal("2025-06-20T05:00:00.0000000Z", apbd.ReceivedAt);
        Assert.Equal("2025-06-20T07:00:00.0000000Z", apbd.Review.DecidedAt);
        // DINKOP was answered from BPJS's decision, with the segment, as coverage matching allows.
        Assert.Equal((Purpose.CoverageMatching, MatchOutcome.Grace, Segment.Bpu, MatchOutcome.Grace),
            (coverage.Purpose, coverage.Answered.Outcome, coverage.Answered.Segment, coverage.CurrentOutcome));
        Assert.Null(coverage.Review);
        Assert.Equal(RecordStatus.Rejected, rejected.Answered.Status);
        Assert.Contains(rejected.Answered.Violations, v => v.Code == "PHONE_INVALID");

        // The report is itself a processing: audited, with the NIK masked, and the NIK in clear in no entry and no log line.
        var entries = (await admin.ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 1000 }).ResponseAsync.Within()).Entries;
        var audited = Assert.Single(entries, e => e.Method.EndsWith("/GetDataSubjectReport", StringComparison.Ordinal));
        Assert.Equal(("admin", "OK", 3L, "data subject 3271**********01: 3 records"), (audited.Caller, audited.Outcome, audited.RecordCount, audited.Detail));
        Assert.Contains(entries, e => e.Method.EndsWith("/ResolveReviewItem", StringComparison.Ordinal) && e.Detail == $"review {item.ReviewId}: SamePerson");
        Assert.DoesNotContain(entries, e => e.ToString().Contains(worker.Nik, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(worker.Nik, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_admins_may_ask_and_the_nik_must_be_16_digits()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var request = new GetDataSubjectReportRequest { Nik = Workers.Nik(1) };

        foreach (var caller in new[] { TestCallers.AgencyA, TestCallers.Bpjs, TestCallers.Observer })
        {
            var denied = await Assert.ThrowsAsync<RpcException>(() =>
                new AuditService.AuditServiceClient(gateway.As(caller)).GetDataSubjectReportAsync(request).ResponseAsync.Within());
            RpcAssert.Refused(denied, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
        }
        var admin = new AuditService.AuditServiceClient(gateway.As(TestCallers.Admin));
        Assert.Empty((await admin.GetDataSubjectReportAsync(request).ResponseAsync.Within()).Processings);
        var malformed = await Assert.ThrowsAsync<RpcException>(() =>
            admin.GetDataSubjectReportAsync(new GetDataSubjectReportRequest { Nik = "3271%" }).ResponseAsync.Within());
        RpcAssert.Refused(malformed, StatusCode.InvalidArgument, "NIK_MALFORMED", "nik");
    }

    private static async Task<RecordResult> SubmitAsync(SubmissionService.SubmissionServiceClient client, string batchId, Purpose purpose, WorkerRecord worker)
    {
        using var stream = await SubmitStream.OpenAsync(client, batchId, purpose);
        return (await stream.SendAsync(0, [worker])).Results[0];
    }
}
