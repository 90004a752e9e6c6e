using Exchange.Server.Security;
using Exchange.Server.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests;

/// <summary>The ledger outlives the gateway: a restart over the same SQLite file keeps every committed record.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task A_restarted_gateway_keeps_committed_records_and_lets_an_open_batch_resume()
    {
        await using var gateway = await RunningGateway.StartAsync(dataDirectory: null, RunningGateway.OnSqlite);
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

    [Fact]
    public async Task A_gateway_shutting_down_ends_a_waiting_stream_at_once_with_unavailable_and_keeps_what_was_committed()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var batchId = GatewayFixture.NewBatchId();
        // A channel of the test's own: the restart below replaces the gateway's.
        using var channel = GrpcChannel.ForAddress(gateway.Address);
        var client = new SubmissionService.SubmissionServiceClient(channel.Intercept(metadata =>
        {
            metadata.Add(CallerAuthenticator.ApiKeyHeader, TestCallers.AgencyA.ApiKey);
            return metadata;
        }));
        using var stream = await SubmitStream.OpenAsync(client, batchId);
        await stream.SendAsync(0, Workers.ValidMany(100));

        // Stopping waits for in-flight calls up to the host's 30 s shutdown timeout: a stream that is not ended
        // would hold it that long. This one is told at once, well inside that.
        var restart = gateway.RestartAsync();
        var error = await Assert.ThrowsAsync<RpcException>(stream.ReadAsync).Within(TimeSpan.FromSeconds(10));
        await restart.Within(TimeSpan.FromSeconds(20));

        RpcAssert.Refused(error, StatusCode.Unavailable, "DRAINING");
        Assert.Contains("lanjutkan dari offset yang di-commit", error.Status.Detail);
        using var resumed = await SubmitStream.OpenAsync(gateway.Submission, batchId);
        Assert.Equal(100, resumed.Opened.CommittedOffset);
    }
}
