using System.Runtime.CompilerServices;
using System.Text;
using Exchange.Core.Audit;
using Npgsql;
using static Exchange.Storage.Postgres.PostgresDatabase;

namespace Exchange.Storage.Postgres;

/// <summary>
/// The audit trail in PostgreSQL: one row per entry, append-only (triggers refuse updates, deletes and truncation), each
/// row chained to the one before by hash. Appends from every replica take one advisory lock inside their transaction,
/// so the chain stays one line; verification streams the table in sequence order.
/// </summary>
public sealed class PostgresAuditTrail(PostgresDatabase database) : IAuditTrail
{
    private const string Columns =
        "SELECT sequence, at, caller, role, method, batch_id, record_count, outcome, detail, previous_hash, hash FROM audit_entries";

    // Appends from this process wait here rather than each holding a connection while it waits for the lock.
    private readonly SemaphoreSlim _appending = new(1, 1);
    private long _appended;

    public async Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        var stored = Storable(auditEvent.Sanitised());
        await _appending.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.ConnectAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var (last, lastHash) = await LockAndReadHeadAsync(connection, cancellationToken);
            if (last < _appended)
            {
                // Entries this process wrote are gone: appending would number new ones as the removed ones were.
                throw new InvalidOperationException(
                    $"The audit trail ends at entry {last}, but it had entry {_appended}: entries were removed from its end. " +
                    "Nothing is appended until the trail is restored.");
            }
            var entry = new AuditEntry(last + 1, stored, lastHash, AuditChain.Hash(lastHash, last + 1, stored));
            await InsertAsync(connection, entry, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            _appended = entry.Sequence;
            return entry;
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
        await using var connection = await database.ConnectAsync(cancellationToken);
        await using var command = Command(connection, Columns + " WHERE sequence > @after ORDER BY sequence LIMIT @limit");
        command.Parameters.Add(Parameter("after", afterSequence));
        command.Parameters.Add(Parameter("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadEntry(reader);
        }
    }

    public async Task<AuditEntry?> ReadLastAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken);
        await using var command = Command(connection, Columns + " ORDER BY sequence DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadEntry(reader) : null;
    }

    public async IAsyncEnumerable<AuditEntry> FindAsync(string method, string detailPrefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken);
        // starts_with, not LIKE: the prefix is matched as it is, whatever % or _ it holds.
        await using var command = Command(connection, Columns + " WHERE method = @method AND starts_with(detail, @prefix) ORDER BY sequence");
        command.Parameters.Add(Parameter("method", method));
        command.Parameters.Add(Parameter("prefix", detailPrefix));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadEntry(reader);
        }
    }

    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken) => VerifyAsync([], cancellationToken);

    public async Task<AuditVerification> VerifyAsync(IReadOnlyCollection<AuditCheckpoint> checkpoints, CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken);
        // One statement reads one snapshot, streamed, so appends meanwhile do not disturb the pass.
        await using var command = Command(connection, Columns + " ORDER BY sequence");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var verifier = new AuditVerifier(checkpoints);
        while (await reader.ReadAsync(cancellationToken))
        {
            AuditEntry entry;
            try
            {
                entry = ReadEntry(reader);
            }
            // A row rewritten by hand may not even read back (a NULL where the schema had none).
            catch (Exception e) when (e is InvalidCastException or InvalidOperationException)
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

    /// <summary>
    /// The event as PostgreSQL stores it, so that it is hashed as it will read back: timestamptz keeps microseconds, and
    /// text holds neither U+0000 nor a lone surrogate (a caller may send either), both kept as U+FFFD.
    /// </summary>
    private static AuditEvent Storable(AuditEvent e) => e with
    {
        At = e.At.AddTicks(-(e.At.UtcTicks % TimeSpan.TicksPerMicrosecond)),
        Caller = Text(e.Caller),
        Role = Text(e.Role),
        Method = Text(e.Method),
        BatchId = e.BatchId is null ? null : Text(e.BatchId),
        Outcome = Text(e.Outcome),
        Detail = e.Detail is null ? null : Text(e.Detail),
    };

    private static string Text(string text) =>
        text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0 && !text.Contains('\0', StringComparison.Ordinal)
            ? text
            // Encoding.UTF8 replaces a lone surrogate with U+FFFD, as the chain's own encoding does.
            : Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)).Replace('\0', '\uFFFD');

    /// <summary>Takes the trail's lock for the transaction and reads the last entry: no other append can come between.</summary>
    private static async Task<(long Sequence, string Hash)> LockAndReadHeadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(@space, @key)") { Parameters = { Parameter("space", LockSpace), Parameter("key", AuditLock) } },
                new NpgsqlBatchCommand("SELECT sequence, hash FROM audit_entries ORDER BY sequence DESC LIMIT 1"),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetString(1)) : (0, AuditChain.GenesisHash);
    }

    private static async Task InsertAsync(NpgsqlConnection connection, AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var insert = Command(connection, """
            INSERT INTO audit_entries (sequence, at, caller, role, method, batch_id, record_count, outcome, detail, previous_hash, hash)
            VALUES (@sequence, @at, @caller, @role, @method, @batch_id, @record_count, @outcome, @detail, @previous_hash, @hash)
            """);
        var (e, p) = (entry.Event, insert.Parameters);
        p.Add(Parameter("sequence", entry.Sequence));
        p.Add(Parameter("at", Timestamp(e.At)));
        p.Add(Parameter("caller", e.Caller));
        p.Add(Parameter("role", e.Role));
        p.Add(Parameter("method", e.Method));
        p.Add(new NpgsqlParameter("batch_id", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)e.BatchId ?? DBNull.Value });
        p.Add(Parameter("record_count", e.RecordCount));
        p.Add(Parameter("outcome", e.Outcome));
        p.Add(new NpgsqlParameter("detail", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)e.Detail ?? DBNull.Value });
        p.Add(Parameter("previous_hash", entry.PreviousHash));
        p.Add(Parameter("hash", entry.Hash));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static AuditEntry ReadEntry(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        new AuditEvent(
            reader.GetFieldValue<DateTimeOffset>(1),
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
