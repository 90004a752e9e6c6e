using Exchange.Server.Tests.Infrastructure;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests;

/// <summary>BPJS decides a possible match once; later batches of any agency are answered from the decision, and BPJS sees why.</summary>
public sealed class ReviewReuseTests
{
    // A worker whose NIK is from another region: name, birth date and kelurahan alone make a possible match.
    private static (WorkerRecord Worker, Participant Participant) Pair()
    {
        var worker = Workers.Valid(1);
        worker.FullName = "H. Ujang Suherman";
        var participant = Participants.Of(worker, monthsOwed: 1, segment: Segment.Bpu);
        participant.FullName = "UJANG SUHERMAN";
        participant.Nik = Workers.Nik(88, region: "317101");
        return (worker, participant);
    }

    private static async Task<RecordResult> SubmitOneAsync(SubmissionService.SubmissionServiceClient client, WorkerRecord worker)
    {
        using var stream = await SubmitStream.OpenAsync(client, GatewayFixture.NewBatchId());
        return (await stream.SendAsync(0, [worker])).Results[0];
    }

    private static async Task<ReviewItem> OnlyPendingItemAsync(RunningGateway gateway) =>
        Assert.Single((await gateway.Registry.ListReviewItemsAsync(new ListReviewItemsRequest()).ResponseAsync.Within()).Items);

    [Theory]
    [InlineData(ReviewDecision.SamePerson, MatchOutcome.Grace)]
    [InlineData(ReviewDecision.DifferentPerson, MatchOutcome.NotRegistered)]
    public async Task A_resolved_pair_decides_a_later_batch_of_another_agency_without_a_new_review_item(ReviewDecision decision, MatchOutcome outcome)
    {
        await using var gateway = await RunningGateway.StartAsync();
        var (worker, participant) = Pair();
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, [participant]);
        Assert.Equal(MatchOutcome.PossibleMatch, (await SubmitOneAsync(gateway.Submission, worker)).Outcome);
        var item = await OnlyPendingItemAsync(gateway);
        await gateway.Registry.ResolveReviewItemAsync(new ResolveReviewItemRequest { ReviewId = item.ReviewId, Decision = decision }).ResponseAsync.Within();

        // Another agency sends the same worker, without the title this time; after a restart the decision still holds.
        await gateway.RestartAsync();
        var otherAgency = new SubmissionService.SubmissionServiceClient(gateway.As(TestCallers.AgencyB));
        worker.FullName = "Ujang Suherman";
        var batchId = GatewayFixture.NewBatchId();
        using (var stream = await SubmitStream.OpenAsync(otherAgency, batchId))
        {
            Assert.Equal(outcome, (await stream.SendAsync(0, [worker])).Results[0].Outcome);
        }

        // Why is BPJS's to read: the agency's result carries the outcome only.
        var later = (await gateway.Registry.ExplainResultAsync(new ExplainResultRequest { Agency = "DINKOP", BatchId = batchId, Offset = 0 })
            .ResponseAsync.Within()).Result;
        Assert.Equal(decision == ReviewDecision.SamePerson ? [MatchReason.NameAgrees, MatchReason.BirthDateAgrees, MatchReason.SexAgrees,
                MatchReason.KelurahanAgrees, MatchReason.Reviewed] : [MatchReason.NoCandidate], later.Reasons);
        var all = await gateway.Registry.ListReviewItemsAsync(new ListReviewItemsRequest { IncludeResolved = true }).ResponseAsync.Within();
        Assert.Single(all.Items);
    }

    [Fact]
    public async Task A_registry_change_to_the_participants_name_reopens_the_pair()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var (worker, participant) = Pair();
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, [participant]);
        await SubmitOneAsync(gateway.Submission, worker);
        var item = await OnlyPendingItemAsync(gateway);
        await gateway.Registry.ResolveReviewItemAsync(new ResolveReviewItemRequest { ReviewId = item.ReviewId, Decision = ReviewDecision.DifferentPerson })
            .ResponseAsync.Within();

        participant.FullName = "UJANG SUHERMAN SAPUTRA";
        await Participants.SyncAsync(gateway.Registry, SyncMode.Incremental, [participant]);
        worker.FullName = "Ujang Suherman Saputra";
        var later = await SubmitOneAsync(gateway.Submission, worker);

        Assert.Equal(MatchOutcome.PossibleMatch, later.Outcome);
        Assert.NotEqual(item.ReviewId, (await OnlyPendingItemAsync(gateway)).ReviewId);
    }

    [Fact]
    public async Task Review_items_and_explain_show_bpjs_the_comparison_and_the_rung()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var (worker, participant) = Pair();
        var member = Workers.Valid(2);
        member.FullName = "Dedi Kurniawan";
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, [participant, Participants.Of(member)]);
        var batchId = GatewayFixture.NewBatchId();
        using (var stream = await SubmitStream.OpenAsync(gateway.Submission, batchId))
        {
            await stream.SendAsync(0, [worker, member]);
        }

        var item = await OnlyPendingItemAsync(gateway);
        var explanation = item.Explanation;
        Assert.Equal("NAME_BIRTH_DATE_KELURAHAN", explanation.Rung);
        Assert.Equal(["NIK", "NAME", "BIRTH_DATE", "SEX", "KELURAHAN"], explanation.Fields.Select(f => f.Field));
        Assert.Equal(["DISAGREE", "EXACT", "EXACT", "AGREE", "AGREE"], explanation.Fields.Select(f => f.Level));
        Assert.Equal(item.Score, Math.Round(explanation.Fields.Sum(f => f.Weight), 2));
        Assert.All(explanation.Fields, f => Assert.Equal(Math.Log2(f.M / f.U), f.Weight, 9));
        Assert.InRange(explanation.PosteriorProbability, 0, 1);

        var explained = await gateway.Registry.ExplainResultAsync(new ExplainResultRequest { Agency = "DINSOS", BatchId = batchId, Offset = 1 })
            .ResponseAsync.Within();
        Assert.Equal(member.Nik, explained.Worker.Nik);
        Assert.Equal(MatchOutcome.Active, explained.Result.Outcome);
        Assert.Equal("EXACT_NIK", explained.Explanation.Rung);
        Assert.Equal(member.Nik, explained.Participant.Nik);

        var missing = await Assert.ThrowsAsync<RpcException>(() => gateway.Registry.ExplainResultAsync(
            new ExplainResultRequest { Agency = "DINSOS", BatchId = batchId, Offset = 2 }).ResponseAsync.Within());
        RpcAssert.Refused(missing, StatusCode.NotFound, "RECORD_NOT_FOUND", "offset");
        var otherAgency = await Assert.ThrowsAsync<RpcException>(() => gateway.Registry.ExplainResultAsync(
            new ExplainResultRequest { Agency = "DINKOP", BatchId = batchId, Offset = 0 }).ResponseAsync.Within());
        RpcAssert.Refused(otherAgency, StatusCode.NotFound, "BATCH_NOT_FOUND", "batch_id");
    }

    [Fact]
    public async Task Agencies_get_no_explanation_in_their_results()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var (worker, participant) = Pair();
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, [participant]);

        var result = await SubmitOneAsync(gateway.Submission, worker);

        // The agency's answer has only the fields of RecordResult: nothing names BPJS's participant or the rung.
        Assert.DoesNotContain(participant.Nik, result.ToString());
        Assert.DoesNotContain("NAME_BIRTH_DATE_KELURAHAN", result.ToString());
    }
}
