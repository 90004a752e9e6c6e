using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Exchange.Storage.Sqlite;

/// <summary>
/// The gateway's one SQLite file (WAL): the ledger and the registry live side by side, so a restart
/// finds both. Created with its schema on first use; no setup. The file holds personal data, so it
/// and SQLite's companions (-wal, -shm) are readable and writable by the owner only.
/// </summary>
public sealed class SqliteDatabase
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The files SQLite keeps beside the database, each of them as sensitive as the database itself.</summary>
    private static readonly string[] Companions = ["-wal", "-shm", "-journal"];

    private const int BusyMilliseconds = 5000;

    private const int Corrupt = 11;
    private const int NotADatabase = 26;

    private readonly string _connectionString;

    private SqliteDatabase(string connectionString) => _connectionString = connectionString;

    /// <summary>Opens (or creates) the database and brings its schema to this build's version.</summary>
    /// <param name="schemaVersion">Stop at this schema version: for tests that start from an older database.</param>
    /// <exception cref="DatabaseUnusableException">The file is not a database this gateway can use, and why.</exception>
    public static SqliteDatabase Open(string databasePath, int? schemaVersion = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        RestrictToOwner(databasePath);
        var database = new SqliteDatabase(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString());
        try
        {
            using var connection = database.Connect();
            Execute(connection, "PRAGMA journal_mode = WAL;");
            SqliteSchema.Migrate(connection, schemaVersion);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is NotADatabase or Corrupt)
        {
            throw new DatabaseUnusableException(
                $"{databasePath} is not a sound SQLite database ({e.SqliteErrorCode switch { NotADatabase => "not a database", _ => "corrupt" }}): "
                + "restore it, with its -wal file, from a backup; the gateway does not serve from a damaged ledger", e);
        }
        return database;
    }

    /// <summary>
    /// Creates the database file 0600 before SQLite opens it, and narrows an existing one and its companions to 0600:
    /// SQLite creates -wal and -shm with the database file's mode, so they follow it, whatever the umask.
    /// </summary>
    private static void RestrictToOwner(string databasePath)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix modes; Windows has ACLs, inherited from the data directory.
        }
        try
        {
            using (new FileStream(databasePath, new FileStreamOptions
                   {
                       Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly,
                   }))
            {
            }
        }
        catch (IOException) when (File.Exists(databasePath))
        {
            // It exists already (or another process just made it): narrowed below.
        }
        foreach (var path in Companions.Select(suffix => databasePath + suffix).Prepend(databasePath))
        {
            if (File.Exists(path) && File.GetUnixFileMode(path) != OwnerOnly)
            {
                File.SetUnixFileMode(path, OwnerOnly);
            }
        }
    }

    public SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        if (SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
        {
            // Opened while the file took no writes (read-only, immutable): it would stay read-only in the pool after the file
            // is writable again, and reads raise no fault that clears the pool. Closed when done with, not pooled.
            SqliteConnection.ClearPool(connection);
        }
        // Per connection: an acknowledged write must survive a power cut, and references must hold. A writer that finds the
        // lock taken waits in SQLite's own steps of a few milliseconds; the driver's retry, which sleeps 150 ms at a time, is
        // left for a lock held longer than BusyMilliseconds.
        Execute(connection, $"PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {BusyMilliseconds};");
        return connection;
    }

    /// <summary>Whether the database answers now.</summary>
    public bool IsReachable()
    {
        try
        {
            using var connection = Connect();
            using var command = Command(connection, null, "SELECT COUNT(*) FROM batches WHERE key = -1");
            command.ExecuteScalar();
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <summary>
    /// SQL for triggers that make <paramref name="table"/> append-only: updates, deletes and inserts that would
    /// replace a row (INSERT OR REPLACE, REPLACE) are refused with an error. REPLACE deletes the row it conflicts with
    /// without firing delete triggers, so the insert trigger checks the rowid and every unique key
    /// (<paramref name="uniqueKeys"/>, each a comma-separated column list) before that delete can happen.
    /// </summary>
    public static string AppendOnly(string table, params string[] uniqueKeys) => Triggers(table, uniqueKeys, "ABORT, 'the ledger is append-only: a row with this key exists'");

    /// <summary>
    /// <see cref="AppendOnly"/> for a table whose writers insert with ON CONFLICT DO NOTHING: an insert whose key
    /// exists is skipped (the stored row stays, nothing is replaced) rather than refused, as DO NOTHING expects.
    /// </summary>
    public static string AppendOnlyFirstWins(string table, params string[] uniqueKeys) => Triggers(table, uniqueKeys, "IGNORE");

    private static string Triggers(string table, string[] uniqueKeys, string onExistingKey)
    {
        // NEW.rowid is -1 for a rowid SQLite will assign, which no stored row has.
        var exists = string.Join(" OR ", uniqueKeys
            .Select(key => string.Join(" AND ", key.Split(',', StringSplitOptions.TrimEntries).Select(column => $"{column} = NEW.{column}")))
            .Prepend("rowid = NEW.rowid")
            .Select(condition => $"EXISTS (SELECT 1 FROM {table} WHERE {condition})"));
        return $"""
            CREATE TRIGGER IF NOT EXISTS {table}_append_only_update BEFORE UPDATE ON {table}
                BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
            CREATE TRIGGER IF NOT EXISTS {table}_append_only_delete BEFORE DELETE ON {table}
                BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
            CREATE TRIGGER IF NOT EXISTS {table}_append_only_insert BEFORE INSERT ON {table}
                WHEN {exists}
                BEGIN SELECT RAISE({onExistingKey}); END;
            """;
    }

    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, null, sql);
        command.ExecuteNonQuery();
    }

    public static string Timestamp(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
