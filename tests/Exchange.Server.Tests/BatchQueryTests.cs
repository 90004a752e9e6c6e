using Exchange.Server.Tests.Infrastructure;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests;

/// <summary>GetBatch, ListBatches and ReadResults over a real channel.</summary>
public sealed class BatchQueryTests
{
    [Fact]
    public async Task GetBatch_describes_a_batch_and_refuses_unknown_ids_with_not_found()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var batchId = GatewayFixture.NewBatchId();
        using (var stream = await SubmitStream.OpenAsync(gateway.Submission, batchId, Purpose.ApbdEnrollment))
        {
            var records = Workers.ValidMany(4);
            records[3].Phone = "123";
            await stream.SendAsync(0, records);
        }

        var batch = (await gateway.Submission.GetBatchAsync(new GetBatchRequest { BatchId = batchId })).Batch;
        Assert.Equal(batchId, batch.BatchId);
        Assert.Equal(Purpose.ApbdEnrollment, batch.Purpose);
        Assert.Equal(BatchState.Open, batch.State);
        Assert.Equal(4, batch.RecordCount);
        Assert.Equal(3, batch.AcceptedCount);
        Assert.Equal(1, batch.RejectedCount);
        // The registry is empty: every accepted worker is an enrollment candidate.
        Assert.Equal(new OutcomeCount { Outcome = MatchOutcome.NotRegistered, Count = 3 }, Assert.Single(batch.OutcomeCounts));
        Assert.True(DateTimeOffset.TryParse(batch.OpenedAt, out _));
        Assert.Equal("", batch.FinishedAt);

        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            gateway.Submission.GetBatchAsync(new GetBatchRequest { BatchId = "no-such-batch" }).ResponseAsync.Within());
        RpcAssert.Refused(missing, StatusCode.NotFound, "BATCH_NOT_FOUND", "batch_id");

        var empty = await Assert.ThrowsAsync<RpcException>(() =>
            gateway.Submission.GetBatchAsync(new GetBatchRequest()).ResponseAsync.Within());
        RpcAssert.Refused(empty, StatusCode.InvalidArgument, "BATCH_ID_REQUIRED", "batch_id");
    }

    [Fact]
    public async Task ListBatches_pages_through_the_callers_batches_newest_first()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var id = $"list-{i}";
            ids.Add(id);
            using var stream = await SubmitStream.OpenAsync(gateway.Submission, id);
            await stream.SendAsync(0, Workers.ValidMany(i + 1));
        }

        var seen = new List<BatchSummary>();
        var token = "";
        do
        {
            var page = await gateway.Submission.ListBatchesAsync(new ListBatchesRequest { PageSize = 2, PageToken = token });
            Assert.True(page.Batches.Count <= 2);
            seen.AddRange(page.Batches);
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.Equal(Enumerable.Reverse(ids), seen.Select(b => b.BatchId));
        Assert.Equal([5L, 4, 3, 2, 1], seen.Select(b => b.RecordCount));

        var badToken = await Assert.ThrowsAsync<RpcException>(() =>
            gateway.Submission.ListBatchesAsync(new ListBatchesRequest { PageToken = "not a token" }).ResponseAsync.Within());
        RpcAssert.Refused(badToken, StatusCode.InvalidArgument, "PAGE_TOKEN_INVALID", "page_token");

        var badSize = await Assert.ThrowsAsync<RpcException>(() =>
            gateway.Submission.ListBatchesAsync(new ListBatchesRequest { PageSize = 1000 }).ResponseAsync.Within());
        RpcAssert.Refused(badSize, StatusCode.InvalidArgument, "PAGE_SIZE_INVALID", "page_size");
    }

    [Fact]
    public async Task ReadResults_streams_stored_results_from_an_offset_and_filters_rejections()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var batchId = GatewayFixture.NewBatchId();
        var records = Workers.ValidMany(2500);
        records[1200].Nik = "123";
        records[2400].FullName = "";
        ChunkResults middle;
        using (var stream = await SubmitStream.OpenAsync(gateway.Submission, batchId))
        {
            await stream.SendAsync(0, records.Take(1000));
            middle = await stream.SendAsync(1000, records.Skip(1000).Take(1000));
            await stream.SendAsync(2000, records.Skip(2000));
        }

        var fromMiddle = await ReadAsync(gateway, new ReadResultsRequest { BatchId = batchId, FromOffset = 1500 });
        Assert.Equal(Enumerable.Range(1500, 1000).Select(i => (long)i), fromMiddle.Select(r => r.Offset));

        var rejected = await ReadAsync(gateway, new ReadResultsRequest { BatchId = batchId, RejectedOnly = true });
        Assert.Equal([1200L, 2400], rejected.Select(r => r.Offset));
        // Read back outside a chunk, a field path is relative to the record.
        Assert.Equal("nik", rejected[0].Violations.Single().Field);
        Assert.Equal(middle.Results[200].Violations.Single().Code, rejected[0].Violations.Single().Code);

        var unmatched = await ReadAsync(gateway, new ReadResultsRequest { BatchId = batchId, Outcomes = { MatchOutcome.NotRegistered } });
        Assert.Equal(2498, unmatched.Count);

        var missing = await Assert.ThrowsAsync<RpcException>(() => ReadAsync(gateway, new ReadResultsRequest { BatchId = "nope" }));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    private static async Task<List<RecordResult>> ReadAsync(RunningGateway gateway, ReadResultsRequest request)
    {
        using var call = gateway.Submission.ReadResults(request);
        return (await call.ResponseStream.ReadAllWithinAsync()).SelectMany(r => r.Results).ToList();
    }
}
