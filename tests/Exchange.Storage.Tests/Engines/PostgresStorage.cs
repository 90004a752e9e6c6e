using System.Globalization;
using Exchange.Storage.Postgres;
using Npgsql;

namespace Exchange.Storage.Tests.Engines;

/// <summary>
/// PostgreSQL: a fresh database on the test process's <see cref="PostgresServer"/>, dropped after the test. Without
/// PostgreSQL installed the test is skipped (it fails instead where CI is set).
/// </summary>
public sealed class PostgresStorage : TestStorage
{
    private readonly PostgresServer _server;
    private readonly List<PostgresDatabase> _opened = [];

    private PostgresStorage(PostgresServer server, string connectionString)
    {
        _server = server;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <summary>A fresh database, or a skip when PostgreSQL is not installed.</summary>
    public static async Task<TestStorage> CreateAsync() => await CreateDatabaseAsync();

    public static async Task<PostgresStorage> CreateDatabaseAsync()
    {
        var server = PostgresServer.ForTests(out var skipReason);
        Skip.If(server is null, skipReason);
        return new PostgresStorage(server!, await server!.CreateDatabaseAsync());
    }

    public override async Task<Stores> OpenAsync()
    {
        var database = await PostgresDatabase.OpenAsync(ConnectionString, default);
        _opened.Add(database);
        return new Stores(new PostgresBatchLedger(database), new PostgresRegistryStore(database), new PostgresAuditTrail(database),
            new PostgresOutcomeLog(database));
    }

    public override async Task ExecuteAsync(string sql)
    {
        await using var connection = await ConnectAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A connection of its own to the test's database, outside any pool.</summary>
    public async Task<NpgsqlConnection> ConnectAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public override Task TamperAsync(string sql) => ExecuteAsync("ALTER TABLE audit_entries DISABLE TRIGGER USER;\n" + sql);

    public override string Literal(DateTimeOffset instant) =>
        $"'{instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}+00'";

    public override async Task<List<string>> DumpAsync(string table)
    {
        await using var connection = await ConnectAsync();
        await using var command = new NpgsqlCommand($"SELECT t::text FROM {table} t ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }

    public override async Task<bool> StoredAuditContainsAsync(string text)
    {
        await using var connection = await ConnectAsync();
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM audit_entries t WHERE strpos(t::text, @text) > 0)", connection);
        command.Parameters.AddWithValue("text", text);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var database in _opened)
        {
            await database.DisposeAsync();
        }
        await _server.DropDatabaseAsync(ConnectionString);
    }
}
