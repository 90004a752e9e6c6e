using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Exchange.Core.Audit;
using Exchange.Core.Batches;
using Exchange.Core.Matching;
using Google.Protobuf;
using Jamsostek.Exchange.V1;
using Microsoft.Data.Sqlite;
using static Exchange.Storage.Sqlite.SqliteDatabase;

namespace Exchange.Storage.Sqlite;

/// <summary>
/// The ledger in one SQLite file: batches, chunks of records as received with their verdicts, and
/// finishes, all append-only (triggers refuse updates and deletes). A chunk is one row, so a
/// 1,000-record chunk is one sequential insert and one fsync (WAL, synchronous=FULL).
/// </summary>
public sealed class SqliteBatchLedger : IBatchLedger, IDataSubjectLedger
{
    private readonly SqliteDatabase _database;

    public SqliteBatchLedger(SqliteDatabase database) => _database = database;

    internal static readonly string Schema = """
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
        CREATE TABLE IF NOT EXISTS review_items (
            id            INTEGER PRIMARY KEY,
            batch         INTEGER NOT NULL REFERENCES batches (key),
            record_offset INTEGER NOT NULL,
            chunk_offset  INTEGER NOT NULL,
            created_at    TEXT    NOT NULL,
            UNIQUE (batch, record_offset)
        );
        CREATE TABLE IF NOT EXISTS review_decisions (
            review      INTEGER PRIMARY KEY REFERENCES review_items (id),
            decision    INTEGER NOT NULL,
            outcome     INTEGER NOT NULL,
            segment     INTEGER NOT NULL,
            decided_at  TEXT    NOT NULL
        );
        CREATE TABLE IF NOT EXISTS review_pairs (
            review               INTEGER PRIMARY KEY REFERENCES review_decisions (review),
            worker_nik           TEXT    NOT NULL,
            worker_name          TEXT    NOT NULL,
            worker_birth_date    TEXT    NOT NULL,
            participant_nik      TEXT    NOT NULL,
            participant_identity TEXT    NOT NULL,
            decision             INTEGER NOT NULL
        );
        """ + AppendOnly("batches", "agency, batch_id") + AppendOnly("chunks", "batch, first_offset")
        // Finishing and deciding insert with ON CONFLICT DO NOTHING: the first row stays, a repeat is skipped.
        + AppendOnlyFirstWins("finishes") + AppendOnly("review_items", "batch, record_offset")
        + AppendOnlyFirstWins("review_decisions") + AppendOnly("review_pairs");

    private const string BatchColumns = """
        SELECT b.key, b.agency, b.batch_id, b.purpose, b.opened_at, f.finished_at,
               COALESCE(SUM(c.record_count), 0), COALESCE(SUM(c.accepted), 0), COALESCE(SUM(c.warned), 0),
               COALESCE(SUM(c.active), 0), COALESCE(SUM(c.grace), 0), COALESCE(SUM(c.lapsed), 0),
               COALESCE(SUM(c.not_registered), 0), COALESCE(SUM(c.possible_match), 0),
               (SELECT COUNT(*) FROM review_items r JOIN review_decisions d ON d.review = r.id WHERE r.batch = b.key AND d.outcome = 1),
               (SELECT COUNT(*) FROM review_items r JOIN review_decisions d ON d.review = r.id WHERE r.batch = b.key AND d.outcome = 2),
               (SELECT COUNT(*) FROM review_items r JOIN review_decisions d ON d.review = r.id WHERE r.batch = b.key AND d.outcome = 3),
               (SELECT COUNT(*) FROM review_items r JOIN review_decisions d ON d.review = r.id WHERE r.batch = b.key AND d.outcome = 4)
        FROM batches b
        LEFT JOIN finishes f ON f.batch = b.key
        LEFT JOIN chunks c ON c.batch = b.key
        """;

    public Task<(BatchInfo Batch, bool Created)> OpenAsync(string agency, string batchId, Purpose purpose, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        using var connection = _database.Connect();
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
        using var connection = _database.Connect();
        return Task.FromResult(FindBatch(connection, null, agency, batchId));
    }

    public Task<IReadOnlyList<BatchInfo>> ListAsync(string agency, long? beforeKey, int limit, CancellationToken cancellationToken)
    {
        using var connection = _database.Connect();
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

        using var connection = _database.Connect();
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
        using (var review = Command(connection, transaction, """
                   INSERT INTO review_items (batch, record_offset, chunk_offset, created_at)
                   VALUES ($batch, $record_offset, $chunk_offset, $created_at)
                   """))
        {
            review.Parameters.AddWithValue("$batch", batchKey);
            review.Parameters.AddWithValue("$chunk_offset", firstOffset);
            review.Parameters.AddWithValue("$created_at", Timestamp(now));
            var offset = review.Parameters.AddWithValue("$record_offset", 0L);
            for (var i = 0; i < verdicts.Count; i++)
            {
                if (verdicts[i].Accepted && verdicts[i].Outcome == MatchOutcome.PossibleMatch)
                {
                    offset.Value = firstOffset + i;
                    review.ExecuteNonQuery();
                }
            }
        }
        transaction.Commit();
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredVerdict> ReadVerdictsAsync(long batchKey, long fromOffset, long toOffset,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = _database.Connect();
        var decisions = ReadDecisions(connection, batchKey, fromOffset, toOffset);
        await foreach (var (first, blob) in ChunksAsync(connection, batchKey, fromOffset, toOffset, "verdicts", cancellationToken))
        {
            var verdicts = VerdictCodec.Decode(blob);
            for (var offset = Math.Max(first, fromOffset); offset < Math.Min(first + verdicts.Length, toOffset); offset++)
            {
                yield return new StoredVerdict(offset, Decided(verdicts[offset - first], decisions.GetValueOrDefault((batchKey, offset))));
            }
        }
    }

    public async IAsyncEnumerable<WorkerRecord> ReadRecordsAsync(long batchKey, long fromOffset, long toOffset,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = _database.Connect();
        await foreach (var (first, blob) in ChunksAsync(connection, batchKey, fromOffset, toOffset, "records", cancellationToken))
        {
            var records = RecordChunk.Parser.ParseFrom(blob).Records;
            for (var offset = Math.Max(first, fromOffset); offset < Math.Min(first + records.Count, toOffset); offset++)
            {
                yield return records[(int)(offset - first)];
            }
        }
    }

    /// <summary>The chunks holding offsets in [<paramref name="fromOffset"/>, <paramref name="toOffset"/>), in order, with one of their blob columns.</summary>
    private static async IAsyncEnumerable<(long FirstOffset, byte[] Blob)> ChunksAsync(SqliteConnection connection, long batchKey,
        long fromOffset, long toOffset, string column, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, $"""
            SELECT first_offset, {column} FROM chunks
            WHERE batch = $batch AND first_offset < $to AND first_offset + record_count > $from
            ORDER BY first_offset
            """);
        command.Parameters.AddWithValue("$batch", batchKey);
        command.Parameters.AddWithValue("$from", fromOffset);
        command.Parameters.AddWithValue("$to", toOffset);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return (reader.GetInt64(0), (byte[])reader.GetValue(1));
        }
    }

    public Task<LedgerRecord?> ReadRecordAsync(long batchKey, long offset, CancellationToken cancellationToken)
    {
        using var connection = _database.Connect();
        var decisions = ReadDecisions(connection, batchKey, offset, offset + 1);
        using var command = Command(connection, null, """
            SELECT b.agency, b.batch_id, b.purpose, c.first_offset, c.records, c.verdicts
            FROM chunks c JOIN batches b ON b.key = c.batch
            WHERE c.batch = $batch AND c.first_offset <= $offset AND c.first_offset + c.record_count > $offset
            """);
        command.Parameters.AddWithValue("$batch", batchKey);
        command.Parameters.AddWithValue("$offset", offset);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return Task.FromResult<LedgerRecord?>(null);
        }
        var at = (int)(offset - reader.GetInt64(3));
        var worker = RecordChunk.Parser.ParseFrom((byte[])reader.GetValue(4)).Records[at];
        var verdict = Decided(VerdictCodec.Decode((byte[])reader.GetValue(5))[at], decisions.GetValueOrDefault((batchKey, offset)));
        return Task.FromResult<LedgerRecord?>(new LedgerRecord(batchKey, reader.GetString(0), reader.GetString(1), (Purpose)reader.GetInt32(2), offset, worker, verdict));
    }

    public Task<IReadOnlyDictionary<long, long>> ReadAcceptedNiksAsync(long batchKey, CancellationToken cancellationToken)
    {
        using var connection = _database.Connect();
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
        using var connection = _database.Connect();
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

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => Task.FromResult(_database.IsReachable());

    private const string ReviewColumns = """
        SELECT r.id, b.key, b.agency, b.batch_id, b.purpose, r.record_offset, c.first_offset, c.records, c.verdicts,
               d.decision, d.outcome, d.segment
        FROM review_items r
        JOIN batches b ON b.key = r.batch
        JOIN chunks c ON c.batch = r.batch AND c.first_offset = r.chunk_offset
        LEFT JOIN review_decisions d ON d.review = r.id
        """;

    public Task<IReadOnlyList<ReviewEntry>> ListReviewsAsync(long afterId, int limit, bool includeDecided,
        CancellationToken cancellationToken)
    {
        using var connection = _database.Connect();
        using var command = Command(connection, null, ReviewColumns + """
             WHERE r.id > $after AND ($decided OR d.review IS NULL) ORDER BY r.id LIMIT $limit
            """);
        command.Parameters.AddWithValue("$after", afterId);
        command.Parameters.AddWithValue("$decided", includeDecided);
        command.Parameters.AddWithValue("$limit", limit);
        return Task.FromResult<IReadOnlyList<ReviewEntry>>(ReadReviews(command));
    }

    public Task<ReviewEntry?> FindReviewAsync(long id, CancellationToken cancellationToken)
    {
        using var connection = _database.Connect();
        using var command = Command(connection, null, ReviewColumns + " WHERE r.id = $id");
        command.Parameters.AddWithValue("$id", id);
        return Task.FromResult(ReadReviews(command).SingleOrDefault());
    }

    public Task<bool> DecideReviewAsync(long id, ReviewDecision decision, MatchOutcome outcome, Segment segment, ReviewedPair pair,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var connection = _database.Connect();
        using var transaction = connection.BeginTransaction();
        using (var insert = Command(connection, transaction, """
                   INSERT INTO review_decisions (review, decision, outcome, segment, decided_at)
                   VALUES ($review, $decision, $outcome, $segment, $decided_at)
                   ON CONFLICT (review) DO NOTHING
                   """))
        {
            insert.Parameters.AddWithValue("$review", id);
            insert.Parameters.AddWithValue("$decision", (int)decision);
            insert.Parameters.AddWithValue("$outcome", (int)outcome);
            insert.Parameters.AddWithValue("$segment", (int)segment);
            insert.Parameters.AddWithValue("$decided_at", Timestamp(now));
            if (insert.ExecuteNonQuery() == 0)
            {
                return Task.FromResult(false);
            }
        }
        using (var insert = Command(connection, transaction, """
                   INSERT INTO review_pairs (review, worker_nik, worker_name, worker_birth_date, participant_nik, participant_identity, decision)
                   VALUES ($review, $worker_nik, $worker_name, $worker_birth_date, $participant_nik, $participant_identity, $decision)
                   """))
        {
            var p = insert.Parameters;
            p.AddWithValue("$review", id);
            p.AddWithValue("$worker_nik", pair.Worker.Nik);
            p.AddWithValue("$worker_name", pair.Worker.Name);
            p.AddWithValue("$worker_birth_date", pair.Worker.BirthDate);
            p.AddWithValue("$participant_nik", pair.ParticipantNik);
            p.AddWithValue("$participant_identity", pair.ParticipantIdentity);
            p.AddWithValue("$decision", (int)pair.Decision);
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<ReviewedPair>> ReadReviewedPairsAsync(CancellationToken cancellationToken)
    {
        using var connection = _database.Connect();
        using var command = Command(connection, null, """
            SELECT worker_nik, worker_name, worker_birth_date, participant_nik, participant_identity, decision
            FROM review_pairs ORDER BY review
            """);
        using var reader = command.ExecuteReader();
        var pairs = new List<ReviewedPair>();
        while (reader.Read())
        {
            pairs.Add(new ReviewedPair(new WorkerIdentity(reader.GetString(0), reader.GetString(1), reader.GetString(2)),
                reader.GetString(3), reader.GetString(4), (ReviewDecision)reader.GetInt32(5)));
        }
        return Task.FromResult<IReadOnlyList<ReviewedPair>>(pairs);
    }

    public async IAsyncEnumerable<LedgerRecord> ScanAcceptedAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = _database.Connect();
        var decisions = ReadDecisions(connection, null, 0, long.MaxValue);
        await using var command = Command(connection, null, """
            SELECT b.key, b.agency, b.batch_id, b.purpose, c.first_offset, c.records, c.verdicts
            FROM chunks c JOIN batches b ON b.key = c.batch
            WHERE c.accepted > 0
            ORDER BY c.rowid
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (key, agency, batchId, purpose, first) =
                (reader.GetInt64(0), reader.GetString(1), reader.GetString(2), (Purpose)reader.GetInt32(3), reader.GetInt64(4));
            var records = RecordChunk.Parser.ParseFrom((byte[])reader.GetValue(5)).Records;
            var verdicts = VerdictCodec.Decode((byte[])reader.GetValue(6));
            for (var i = 0; i < verdicts.Length; i++)
            {
                if (verdicts[i].Accepted)
                {
                    var verdict = Decided(verdicts[i], decisions.GetValueOrDefault((key, first + i)));
                    yield return new LedgerRecord(key, agency, batchId, purpose, first + i, records[i], verdict);
                }
            }
        }
    }

    public async IAsyncEnumerable<SubjectProcessing> ReadProcessingsAsync(string nik,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = _database.Connect();
        // One snapshot: a review decided meanwhile shows in both the verdict and the review, or in neither.
        await using var transaction = connection.BeginTransaction(deferred: true);
        // instr finds the NIK's digits in a chunk's stored bytes, so only chunks that hold them are decoded.
        await using var command = Command(connection, transaction, """
            SELECT b.key, b.agency, b.batch_id, b.purpose, c.first_offset, c.records, c.verdicts, c.committed_at
            FROM chunks c JOIN batches b ON b.key = c.batch
            WHERE instr(c.records, $nik) > 0
            ORDER BY c.rowid
            """);
        command.Parameters.AddWithValue("$nik", Encoding.UTF8.GetBytes(nik));
        await using var review = Command(connection, transaction, """
            SELECT r.id, d.decision, d.outcome, d.segment, d.decided_at
            FROM review_items r LEFT JOIN review_decisions d ON d.review = r.id
            WHERE r.batch = $batch AND r.record_offset = $offset
            """);
        var (batch, offset) = (review.Parameters.AddWithValue("$batch", 0L), review.Parameters.AddWithValue("$offset", 0L));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (key, agency, batchId, purpose, first) =
                (reader.GetInt64(0), reader.GetString(1), reader.GetString(2), (Purpose)reader.GetInt32(3), reader.GetInt64(4));
            var records = RecordChunk.Parser.ParseFrom((byte[])reader.GetValue(5)).Records;
            var verdicts = VerdictCodec.Decode((byte[])reader.GetValue(6));
            var receivedAt = ParseTimestamp(reader.GetString(7));
            for (var i = 0; i < records.Count; i++)
            {
                if (!string.Equals(records[i].Nik, nik, StringComparison.Ordinal))
                {
                    continue;
                }
                (batch.Value, offset.Value) = (key, first + i);
                SubjectReview? reviewed = null;
                var decision = (Outcome: MatchOutcome.Unspecified, Segment: Segment.Unspecified);
                await using (var decided = await review.ExecuteReaderAsync(cancellationToken))
                {
                    if (await decided.ReadAsync(cancellationToken))
                    {
                        var open = decided.IsDBNull(1);
                        reviewed = new SubjectReview(decided.GetInt64(0), open ? ReviewDecision.Unspecified : (ReviewDecision)decided.GetInt32(1),
                            open ? null : ParseTimestamp(decided.GetString(4)), null);
                        decision = open ? decision : ((MatchOutcome)decided.GetInt32(2), (Segment)decided.GetInt32(3));
                    }
                }
                yield return new SubjectProcessing(new LedgerRecord(key, agency, batchId, purpose, first + i, records[i], Decided(verdicts[i], decision)),
                    verdicts[i], receivedAt, reviewed);
            }
        }
    }

    private static List<ReviewEntry> ReadReviews(SqliteCommand command)
    {
        var entries = new List<ReviewEntry>();
        using var reader = command.ExecuteReader();
        // Items of one chunk sit next to each other: decode each chunk once.
        (long Batch, long First, RecordChunk Records, RecordVerdict[] Verdicts)? chunk = null;
        while (reader.Read())
        {
            var (batch, first) = (reader.GetInt64(1), reader.GetInt64(6));
            if (chunk is not { } cached || cached.Batch != batch || cached.First != first)
            {
                chunk = (batch, first, RecordChunk.Parser.ParseFrom((byte[])reader.GetValue(7)), VerdictCodec.Decode((byte[])reader.GetValue(8)));
            }
            var (_, _, records, verdicts) = chunk.Value;
            var offset = reader.GetInt64(5);
            var index = (int)(offset - first);
            var decision = reader.IsDBNull(9) ? ReviewDecision.Unspecified : (ReviewDecision)reader.GetInt32(9);
            var record = new LedgerRecord(batch, reader.GetString(2), reader.GetString(3), (Purpose)reader.GetInt32(4), offset,
                records.Records[index], verdicts[index]);
            entries.Add(new ReviewEntry(reader.GetInt64(0), record, decision));
        }
        return entries;
    }

    /// <summary>Decided outcomes by (batch, offset), for one batch's offset range or for all batches.</summary>
    private static Dictionary<(long Batch, long Offset), (MatchOutcome Outcome, Segment Segment)> ReadDecisions(
        SqliteConnection connection, long? batchKey, long fromOffset, long toOffset)
    {
        using var command = Command(connection, null, """
            SELECT r.batch, r.record_offset, d.outcome, d.segment
            FROM review_items r JOIN review_decisions d ON d.review = r.id
            WHERE ($batch IS NULL OR r.batch = $batch) AND r.record_offset >= $from AND r.record_offset < $to
            """);
        command.Parameters.AddWithValue("$batch", (object?)batchKey ?? DBNull.Value);
        command.Parameters.AddWithValue("$from", fromOffset);
        command.Parameters.AddWithValue("$to", toOffset);
        using var reader = command.ExecuteReader();
        var decisions = new Dictionary<(long, long), (MatchOutcome, Segment)>();
        while (reader.Read())
        {
            decisions[(reader.GetInt64(0), reader.GetInt64(1))] = ((MatchOutcome)reader.GetInt32(2), (Segment)reader.GetInt32(3));
        }
        return decisions;
    }

    private static RecordVerdict Decided(RecordVerdict verdict, (MatchOutcome Outcome, Segment Segment) decision) =>
        decision.Outcome == MatchOutcome.Unspecified
            ? verdict
            : verdict with { Outcome = decision.Outcome, Segment = decision.Segment, Reasons = [.. verdict.Reasons, MatchReason.Reviewed] };

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
        // Reviewed possible matches count under the outcome BPJS decided.
        var (active, grace, lapsed, notRegistered) = (reader.GetInt64(14), reader.GetInt64(15), reader.GetInt64(16), reader.GetInt64(17));
        var outcomes = new Dictionary<MatchOutcome, long>
        {
            [MatchOutcome.Active] = reader.GetInt64(9) + active,
            [MatchOutcome.Grace] = reader.GetInt64(10) + grace,
            [MatchOutcome.Lapsed] = reader.GetInt64(11) + lapsed,
            [MatchOutcome.NotRegistered] = reader.GetInt64(12) + notRegistered,
            [MatchOutcome.PossibleMatch] = reader.GetInt64(13) - active - grace - lapsed - notRegistered,
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
}
