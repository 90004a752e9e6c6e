using Exchange.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Exchange.Storage.Tests.Engines;

/// <summary>SQLite: one database file in a temporary directory.</summary>
public sealed class SqliteStorage : TestStorage
{
    private readonly TempDirectory _directory = new("exchange-storage-");

    public string DatabasePath => _directory.File("exchange.db");

    public static Task<TestStorage> CreateAsync() => Task.FromResult<TestStorage>(new SqliteStorage());

    public override Task<Stores> OpenAsync()
    {
        var database = SqliteDatabase.Open(DatabasePath);
        return Task.FromResult(new Stores(new SqliteBatchLedger(database), new SqliteRegistryStore(database), new SqliteAuditTrail(database),
            new SqliteOutcomeLog(database)));
    }

    public override Task ExecuteAsync(string sql)
    {
        using var connection = Connect();
        SqliteDatabase.Execute(connection, sql);
        return Task.CompletedTask;
    }

    public override Task TamperAsync(string sql) => ExecuteAsync("""
        DROP TRIGGER IF EXISTS audit_entries_append_only_update;
        DROP TRIGGER IF EXISTS audit_entries_append_only_delete;
        """ + sql);

    public override string Literal(DateTimeOffset instant) => $"'{SqliteDatabase.Timestamp(instant)}'";

    public override Task<List<string>> DumpAsync(string table)
    {
        using var connection = Connect();
        using var command = SqliteDatabase.Command(connection, null, $"SELECT rowid, * FROM {table} ORDER BY rowid");
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount)
                .Select(i => reader.GetValue(i) is byte[] bytes ? Convert.ToHexString(bytes) : reader.GetValue(i).ToString())));
        }
        return Task.FromResult(rows);
    }

    public override async Task<bool> StoredAuditContainsAsync(string text)
    {
        foreach (var file in Directory.GetFiles(_directory.Path, "exchange.db*"))
        {
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(file);
            }
            catch (FileNotFoundException)
            {
                continue; // A companion SQLite removed since the listing (a journal) holds nothing any more.
            }
            // Latin-1 keeps every byte: the text would show wherever SQLite wrote it, in the file or its WAL.
            if (System.Text.Encoding.Latin1.GetString(bytes).Contains(text, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
