using Xunit.Abstractions;

namespace Exchange.Server.Tests.Faults;

/// <summary>
/// Gateway processes killed and stopped under load: one collection, so two of them never compete for the cores (their
/// timings are part of what they report), while the rest of the suite runs beside them.
/// </summary>
[CollectionDefinition(nameof(KilledGatewayCollection))]
public sealed class KilledGatewayCollection : ICollectionFixture<ServerBuildCopy>, ICollectionFixture<KillReference>;

/// <summary>
/// The kill tests: one submission (<see cref="KillReference.Records"/>; 200,000 for the acceptance run) through real
/// gateway processes that are SIGKILLed 20 times at seeded random moments and started again each time on the same
/// storage, the client resuming from the committed offset. Nothing may be lost, nothing stored twice, every stored result
/// must equal the fault-free run's, and the audit trail must verify.
/// </summary>
[Collection(nameof(KilledGatewayCollection))]
public sealed class KillTests(ServerBuildCopy server, KillReference reference, ITestOutputHelper output)
{
    private const int Kills = 20;

    [Fact]
    public async Task Twenty_sigkills_of_a_sqlite_gateway_during_one_submission_lose_nothing_store_nothing_twice_and_change_no_result()
    {
        var faultFree = reference.FaultFreeAsync(server);
        using var data = new TempDirectory("exchange-kill-sqlite-");
        await using var gateway = new KillableGateway(server, "sqlite", data.Path, KillRun.Settings);
        await gateway.StartAsync();
        await KillRun.SyncRegistryAsync(gateway, reference.Workload);

        await KillRun.RunAsync([gateway], reference.Workload, faultFree, Kills, KillReference.Seed + 1, output);

        Assert.Equal(Kills + 1, gateway.Starts);
    }

    [SkippableFact]
    public async Task Twenty_sigkills_of_a_postgresql_gateway_during_one_submission_lose_nothing_store_nothing_twice_and_change_no_result()
    {
        var postgres = PostgresServer.ForTests(out var notInstalled);
        Skip.If(postgres is null, notInstalled);
        var faultFree = reference.FaultFreeAsync(server);
        var database = await postgres.CreateDatabaseAsync();
        try
        {
            using var data = new TempDirectory("exchange-kill-postgres-");
            await using var gateway = new KillableGateway(server, "postgres", data.Path, [.. KillRun.Settings, OnDatabase(database)]);
            await gateway.StartAsync();
            await KillRun.SyncRegistryAsync(gateway, reference.Workload);

            await KillRun.RunAsync([gateway], reference.Workload, faultFree, Kills, KillReference.Seed + 2, output);

            Assert.Equal(Kills + 1, gateway.Starts);
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }

    /// <summary>
    /// Two replicas on one PostgreSQL database, each with a data directory of its own (as on two hosts): the client
    /// continues at the other replica after each kill while the killed one starts again, and the next kill is the other's.
    /// </summary>
    [SkippableFact]
    public async Task Twenty_sigkills_alternating_between_two_postgresql_replicas_lose_nothing_store_nothing_twice_and_change_no_result()
    {
        var postgres = PostgresServer.ForTests(out var notInstalled);
        Skip.If(postgres is null, notInstalled);
        var faultFree = reference.FaultFreeAsync(server);
        var database = await postgres.CreateDatabaseAsync();
        try
        {
            using var dataA = new TempDirectory("exchange-kill-replica-a-");
            using var dataB = new TempDirectory("exchange-kill-replica-b-");
            await using var a = new KillableGateway(server, "replica-a", dataA.Path, [.. KillRun.Settings, OnDatabase(database)]);
            await using var b = new KillableGateway(server, "replica-b", dataB.Path, [.. KillRun.Settings, OnDatabase(database)]);
            await a.StartAsync();
            await KillRun.SyncRegistryAsync(a, reference.Workload);
            // Started after the sync, it loads the synced registry at start rather than at its next refresh.
            await b.StartAsync();

            await KillRun.RunAsync([a, b], reference.Workload, faultFree, Kills, KillReference.Seed + 3, output);

            Assert.Equal((Kills / 2, Kills / 2), (a.Kills, b.Kills));
            Assert.Equal((Kills / 2 + 1, Kills / 2 + 1), (a.Starts, b.Starts));
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }

    private static string OnDatabase(string connectionString) => $"--Exchange:ConnectionString={connectionString}";
}
