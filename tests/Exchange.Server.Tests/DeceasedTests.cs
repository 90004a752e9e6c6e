using Exchange.Server.Tests.Infrastructure;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests;

/// <summary>A participant BPJS syncs as DECEASED, over real channels: their own outcome, never an enrollment candidate.</summary>
public sealed class DeceasedTests
{
    private static WorkerRecord Worker(int serial, string name, Sex sex = Sex.Male)
    {
        var worker = Workers.Valid(serial, sex);
        worker.FullName = name;
        return worker;
    }

    [Fact]
    public async Task A_deceased_participant_is_answered_DECEASED_counted_apart_and_never_a_candidate()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var deceased = Worker(1, "Dedi Kurniawan");
        var lapsed = Worker(2, "Ujang Suherman");
        var active = Worker(3, "Agus Setiawan");
        var absent = Worker(4, "Bambang Hermawan");
        // Paid up this month, yet deceased: the status decides, not the payments.
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot,
            [Participants.Of(deceased, ParticipantStatus.Deceased), Participants.Of(lapsed, ParticipantStatus.Ended), Participants.Of(active)]);

        var batchId = GatewayFixture.NewBatchId();
        BatchSummary summary;
        using (var stream = await SubmitStream.OpenAsync(gateway.Submission, batchId))
        {
            var results = (await stream.SendAsync(0, [deceased, lapsed, active, absent])).Results;
            Assert.Equal([MatchOutcome.Deceased, MatchOutcome.Lapsed, MatchOutcome.Active, MatchOutcome.NotRegistered], results.Select(r => r.Outcome));
            // Seen like LAPSED: the outcome, and the segment where the purpose allows it.
            Assert.Equal((Segment.Bpu, Segment.Bpu), (results[0].Segment, results[1].Segment));
            summary = await stream.FinishAsync();
        }
        Assert.Contains(new OutcomeCount { Outcome = MatchOutcome.Deceased, Count = 1 }, summary.OutcomeCounts);
        var batch = (await gateway.Submission.GetBatchAsync(new GetBatchRequest { BatchId = batchId })).Batch;
        Assert.Contains(new OutcomeCount { Outcome = MatchOutcome.Deceased, Count = 1 }, batch.OutcomeCounts);
        using (var read = gateway.Submission.ReadResults(new ReadResultsRequest { BatchId = batchId, Outcomes = { MatchOutcome.Deceased } }))
        {
            Assert.Equal([0L], (await read.ResponseStream.ReadAllWithinAsync()).SelectMany(r => r.Results).Select(r => r.Offset));
        }

        var candidates = await CandidatesAsync(gateway, new StreamEnrollmentCandidatesRequest());
        Assert.Equal([lapsed.Nik, absent.Nik], candidates.Select(c => c.Worker.Nik).Order());
        var asked = await Assert.ThrowsAsync<RpcException>(() =>
            CandidatesAsync(gateway, new StreamEnrollmentCandidatesRequest { Outcomes = { MatchOutcome.Deceased } }));
        RpcAssert.Refused(asked, StatusCode.InvalidArgument, "CANDIDATE_OUTCOME_INVALID", "outcomes[0]");

        // Not covered, its own count in the coverage report, and out of the denominator: 1 protected of 3 living.
        var report = await new ReportService.ReportServiceClient(gateway.As(TestCallers.Bpjs)).GetCoverageReportAsync(new GetCoverageReportRequest());
        Assert.Equal(4, report.Total.WorkerCount);
        Assert.Contains(new CoverageOutcomeCount { Outcome = MatchOutcome.Deceased, Count = 1 }, report.Total.OutcomeCounts);
        Assert.Equal(1 / 3.0, report.Total.CoverageRatio, 12);
    }

    [Fact]
    public async Task A_possible_match_BPJS_decides_is_a_deceased_participant_becomes_DECEASED()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var worker = Worker(1, "Iis Sumiati", Sex.Female);
        worker.Nik = Workers.Nik(1, sex: Sex.Female);
        // Same name, birth date and kelurahan under a NIK from elsewhere: a possible match only.
        var participant = Participants.Of(worker, ParticipantStatus.Deceased);
        participant.Nik = Workers.Nik(77, sex: Sex.Female, region: "320101");
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, [participant]);
        using (var stream = await SubmitStream.OpenAsync(gateway.Submission, GatewayFixture.NewBatchId()))
        {
            Assert.Equal(MatchOutcome.PossibleMatch, (await stream.SendAsync(0, [worker])).Results[0].Outcome);
        }

        var item = Assert.Single((await gateway.Registry.ListReviewItemsAsync(new ListReviewItemsRequest())).Items);
        Assert.Equal(ParticipantStatus.Deceased, item.Candidate.Status);
        var resolved = await gateway.Registry.ResolveReviewItemAsync(new ResolveReviewItemRequest
        {
            ReviewId = item.ReviewId,
            Decision = ReviewDecision.SamePerson,
        });

        Assert.Equal(MatchOutcome.Deceased, resolved.Result.Outcome);
        Assert.Empty(await CandidatesAsync(gateway, new StreamEnrollmentCandidatesRequest()));
    }

    private static async Task<List<EnrollmentCandidate>> CandidatesAsync(RunningGateway gateway, StreamEnrollmentCandidatesRequest request)
    {
        using var call = gateway.Registry.StreamEnrollmentCandidates(request);
        return (await call.ResponseStream.ReadAllWithinAsync()).SelectMany(r => r.Candidates).ToList();
    }
}
