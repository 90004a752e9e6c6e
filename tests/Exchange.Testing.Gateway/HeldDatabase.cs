using Microsoft.Data.Sqlite;

namespace Exchange.Testing.Gateway;

/// <summary>
/// A connection of the test's own to a gateway's SQLite database, for a test that looks at the files beside it: while it is
/// open, another test's ClearAllPools cannot close the last connection, which would merge the WAL into the database and
/// remove -wal and -shm. It reads once on opening, because a connection that has not read holds no lock.
/// </summary>
public static class HeldDatabase
{
    public static SqliteConnection Open(string databasePath)
    {
        var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT COUNT(*) FROM sqlite_schema";
        read.ExecuteScalar();
        return connection;
    }
}
