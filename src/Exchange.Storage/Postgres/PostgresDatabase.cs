using System.Globalization;
using Npgsql;

namespace Exchange.Storage.Postgres;

/// <summary>
/// The gateway's PostgreSQL database: the ledger, the registry history and the audit trail, shared by every gateway
/// replica that opens it. Opening brings the schema up to date (<see cref="Migrations"/>), once, whichever replicas start
/// together. Every table is append-only: triggers refuse UPDATE, DELETE and TRUNCATE.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable, IDisposable
{
    /// <summary>The first key of every advisory lock the gateway takes ("EXCH"), so they never meet another application's.</summary>
    internal const int LockSpace = 0x45584348;

    internal const int SchemaLock = 1;
    internal const int AuditLock = 2;
    internal const int RegistryLock = 3;
    internal const int OutcomeLogLock = 4;

    private const string SchemaVersionsTable = """
        CREATE TABLE schema_versions (
            version      INTEGER     PRIMARY KEY,
            description  TEXT        NOT NULL,
            applied_at   TIMESTAMPTZ NOT NULL
        );
        """;

    private readonly NpgsqlDataSource _dataSource;

    private PostgresDatabase(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>The schema's history, oldest first; a database holds version N once migrations 1 to N have run on it.</summary>
    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new(1, "ledger, registry history and audit trail", PostgresSchema.Version1),
        new(2, "chunks count the DECEASED outcome", PostgresSchema.Version2),
        new(3, "the outcome log: the known workers' projected states, in sequence", PostgresSchema.Version3),
    ];

    /// <summary>
    /// Connects to the database <paramref name="connectionString"/> names (it must exist) and runs the migrations it
    /// lacks, each in its own transaction, under an advisory lock: replicas starting together migrate once.
    /// </summary>
    /// <exception cref="DatabaseUnusableException">The database's schema is newer than this gateway's.</exception>
    public static async Task<PostgresDatabase> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await MigrateAsync(connectionString, cancellationToken);
            return new PostgresDatabase(dataSource);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    private static async Task MigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        // Its own unpooled session: closing it ends the session, which releases the lock whatever went wrong.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var lockSchema = Command(connection, "SELECT pg_advisory_lock(@space, @key)"))
        {
            lockSchema.Parameters.Add(Parameter("space", LockSpace));
            lockSchema.Parameters.Add(Parameter("key", SchemaLock));
            await lockSchema.ExecuteNonQueryAsync(cancellationToken);
        }
        // Only what is missing is written: a migrated database opens read-only too (a standby), to serve reads.
        await using (var exists = Command(connection, "SELECT to_regclass('schema_versions') IS NOT NULL"))
        await using (var create = Command(connection, SchemaVersionsTable))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        var applied = new HashSet<int>();
        await using (var read = Command(connection, "SELECT version FROM schema_versions"))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }
        var current = Migrations[^1].Version;
        if (applied.Count > 0 && applied.Max() > current)
        {
            throw new DatabaseUnusableException(string.Create(CultureInfo.InvariantCulture,
                $"the database has schema version {applied.Max()}, newer than this gateway's {current}: run the newer gateway, or restore a backup from before the upgrade"));
        }
        foreach (var migration in Migrations.Where(m => !applied.Contains(m.Version)))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var run = Command(connection, migration.Sql))
            {
                await run.ExecuteNonQueryAsync(cancellationToken);
            }
            // The database's clock: when an operator upgraded is the machine's business, not the gateway's.
            await using (var record = Command(connection,
                             "INSERT INTO schema_versions (version, description, applied_at) VALUES (@version, @description, now())"))
            {
                record.Parameters.Add(Parameter("version", migration.Version));
                record.Parameters.Add(Parameter("description", migration.Description));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
    }

    internal ValueTask<NpgsqlConnection> ConnectAsync(CancellationToken cancellationToken) => _dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>Whether the database answers now.</summary>
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = _dataSource.CreateCommand("SELECT 1 FROM batches WHERE key = -1");
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    internal static NpgsqlCommand Command(NpgsqlConnection connection, string sql) => new(sql, connection);

    internal static NpgsqlParameter<T> Parameter<T>(string name, T value) => new(name, value);

    /// <summary>An instant as timestamptz takes it: UTC (Npgsql refuses other offsets). PostgreSQL keeps microseconds.</summary>
    internal static DateTime Timestamp(DateTimeOffset instant) => instant.UtcDateTime;

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();
}

/// <summary>One step of the schema: what it does and its SQL, run in one transaction.</summary>
public sealed record SchemaMigration(int Version, string Description, string Sql);
