using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using Exchange.Core.Batches;
using Google.Protobuf;
using Jamsostek.Exchange.V1;
using Microsoft.Data.Sqlite;

namespace Exchange.Storage.Sqlite;

/// <summary>
/// The ledger in one SQLite file: batches, chunks of records as received with their verdicts, and
/// finishes, all append-only (triggers refuse updates and deletes). A chunk is one row, so a
/// 1,000-record chunk is one sequential insert and one fsync (WAL, synchronous=FULL).
/// </summary>
public sealed class SqliteBatchLedger : IBatchLedger
{
    private readonly string _connectionString;

    private SqliteBatchLedger(string connectionString) => _connectionString = connectionString;

    /// <summary>Opens the ledger file, creating it and its schema on first use.</summary>
    public static SqliteBatchLedger Open(string databasePath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        var ledger = new SqliteBatchLedger(connectionString);
        using var connection = ledger.Connect();
        Execute(connection, "PRAGMA journal_mode = WAL;");
        Execute(connection, Schema);
        return ledger;
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS batches (
            key        INTEGER PRIMARY KEY,
            agency     TEXT    NOT NULL,
            batch_id   TEXT    NOT NULL,
            purpose    INTEGER NOT NULL,
            opened_at  TEXT    NOT NULL,
            UNIQUE (agency, batch_id)
        );
        CREATE TABLE IF NOT EXISTS chunks (
            batch          INTEGER NOT NULL REFERENCES batches (key),
            first_offset   INTEGER NOT NULL,
            record_count   INTEGER NOT NULL CHECK (record_count > 0),
            accepted       INTEGER NOT NULL,
            warned         INTEGER NOT NULL,
            active         INTEGER NOT NULL,
            grace          INTEGER NOT NULL,
            lapsed         INTEGER NOT NULL,
            not_registered INTEGER NOT NULL,
            possible_match INTEGER NOT NULL,
            records        BLOB    NOT NULL,
            verdicts       BLOB    NOT NULL,
            accepted_niks  BLOB    NOT NULL,
            committed_at   TEXT    NOT NULL,
            UNIQUE (batch, first_offset)
        );
        CREATE TABLE IF NOT EXISTS finishes (
            batch        INTEGER PRIMARY KEY REFERENCES batches (key),
            finished_at  TEXT NOT NULL
        );
        CREATE TRIGGER IF NOT EXISTS batches_append_only_update BEFORE UPDATE ON batches
            BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS batches_append_only_delete BEFORE DELETE ON batches
            BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS chunks_append_only_update BEFORE UPDATE ON chunks
            BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS chunks_append_only_delete BEFORE DELETE ON chunks
            BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS finishes_append_only_update BEFORE UPDATE ON finishes
            BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS finishes_append_only_delete BEFORE DELETE ON finishes
            BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
        """;

    private const string BatchColumns = """
        SELECT b.key, b.agency, b.batch_id, b.purpose, b.opened_at, f.finished_at,
               COALESCE(SUM(c.record_count), 0), COALESCE(SUM(c.accepted), 0), COALESCE(SUM(c.warned), 0),
               COALESCE(SUM(c.active), 0), COALESCE(SUM(c.grace), 0), COALESCE(SUM(c.lapsed), 0),
               COALESCE(SUM(c.not_registered), 0), COALESCE(SUM(c.possible_match), 0)
        FROM batches b
        LEFT JOIN finishes f ON f.batch = b.key
        LEFT JOIN chunks c ON c.batch = b.key
        """;

    public Task<(BatchInfo Batch, bool Created)> OpenAsync(string agency, string batchId, Purpose purpose, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var existing = FindBatch(connection, transaction, agency, batchId);
        if (existing is not null)
        {
            return Task.FromResult((existing, false));
        }
        using (var insert = Command(connection, transaction,
                   "INSERT INTO batches (agency, batch_id, purpose, opened_at) VALUES ($agency, $batch_id, $purpose, $opened_at)"))
        {
            insert.Parameters.AddWithValue("$agency", agency);
            insert.Parameters.AddWithValue("$batch_id", batchId);
            insert.Parameters.AddWithValue("$purpose", (int)purpose);
            insert.Parameters.AddWithValue("$opened_at", Timestamp(now));
            insert.ExecuteNonQuery();
        }
        var created = FindBatch(connection, transaction, agency, batchId)!;
        transaction.Commit();
        return Task.FromResult((created, true));
    }

    public Task<BatchInfo?> FindAsync(string agency, string batchId, CancellationToken cancellationToken)
    {
        using var connection = Connect();
        return Task.FromResult(FindBatch(connection, null, agency, batchId));
    }

    public Task<IReadOnlyList<BatchInfo>> ListAsync(string agency, long? beforeKey, int limit, CancellationToken cancellationToken)
    {
        using var connection = Connect();
        using var command = Command(connection, null,
            BatchColumns + " WHERE b.agency = $agency AND b.key < $before GROUP BY b.key ORDER BY b.key DESC LIMIT $limit");
        command.Parameters.AddWithValue("$agency", agency);
        command.Parameters.AddWithValue("$before", beforeKey ?? long.MaxValue);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var batches = new List<BatchInfo>();
        while (reader.Read())
        {
            batches.Add(ReadBatch(reader));
        }
        return Task.FromResult<IReadOnlyList<BatchInfo>>(batches);
    }

    public Task AppendChunkAsync(long batchKey, long firstOffset, IReadOnlyList<WorkerRecord> records,
        IReadOnlyList<RecordVerdict> verdicts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (records.Count != verdicts.Count || records.Count == 0)
        {
            throw new ArgumentException("A chunk needs one verdict per record and at least one record.");
        }
        var chunk = new RecordChunk { FirstOffset = firstOffset };
        chunk.Records.AddRange(records);
        var counts = BatchCounts.Of(verdicts);

        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var committed = CommittedOffset(connection, transaction, batchKey);
        if (committed != firstOffset)
        {
            throw new OffsetConflictException(committed);
        }
        using (var insert = Command(connection, transaction, """
                   INSERT INTO chunks (batch, first_offset, record_count, accepted, warned, active, grace, lapsed,
                                       not_registered, possible_match, records, verdicts, accepted_niks, committed_at)
                   VALUES ($batch, $first_offset, $record_count, $accepted, $warned, $active, $grace, $lapsed,
                           $not_registered, $possible_match, $records, $verdicts, $accepted_niks, $committed_at)
                   """))
        {
            var p = insert.Parameters;
            p.AddWithValue("$batch", batchKey);
            p.AddWithValue("$first_offset", firstOffset);
            p.AddWithValue("$record_count", records.Count);
            p.AddWithValue("$accepted", counts.Accepted);
            p.AddWithValue("$warned", counts.Warned);
            p.AddWithValue("$active", counts.Outcomes.GetValueOrDefault(MatchOutcome.Active));
            p.AddWithValue("$grace", counts.Outcomes.GetValueOrDefault(MatchOutcome.Grace));
            p.AddWithValue("$lapsed", counts.Outcomes.GetValueOrDefault(MatchOutcome.Lapsed));
            p.AddWithValue("$not_registered", counts.Outcomes.GetValueOrDefault(MatchOutcome.NotRegistered));
            p.AddWithValue("$possible_match", counts.Outcomes.GetValueOrDefault(MatchOutcome.PossibleMatch));
            p.AddWithValue("$records", chunk.ToByteArray());
            p.AddWithValue("$verdicts", VerdictCodec.Encode(verdicts));
            p.AddWithValue("$accepted_niks", PackAcceptedNiks(firstOffset, records, verdicts));
            p.AddWithValue("$committed_at", Timestamp(now));
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredVerdict> ReadVerdictsAsync(long batchKey, long fromOffset, long toOffset,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = Connect();
        await using var command = Command(connection, null, """
            SELECT first_offset, verdicts FROM chunks
            WHERE batch = $batch AND first_offset < $to AND first_offset + record_count > $from
            ORDER BY first_offset
            """);
        command.Parameters.AddWithValue("$batch", batchKey);
        command.Parameters.AddWithValue("$from", fromOffset);
        command.Parameters.AddWithValue("$to", toOffset);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var first = reader.GetInt64(0);
            var verdicts = VerdictCodec.Decode((byte[])reader.GetValue(1));
            for (var i = 0; i < verdicts.Length; i++)
            {
                var offset = first + i;
                if (offset >= fromOffset && offset < toOffset)
                {
                    yield return new StoredVerdict(offset, verdicts[i]);
                }
            }
        }
    }

    public Task<IReadOnlyDictionary<long, long>> ReadAcceptedNiksAsync(long batchKey, CancellationToken cancellationToken)
    {
        using var connection = Connect();
        using var command = Command(connection, null, "SELECT accepted_niks FROM chunks WHERE batch = $batch");
        command.Parameters.AddWithValue("$batch", batchKey);
        using var reader = command.ExecuteReader();
        var niks = new Dictionary<long, long>();
        while (reader.Read())
        {
            var packed = (byte[])reader.GetValue(0);
            for (var i = 0; i < packed.Length; i += 16)
            {
                niks[BinaryPrimitives.ReadInt64LittleEndian(packed.AsSpan(i))] =
                    BinaryPrimitives.ReadInt64LittleEndian(packed.AsSpan(i + 8));
            }
        }
        return Task.FromResult<IReadOnlyDictionary<long, long>>(niks);
    }

    public Task<BatchInfo> FinishAsync(long batchKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        using (var insert = Command(connection, transaction,
                   "INSERT INTO finishes (batch, finished_at) VALUES ($batch, $finished_at) ON CONFLICT (batch) DO NOTHING"))
        {
            insert.Parameters.AddWithValue("$batch", batchKey);
            insert.Parameters.AddWithValue("$finished_at", Timestamp(now));
            insert.ExecuteNonQuery();
        }
        using var select = Command(connection, transaction, BatchColumns + " WHERE b.key = $key GROUP BY b.key");
        select.Parameters.AddWithValue("$key", batchKey);
        using var reader = select.ExecuteReader();
        if (!reader.Read())
        {
            throw new InvalidOperationException($"Batch {batchKey} does not exist.");
        }
        var batch = ReadBatch(reader);
        reader.Close();
        transaction.Commit();
        return Task.FromResult(batch);
    }

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var connection = Connect();
            using var command = Command(connection, null, "SELECT COUNT(*) FROM batches WHERE key = -1");
            command.ExecuteScalar();
            return Task.FromResult(true);
        }
        catch (SqliteException)
        {
            return Task.FromResult(false);
        }
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // Per connection: an acknowledged chunk must survive a power cut, and references must hold.
        Execute(connection, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
        return connection;
    }

    private static BatchInfo? FindBatch(SqliteConnection connection, SqliteTransaction? transaction, string agency, string batchId)
    {
        using var command = Command(connection, transaction,
            BatchColumns + " WHERE b.agency = $agency AND b.batch_id = $batch_id GROUP BY b.key");
        command.Parameters.AddWithValue("$agency", agency);
        command.Parameters.AddWithValue("$batch_id", batchId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadBatch(reader) : null;
    }

    private static long CommittedOffset(SqliteConnection connection, SqliteTransaction transaction, long batchKey)
    {
        using var command = Command(connection, transaction,
            "SELECT COALESCE(MAX(first_offset + record_count), 0) FROM chunks WHERE batch = $batch");
        command.Parameters.AddWithValue("$batch", batchKey);
        return (long)command.ExecuteScalar()!;
    }

    private static BatchInfo ReadBatch(SqliteDataReader reader)
    {
        var records = reader.GetInt64(6);
        var accepted = reader.GetInt64(7);
        var outcomes = new Dictionary<MatchOutcome, long>
        {
            [MatchOutcome.Active] = reader.GetInt64(9),
            [MatchOutcome.Grace] = reader.GetInt64(10),
            [MatchOutcome.Lapsed] = reader.GetInt64(11),
            [MatchOutcome.NotRegistered] = reader.GetInt64(12),
            [MatchOutcome.PossibleMatch] = reader.GetInt64(13),
        };
        var matched = outcomes.Values.Sum();
        outcomes[MatchOutcome.Unspecified] = accepted - matched;
        foreach (var outcome in outcomes.Where(o => o.Value == 0).Select(o => o.Key).ToList())
        {
            outcomes.Remove(outcome);
        }
        return new BatchInfo(
            reader.GetInt64(0),
            reader.GetString(1),
            reader.GetString(2),
            (Purpose)reader.GetInt32(3),
            ParseTimestamp(reader.GetString(4)),
            reader.IsDBNull(5) ? null : ParseTimestamp(reader.GetString(5)),
            new BatchCounts(records, accepted, records - accepted, reader.GetInt64(8), outcomes));
    }

    /// <summary>NIK and offset of every accepted record, 16 bytes each, for duplicate checks on resume.</summary>
    private static byte[] PackAcceptedNiks(long firstOffset, IReadOnlyList<WorkerRecord> records, IReadOnlyList<RecordVerdict> verdicts)
    {
        var packed = new List<byte>(records.Count * 16);
        Span<byte> entry = stackalloc byte[16];
        for (var i = 0; i < records.Count; i++)
        {
            if (verdicts[i].Accepted && long.TryParse(records[i].Nik, NumberStyles.None, CultureInfo.InvariantCulture, out var nik))
            {
                BinaryPrimitives.WriteInt64LittleEndian(entry, nik);
                BinaryPrimitives.WriteInt64LittleEndian(entry[8..], firstOffset + i);
                packed.AddRange(entry);
            }
        }
        return [.. packed];
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, null, sql);
        command.ExecuteNonQuery();
    }

    private static string Timestamp(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
