using Exchange.Core.Audit;
using Exchange.Core.Batches;
using Exchange.Core.Coverage;
using Exchange.Core.Faults;
using Exchange.Core.Registry;
using Exchange.Storage.Postgres;
using Exchange.Storage.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Exchange.Server.Hosting;

/// <summary>
/// The storage engine <see cref="GatewayOptions.ConnectionString"/> chooses, and its stores: SQLite in the data
/// directory's exchange.db when it is empty, PostgreSQL (one database shared by every replica) when it is a PostgreSQL
/// connection string.
/// </summary>
public static class StorageRegistration
{
    /// <summary>The key of the engine's own audit trail; the gateway's <see cref="IAuditTrail"/> is the checkpointer in front of it.</summary>
    public const string StoredTrail = "stored";

    private const string Setting = $"{GatewayOptions.Section}:{nameof(GatewayOptions.ConnectionString)}";

    /// <summary>
    /// The ledger, the registry store, the outcome log, the stored audit trail (keyed <see cref="StoredTrail"/>), and the engine's faults and probe.
    /// The database is opened, and its schema brought up to date, when the first of them is resolved.
    /// </summary>
    public static IServiceCollection AddExchangeStorage(this IServiceCollection services, GatewayOptions gateway)
    {
        if (PostgresConnection(gateway) is { } connectionString)
        {
            services.AddSingleton(sp =>
            {
                sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StorageRegistration))
                    .LogInformation("Storage: PostgreSQL database {Database}", Describe(gateway));
                return PostgresDatabase.OpenAsync(connectionString, CancellationToken.None).GetAwaiter().GetResult();
            });
            services.AddSingleton<IBatchLedger, PostgresBatchLedger>();
            services.AddSingleton<IRegistryStore, PostgresRegistryStore>();
            services.AddSingleton<IOutcomeLog, PostgresOutcomeLog>();
            services.AddKeyedSingleton<IAuditTrail>(StoredTrail, (sp, _) => new PostgresAuditTrail(sp.GetRequiredService<PostgresDatabase>()));
            services.AddSingleton<IStorageFaults, PostgresFaults>();
            services.AddSingleton<IStorageProbe, PostgresProbe>();
        }
        else
        {
            services.AddSingleton(sp => SqliteDatabase.Open(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.DatabasePath));
            services.AddSingleton<IBatchLedger, SqliteBatchLedger>();
            services.AddSingleton<IRegistryStore, SqliteRegistryStore>();
            services.AddSingleton<IOutcomeLog, SqliteOutcomeLog>();
            services.AddKeyedSingleton<IAuditTrail>(StoredTrail, (sp, _) => new SqliteAuditTrail(sp.GetRequiredService<SqliteDatabase>()));
            services.AddSingleton<IStorageFaults, SqliteFaults>();
            services.AddSingleton<IStorageProbe, SqliteProbe>();
        }
        return services;
    }

    /// <summary>The connection string when the settings choose PostgreSQL, null for SQLite; refuses a setting that is neither.</summary>
    public static string? PostgresConnection(GatewayOptions gateway)
    {
        if (string.IsNullOrWhiteSpace(gateway.ConnectionString))
        {
            return null;
        }
        string? host;
        try
        {
            host = new NpgsqlConnectionStringBuilder(gateway.ConnectionString).Host;
        }
        catch (ArgumentException e)
        {
            throw new GatewayStartRefusedException($"{Setting} is not a PostgreSQL connection string ({e.Message}): "
                + "write it as Host=...;Database=...;Username=..., or leave it empty for SQLite in the data directory.");
        }
        return string.IsNullOrWhiteSpace(host)
            ? throw new GatewayStartRefusedException($"{Setting} names no Host: write it as Host=...;Database=...;Username=..., "
                + "or leave it empty for SQLite in the data directory.")
            : gateway.ConnectionString;
    }

    /// <summary>What an operator can do about a database that cannot be used now, in the engine's terms.</summary>
    public static string Remedy(GatewayOptions gateway) => PostgresConnection(gateway) is null
        ? "free disk space or make the file and its directory writable"
        : "check that the PostgreSQL server is up and reachable from here, has disk space, and lets this user write";

    /// <summary>The database in words for messages and logs: the SQLite file, or the PostgreSQL database and server (never a password).</summary>
    public static string Describe(GatewayOptions gateway)
    {
        if (PostgresConnection(gateway) is not { } connectionString)
        {
            return gateway.DatabasePath;
        }
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{settings.Database ?? settings.Username} on {settings.Host}:{settings.Port}";
    }
}
