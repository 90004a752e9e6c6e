using Exchange.Server.Tests.Infrastructure;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests.Security;

/// <summary>Agency A tries every call on agency B's batch: it learns nothing, and B's batch is untouched.</summary>
public sealed class AgencyIsolationTests
{
    [Fact]
    public async Task Agency_a_cannot_read_resume_finish_or_list_agency_bs_batches()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var a = new SubmissionService.SubmissionServiceClient(gateway.As(TestCallers.AgencyA));
        var b = new SubmissionService.SubmissionServiceClient(gateway.As(TestCallers.AgencyB));
        using (var stream = await SubmitStream.OpenAsync(b, "b-only"))
        {
            await stream.SendAsync(0, Workers.ValidMany(5));
        }

        // Read: B's batch answers exactly like a batch that does not exist.
        var bs = await Assert.ThrowsAsync<RpcException>(() => a.GetBatchAsync(new GetBatchRequest { BatchId = "b-only" }).ResponseAsync.Within());
        var none = await Assert.ThrowsAsync<RpcException>(() => a.GetBatchAsync(new GetBatchRequest { BatchId = "nothing" }).ResponseAsync.Within());
        Assert.Equal(none.StatusCode, bs.StatusCode);
        Assert.Equal(StatusCode.NotFound, bs.StatusCode);
        Assert.Equal(none.Status.Detail.Replace("nothing", "b-only"), bs.Status.Detail);
        var read = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = a.ReadResults(new ReadResultsRequest { BatchId = "b-only" });
            await call.ResponseStream.ReadAllWithinAsync();
        });
        Assert.Equal(StatusCode.NotFound, read.StatusCode);

        // List: only A's own.
        Assert.Empty((await a.ListBatchesAsync(new ListBatchesRequest()).ResponseAsync.Within()).Batches);

        // Resume and finish: the same id opens A's own, empty batch; B's stays as it was.
        using (var stream = await SubmitStream.OpenAsync(a, "b-only"))
        {
            Assert.False(stream.Opened.Resumed);
            Assert.Equal(0, stream.Opened.CommittedOffset);
            var resent = await stream.SendAsync(0, Workers.ValidMany(1, firstSerial: 900));
            Assert.Equal(1, resent.CommittedOffset);
            var summary = await stream.FinishAsync();
            Assert.Equal(1, summary.RecordCount);
        }
        var bsBatch = (await b.GetBatchAsync(new GetBatchRequest { BatchId = "b-only" }).ResponseAsync.Within()).Batch;
        Assert.Equal(5, bsBatch.RecordCount);
        Assert.Equal(BatchState.Open, bsBatch.State);
        Assert.Equal(["b-only"], (await b.ListBatchesAsync(new ListBatchesRequest()).ResponseAsync.Within()).Batches.Select(x => x.BatchId));
    }
}
