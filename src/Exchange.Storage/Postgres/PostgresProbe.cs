using Exchange.Core.Faults;

namespace Exchange.Storage.Postgres;

/// <summary>
/// The storage probe's write: one row of its own table, apart from the ledger, rewritten and committed (waiting for the
/// WAL to reach the disk, as a chunk's commit does), so it fails on a full disk, on a read-only standby and on an
/// unreachable server as an append would, and probing touches no append-only table.
/// </summary>
public sealed class PostgresProbe(PostgresDatabase database) : IStorageProbe
{
    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken);
        await using var command = PostgresDatabase.Command(connection,
            "INSERT INTO storage_probe (id, writes) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET writes = storage_probe.writes + 1");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
