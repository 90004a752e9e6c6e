using Exchange.Server.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Health.V1;
using Jamsostek.Exchange.V1;
using Npgsql;

namespace Exchange.Server.Tests;

/// <summary>
/// A real fault of PostgreSQL on a running gateway: its database turned read-only (the setting a failover to a standby,
/// or an operator, leaves), every connection to it cut. Writes answer UNAVAILABLE with the committed offset, health
/// NOT_SERVING; once it takes writes again the same gateway serves and the batch resumes, without a restart.
/// </summary>
public sealed class PostgresFaultTests : IAsyncLifetime
{
    private string? _database;
    private RunningGateway? _gateway;

    private RunningGateway Gateway => _gateway!;

    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.ForTests(out var notInstalled);
        Skip.If(postgres is null, notInstalled);
        _database = await postgres.CreateDatabaseAsync();
        _gateway = await RunningGateway.StartAsync(dataDirectory: null, $"--Exchange:ConnectionString={_database}", "--Exchange:StorageProbeSeconds=1");
    }

    /// <summary>Makes the database read-only, or writable again, for every connection from now on, and cuts the ones open.</summary>
    private async Task ReadOnlyAsync(bool readOnly)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_database) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var name = connection.Database;
        // This connection opens read-only too once the database is: it writes the setting back for itself first.
        await using (var writable = new NpgsqlCommand("SET default_transaction_read_only = off", connection))
        {
            await writable.ExecuteNonQueryAsync();
        }
        await using var alter = new NpgsqlCommand(
            $"ALTER DATABASE {name} {(readOnly ? "SET default_transaction_read_only = on" : "RESET default_transaction_read_only")}", connection);
        await alter.ExecuteNonQueryAsync();
        await using var cut = new NpgsqlCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()", connection);
        cut.Parameters.AddWithValue("name", name);
        await cut.ExecuteNonQueryAsync();
    }

    private async Task<HealthCheckResponse.Types.ServingStatus> HealthAsync() =>
        (await new Health.HealthClient(Gateway.Channel).CheckAsync(new HealthCheckRequest()).ResponseAsync.Within()).Status;

    [SkippableFact]
    public async Task A_read_only_postgresql_database_answers_unavailable_and_not_serving_then_recovers_without_a_restart()
    {
        var batchId = GatewayFixture.NewBatchId();
        var records = Workers.ValidMany(6);
        using (var stream = await SubmitStream.OpenAsync(Gateway.Submission, batchId))
        {
            await stream.SendAsync(0, records.Take(3));
            await ReadOnlyAsync(true);

            var error = await stream.ExpectErrorAsync(new SubmitRequest { Chunk = new RecordChunk { FirstOffset = 3, Records = { records.Skip(3) } } });

            RpcAssert.Refused(error, StatusCode.Unavailable, "STORAGE_UNAVAILABLE");
            Assert.Equal("3", RpcAssert.ErrorInfo(error).Metadata["committed_offset"]);
            Assert.NotNull(error.GetRpcStatus()!.GetDetail<Google.Rpc.RetryInfo>());
        }
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await HealthAsync());

        await ReadOnlyAsync(false);
        // A probe every second: the first may still meet a connection the cut closed, a later one writes.
        async Task ServingAsync()
        {
            while (await HealthAsync() != HealthCheckResponse.Types.ServingStatus.Serving)
            {
                Gateway.Clock.Advance(TimeSpan.FromSeconds(1));
                await Task.Yield();
            }
        }
        await ServingAsync().Within();

        using var resumed = await SubmitStream.OpenAsync(Gateway.Submission, batchId);
        Assert.Equal(3, resumed.Opened.CommittedOffset);
        Assert.All((await resumed.SendAsync(3, records.Skip(3))).Results, result => Assert.Equal(RecordStatus.Accepted, result.Status));
        Assert.Equal(6, (await resumed.FinishAsync(6)).AcceptedCount);
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
        if (_database is not null)
        {
            await PostgresServer.Shared.DropDatabaseAsync(_database);
        }
    }
}
