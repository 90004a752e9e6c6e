using Exchange.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Exchange.Storage.Tests;

/// <summary>What an attacker with write access to the database file can do: drop the append-only triggers and rewrite rows.</summary>
internal static class Tampering
{
    public static void Run(string databasePath, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        SqliteDatabase.Execute(connection, """
            DROP TRIGGER IF EXISTS audit_entries_append_only_update;
            DROP TRIGGER IF EXISTS audit_entries_append_only_delete;
            """ + sql);
    }
}
