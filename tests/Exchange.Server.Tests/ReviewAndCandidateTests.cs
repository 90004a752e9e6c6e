using Exchange.Server.Tests.Infrastructure;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests;

/// <summary>BPJS reviews possible matches and pulls enrollment candidates, over real channels.</summary>
public sealed class ReviewAndCandidateTests
{
    [Fact]
    public async Task A_resolved_review_changes_what_later_reads_of_the_record_return()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var worker = Workers.Valid(1);
        worker.FullName = "Iis Sumiati";
        worker.Sex = Sex.Female;
        worker.Nik = Workers.Nik(1, sex: Sex.Female);
        var participant = Participants.Of(worker, monthsOwed: 1, segment: Segment.Bpu);
        participant.Nik = Workers.Nik(77, sex: Sex.Female, region: "320101");
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, [participant]);

        var batchId = GatewayFixture.NewBatchId();
        using (var stream = await SubmitStream.OpenAsync(gateway.Submission, batchId))
        {
            var result = (await stream.SendAsync(0, [Workers.Valid(2), worker])).Results[1];
            Assert.Equal(MatchOutcome.PossibleMatch, result.Outcome);
        }

        var page = await gateway.Registry.ListReviewItemsAsync(new ListReviewItemsRequest());
        var item = Assert.Single(page.Items);
        Assert.Equal(batchId, item.BatchId);
        Assert.Equal(1, item.Offset);
        Assert.Equal("DINSOS", item.Agency);
        Assert.Equal(worker.Nik, item.Worker.Nik);
        Assert.Equal(participant.Nik, item.Candidate.Nik);
        Assert.Equal(participant.BirthDate, item.Candidate.BirthDate);
        Assert.Equal(ReviewDecision.Unspecified, item.Decision);

        var resolved = await gateway.Registry.ResolveReviewItemAsync(new ResolveReviewItemRequest
        {
            ReviewId = item.ReviewId,
            Decision = ReviewDecision.SamePerson,
        });
        Assert.Equal(ReviewDecision.SamePerson, resolved.Item.Decision);
        Assert.Equal(MatchOutcome.Grace, resolved.Result.Outcome);
        Assert.Equal(Segment.Bpu, resolved.Result.Segment);
        Assert.Contains(MatchReason.Reviewed, resolved.Result.Reasons);

        // Every later read of the record says so: re-sent offsets, stored results, the batch's counts.
        using (var stream = await SubmitStream.OpenAsync(gateway.Submission, batchId))
        {
            Assert.Equal(MatchOutcome.Grace, (await stream.SendAsync(1, [worker])).Results[0].Outcome);
        }
        using var read = gateway.Submission.ReadResults(new ReadResultsRequest { BatchId = batchId, FromOffset = 1 });
        var stored = (await read.ResponseStream.ReadAllWithinAsync()).SelectMany(r => r.Results).Single();
        Assert.Equal(MatchOutcome.Grace, stored.Outcome);
        var batch = (await gateway.Submission.GetBatchAsync(new GetBatchRequest { BatchId = batchId })).Batch;
        Assert.DoesNotContain(batch.OutcomeCounts, c => c.Outcome == MatchOutcome.PossibleMatch);
        Assert.Contains(new OutcomeCount { Outcome = MatchOutcome.Grace, Count = 1 }, batch.OutcomeCounts);

        // Decided items leave the default list; the same decision again is harmless, another is refused.
        Assert.Empty((await gateway.Registry.ListReviewItemsAsync(new ListReviewItemsRequest())).Items);
        Assert.Single((await gateway.Registry.ListReviewItemsAsync(new ListReviewItemsRequest { IncludeResolved = true })).Items);
        await gateway.Registry.ResolveReviewItemAsync(new ResolveReviewItemRequest { ReviewId = item.ReviewId, Decision = ReviewDecision.SamePerson });
        var change = await Assert.ThrowsAsync<RpcException>(() => gateway.Registry.ResolveReviewItemAsync(new ResolveReviewItemRequest
        {
            ReviewId = item.ReviewId,
            Decision = ReviewDecision.DifferentPerson,
        }).ResponseAsync.Within());
        RpcAssert.Refused(change, StatusCode.FailedPrecondition, "REVIEW_ALREADY_DECIDED", "decision");

        var missing = await Assert.ThrowsAsync<RpcException>(() => gateway.Registry.ResolveReviewItemAsync(new ResolveReviewItemRequest
        {
            ReviewId = "424242",
            Decision = ReviewDecision.DifferentPerson,
        }).ResponseAsync.Within());
        RpcAssert.Refused(missing, StatusCode.NotFound, "REVIEW_NOT_FOUND", "review_id");
    }

    [Fact]
    public async Task A_different_person_decision_makes_the_worker_an_enrollment_candidate()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var worker = Workers.Valid(1);
        worker.FullName = "Ujang Suherman";
        var participant = Participants.Of(worker);
        participant.Nik = Workers.Nik(88, region: "317101");
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, [participant]);
        using (var stream = await SubmitStream.OpenAsync(gateway.Submission, GatewayFixture.NewBatchId()))
        {
            Assert.Equal(MatchOutcome.PossibleMatch, (await stream.SendAsync(0, [worker])).Results[0].Outcome);
        }
        Assert.Empty(await CandidatesAsync(gateway, new StreamEnrollmentCandidatesRequest()));

        var item = Assert.Single((await gateway.Registry.ListReviewItemsAsync(new ListReviewItemsRequest())).Items);
        var resolved = await gateway.Registry.ResolveReviewItemAsync(new ResolveReviewItemRequest
        {
            ReviewId = item.ReviewId,
            Decision = ReviewDecision.DifferentPerson,
        });
        Assert.Equal(MatchOutcome.NotRegistered, resolved.Result.Outcome);

        var candidate = Assert.Single(await CandidatesAsync(gateway, new StreamEnrollmentCandidatesRequest()));
        Assert.Equal(worker.Nik, candidate.Worker.Nik);
        Assert.Equal(MatchOutcome.NotRegistered, candidate.Outcome);
    }

    [Fact]
    public async Task Enrollment_candidates_are_the_unprotected_workers_that_pass_every_filter()
    {
        await using var gateway = await RunningGateway.StartAsync();
        string[] names = ["Dedi Kurniawan", "Ujang Suherman", "Bambang Hermawan", "Agus Setiawan", "Cecep Supriatna", "Yayan Sopian",
            "Endang Rukmana", "Hendra Gunawan"];
        var workers = names.Select((name, i) =>
        {
            var w = Workers.Valid(i + 1);
            w.FullName = name;
            return w;
        }).ToList();
        workers[0].KelurahanCode = "32.71.02.1001";
        workers[1].Occupation = Occupation.Petani;
        workers[2].FundingSource = FundingSource.Self;
        workers[3].ClearWelfareDecile();
        workers[4].WelfareDecile = 7;
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot,
            [Participants.Of(workers[5]), Participants.Of(workers[6], ParticipantStatus.Ended, 10)]);
        using (var stream = await SubmitStream.OpenAsync(gateway.Submission, GatewayFixture.NewBatchId()))
        {
            await stream.SendAsync(0, workers);
        }

        var all = await CandidatesAsync(gateway, new StreamEnrollmentCandidatesRequest());
        Assert.Equal(7, all.Count);
        Assert.DoesNotContain(all, c => c.Worker.Nik == workers[5].Nik);
        Assert.Equal(MatchOutcome.Lapsed, all.Single(c => c.Worker.Nik == workers[6].Nik).Outcome);

        var lapsedOnly = await CandidatesAsync(gateway, new StreamEnrollmentCandidatesRequest { Outcomes = { MatchOutcome.Lapsed } });
        Assert.Equal(workers[6].Nik, Assert.Single(lapsedOnly).Worker.Nik);

        var filtered = await CandidatesAsync(gateway, new StreamEnrollmentCandidatesRequest
        {
            KelurahanCodes = { "3271011001" },
            Occupations = { Occupation.PedagangPasar },
            FundingSources = { FundingSource.Apbd },
            WelfareDeciles = { 1, 2, 3, 4 },
        });
        Assert.Equal([workers[6].Nik, workers[7].Nik], filtered.Select(c => c.Worker.Nik).Order());

        var wrong = await Assert.ThrowsAsync<RpcException>(() =>
            CandidatesAsync(gateway, new StreamEnrollmentCandidatesRequest { Outcomes = { MatchOutcome.Active } }));
        RpcAssert.Refused(wrong, StatusCode.InvalidArgument, "CANDIDATE_OUTCOME_INVALID", "outcomes[0]");
    }

    [Fact]
    public async Task Review_items_page_through_in_the_order_they_were_found()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var workers = Enumerable.Range(1, 5).Select(i => Workers.Valid(i)).ToList();
        // Same name, birth date and kelurahan, other NIKs: each worker is a possible match.
        var participant = Participants.Of(workers[0]);
        participant.Nik = Workers.Nik(500, region: "320101");
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, [participant]);
        using (var stream = await SubmitStream.OpenAsync(gateway.Submission, GatewayFixture.NewBatchId()))
        {
            Assert.All((await stream.SendAsync(0, workers)).Results, r => Assert.Equal(MatchOutcome.PossibleMatch, r.Outcome));
        }

        var offsets = new List<long>();
        var token = "";
        do
        {
            var page = await gateway.Registry.ListReviewItemsAsync(new ListReviewItemsRequest { PageSize = 2, PageToken = token });
            offsets.AddRange(page.Items.Select(i => i.Offset));
            token = page.NextPageToken;
        }
        while (token != "");
        Assert.Equal([0L, 1, 2, 3, 4], offsets);
    }

    private static async Task<List<EnrollmentCandidate>> CandidatesAsync(RunningGateway gateway, StreamEnrollmentCandidatesRequest request)
    {
        using var call = gateway.Registry.StreamEnrollmentCandidates(request);
        return (await call.ResponseStream.ReadAllWithinAsync()).SelectMany(r => r.Candidates).ToList();
    }
}
