using Exchange.Core.Faults;
using Microsoft.Data.Sqlite;

namespace Exchange.Storage.Sqlite;

/// <summary>
/// The storage probe's write: one row of its own table, apart from the ledger, updated in place and committed, so it
/// fails on a full disk and on a read-only file as a chunk's commit does, and probing neither grows the file nor
/// touches an append-only table.
/// </summary>
public sealed class SqliteProbe(SqliteDatabase database) : IStorageProbe
{
    private const string ProbeSql =
        "INSERT INTO storage_probe (id, writes) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET writes = writes + 1";

    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        await using var connection = database.Connect();
        // Committed, on a connection with synchronous = FULL: the write has to reach the disk, as a chunk's does.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = SqliteDatabase.Command(connection, transaction, ProbeSql);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
