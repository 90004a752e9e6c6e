using System.Net;
using System.Net.Sockets;
using Exchange.Storage.Postgres;
using Exchange.Storage.Tests.Engines;
using Npgsql;

namespace Exchange.Storage.Tests;

/// <summary>Which PostgreSQL errors mean "the database cannot now" (UNAVAILABLE, retry) and which mean something else.</summary>
public sealed class PostgresFaultsTests
{
    private readonly PostgresFaults _faults = new();

    [Theory]
    [InlineData("53100", "the database's disk is full")]
    [InlineData("53200", "the database is out of memory")]
    [InlineData("53300", "the database has no connection to spare")]
    [InlineData("53400", "the database lacks resources")]
    [InlineData("08006", "the connection to the database failed")]
    [InlineData("08001", "the connection to the database failed")]
    [InlineData("57P01", "the database is shutting down or not accepting connections")]
    [InlineData("57P03", "the database is shutting down or not accepting connections")]
    [InlineData("25006", "the database is read-only")]
    [InlineData("40001", "the database could not serialise the transaction")]
    [InlineData("40P01", "the database broke a deadlock")]
    public void A_server_error_that_means_not_now_is_a_fault_with_its_reason(string sqlState, string reason)
    {
        var error = new PostgresException("message", "ERROR", "ERROR", sqlState);

        Assert.True(_faults.IsFault(error, out var said));
        Assert.Equal(reason, said);
        // However it arrives: wrapped, or among several.
        Assert.True(_faults.IsFault(new InvalidOperationException("outer", error), out _));
        Assert.True(_faults.IsFault(new AggregateException(new TimeoutException(), error), out _));
    }

    [Theory]
    [InlineData("23505")] // a unique key: another writer was first
    [InlineData("23503")]
    [InlineData("P0001")] // the append-only triggers
    [InlineData("42601")]
    [InlineData("57014")] // cancelled: the caller gave up, the database did not fail
    public void A_server_error_that_is_no_fault_of_the_database_is_not_one(string sqlState)
    {
        Assert.False(_faults.IsFault(new PostgresException("message", "ERROR", "ERROR", sqlState), out var reason));
        Assert.Equal("", reason);
        Assert.False(_faults.IsFault(new InvalidOperationException("a bug"), out _));
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_a_fault()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=nobody;Timeout=5;Pooling=false");

        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());

        Assert.True(_faults.IsFault(error, out var reason));
        Assert.Equal("the database cannot be reached", reason);
    }

    [SkippableFact]
    public async Task A_read_only_database_still_opens_and_its_writes_are_faults_while_a_refused_update_is_not()
    {
        await using var storage = await PostgresStorage.CreateDatabaseAsync();
        await (await storage.OpenAsync()).Trail.AppendAsync(new Exchange.Core.Audit.AuditEvent(BogorClock.DefaultStart, "dinsos", "Agency", "/m", null, 1, "OK", null), default);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => storage.ExecuteAsync("UPDATE audit_entries SET caller = 'x'"));
        // As a standby is: every session from now on read-only.
        var database = new NpgsqlConnectionStringBuilder(storage.ConnectionString).Database;
        await storage.ExecuteAsync($"ALTER DATABASE {database} SET default_transaction_read_only = on");

        var stores = await storage.OpenAsync();
        Assert.Empty(await stores.Ledger.ListAsync("DINKOP", null, 10, default));
        var readOnly = await Assert.ThrowsAsync<PostgresException>(() =>
            stores.Ledger.OpenAsync("DINKOP", "b1", Jamsostek.Exchange.V1.Purpose.CoverageMatching, BogorClock.DefaultStart, default));

        Assert.False(_faults.IsFault(refused, out _));
        Assert.True(_faults.IsFault(readOnly, out var reason));
        Assert.Equal("the database is read-only", reason);
        Assert.Equal(0, await stores.Outcomes.LastSequenceAsync(default));
        var outcome = await Assert.ThrowsAsync<PostgresException>(() =>
            stores.Outcomes.AppendAsync([new Exchange.Core.Coverage.OutcomeLogEntry(0, 3271011705880001, new DateOnly(2026, 11, 30), [1])], default));
        Assert.True(_faults.IsFault(outcome, out reason));
        Assert.Equal("the database is read-only", reason);
    }
}
