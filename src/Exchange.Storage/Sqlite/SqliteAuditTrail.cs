using System.Runtime.CompilerServices;
using Exchange.Core.Audit;
using Microsoft.Data.Sqlite;
using static Exchange.Storage.Sqlite.SqliteDatabase;

namespace Exchange.Storage.Sqlite;

/// <summary>
/// The audit trail in the gateway's database: one row per entry, append-only (triggers refuse updates,
/// deletes and replacing inserts), each row chained to the one before by hash. An append is one insert in
/// one transaction; verification streams the table in sequence order.
/// </summary>
public sealed class SqliteAuditTrail(SqliteDatabase database) : IAuditTrail
{
    private const string Columns =
        "SELECT sequence, at, caller, role, method, batch_id, record_count, outcome, detail, previous_hash, hash FROM audit_entries";

    // Appends from this process one at a time; the last entry is cached so an append reads nothing.
    private readonly SemaphoreSlim _appending = new(1, 1);
    private (long Sequence, string Hash)? _head;

    public async Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        var stored = auditEvent.Sanitised();
        await _appending.WaitAsync(cancellationToken);
        try
        {
            using var connection = database.Connect();
            while (true)
            {
                var (last, lastHash) = _head ??= ReadHead(connection);
                var entry = new AuditEntry(last + 1, stored, lastHash, AuditChain.Hash(lastHash, last + 1, stored));
                if (TryInsert(connection, entry))
                {
                    _head = (entry.Sequence, entry.Hash);
                    return entry;
                }
                var current = ReadHead(connection);
                if (current.Sequence < last)
                {
                    // Entries this process wrote or read are gone: appending would number new ones as the removed ones were.
                    throw new InvalidOperationException(
                        $"The audit trail ends at entry {current.Sequence}, but it had entry {last}: entries were removed from its end. " +
                        "Nothing is appended until the trail is restored.");
                }
                // Another gateway on the same file appended first: continue from its entry, never fork.
                _head = current;
            }
        }
        finally
        {
            _appending.Release();
        }
    }

    public async IAsyncEnumerable<AuditEntry> ReadAsync(long afterSequence, int limit,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = database.Connect();
        await using var command = Command(connection, null, Columns + " WHERE sequence > $after ORDER BY sequence LIMIT $limit");
        command.Parameters.AddWithValue("$after", afterSequence);
        command.Parameters.AddWithValue("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadEntry(reader);
        }
    }

    public async Task<AuditEntry?> ReadLastAsync(CancellationToken cancellationToken)
    {
        await using var connection = database.Connect();
        await using var command = Command(connection, null, Columns + " ORDER BY sequence DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadEntry(reader) : null;
    }

    public async IAsyncEnumerable<AuditEntry> FindAsync(string method, string detailPrefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = database.Connect();
        // substr, not LIKE: the prefix is matched as it is, whatever % or _ it holds.
        await using var command = Command(connection, null,
            Columns + " WHERE method = $method AND substr(detail, 1, length($prefix)) = $prefix ORDER BY sequence");
        command.Parameters.AddWithValue("$method", method);
        command.Parameters.AddWithValue("$prefix", detailPrefix);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadEntry(reader);
        }
    }

    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken) => VerifyAsync([], cancellationToken);

    public async Task<AuditVerification> VerifyAsync(IReadOnlyCollection<AuditCheckpoint> checkpoints, CancellationToken cancellationToken)
    {
        await using var connection = database.Connect();
        // One statement reads one snapshot, so appends meanwhile do not disturb the pass.
        await using var command = Command(connection, null, Columns + " ORDER BY sequence");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var verifier = new AuditVerifier(checkpoints);
        while (await reader.ReadAsync(cancellationToken))
        {
            AuditEntry entry;
            try
            {
                entry = ReadEntry(reader);
            }
            // A row rewritten by hand may not even read back (a NULL, a time that is no time).
            catch (Exception e) when (e is FormatException or InvalidCastException or InvalidOperationException)
            {
                return verifier.Unreadable(reader.GetInt64(0), $"it does not read back ({e.Message})");
            }
            if (verifier.Check(entry) is { } broken)
            {
                return broken;
            }
        }
        return verifier.Finish();
    }

    private static (long Sequence, string Hash) ReadHead(SqliteConnection connection)
    {
        using var command = Command(connection, null, "SELECT sequence, hash FROM audit_entries ORDER BY sequence DESC LIMIT 1");
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (0, AuditChain.GenesisHash);
    }

    /// <summary>Inserts <paramref name="entry"/> only if it directly follows the last stored entry.</summary>
    private static bool TryInsert(SqliteConnection connection, AuditEntry entry)
    {
        // BEGIN IMMEDIATE: the check and the insert happen under the write lock.
        using var transaction = connection.BeginTransaction();
        using var insert = Command(connection, transaction, """
            INSERT INTO audit_entries (sequence, at, caller, role, method, batch_id, record_count, outcome, detail, previous_hash, hash)
            SELECT $sequence, $at, $caller, $role, $method, $batch_id, $record_count, $outcome, $detail, $previous_hash, $hash
            WHERE (SELECT COALESCE(MAX(sequence), 0) FROM audit_entries) = $sequence - 1
            """);
        var (e, p) = (entry.Event, insert.Parameters);
        p.AddWithValue("$sequence", entry.Sequence);
        p.AddWithValue("$at", Timestamp(e.At));
        p.AddWithValue("$caller", e.Caller);
        p.AddWithValue("$role", e.Role);
        p.AddWithValue("$method", e.Method);
        p.AddWithValue("$batch_id", (object?)e.BatchId ?? DBNull.Value);
        p.AddWithValue("$record_count", e.RecordCount);
        p.AddWithValue("$outcome", e.Outcome);
        p.AddWithValue("$detail", (object?)e.Detail ?? DBNull.Value);
        p.AddWithValue("$previous_hash", entry.PreviousHash);
        p.AddWithValue("$hash", entry.Hash);
        var inserted = insert.ExecuteNonQuery() == 1;
        transaction.Commit();
        return inserted;
    }

    private static AuditEntry ReadEntry(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        new AuditEvent(
            ParseTimestamp(reader.GetString(1)),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.GetInt64(6),
            reader.GetString(7),
            reader.IsDBNull(8) ? null : reader.GetString(8)),
        reader.GetString(9),
        reader.GetString(10));
}
