using Exchange.Server.Tests.Infrastructure;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests;

/// <summary>The ledger outlives the gateway: a restart over the same SQLite file keeps every committed record.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task A_restarted_gateway_keeps_committed_records_and_lets_an_open_batch_resume()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var batchId = GatewayFixture.NewBatchId();
        var records = Workers.ValidMany(300);
        records[42].Nik = "3271010000000000";
        ChunkResults first;
        using (var stream = await SubmitStream.OpenAsync(gateway.Submission, batchId))
        {
            first = await stream.SendAsync(0, records.Take(100));
            await stream.SendAsync(100, records.Skip(100).Take(100));
        }

        await gateway.RestartAsync();

        using var resumed = await SubmitStream.OpenAsync(gateway.Submission, batchId);
        Assert.True(resumed.Opened.Resumed);
        Assert.Equal(200, resumed.Opened.CommittedOffset);
        Assert.Equal(first.Results, (await resumed.SendAsync(0, records.Take(100))).Results);

        // The duplicate check survives the restart too.
        var rest = await resumed.SendAsync(200, [.. records.Skip(200), Workers.Valid(7)]);
        Assert.Equal("NIK_DUPLICATE_IN_BATCH", rest.Results[^1].Violations.Single().Code);

        var summary = await resumed.FinishAsync(301);
        Assert.Equal(301, summary.RecordCount);
        Assert.Equal(299, summary.AcceptedCount);
        Assert.Equal(2, summary.RejectedCount);
        Assert.True(File.Exists(Path.Combine(gateway.DataDirectory, "exchange.db")));
    }
}
