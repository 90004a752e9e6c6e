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
/// The ledger in one SQLite file: batches, chunks of records as received with their verdicts, accepted NIKs,
/// review items and finishes, all append-only (triggers refuse updates and deletes). A chunk is one row plus one
/// small row per accepted NIK, in one transaction and one fsync (WAL, synchronous=FULL) with the chunks of the other
/// streams waiting at that moment (<see cref="SqliteGroupCommit{TWrite}"/>). What a chunk means (its
/// counts, NIKs, reviews) comes from Core's <see cref="LedgerChunk"/>; this only stores and reads it.
/// </summary>
public sealed class SqliteBatchLedger : IBatchLedger, IDataSubjectLedger
{
    private readonly SqliteDatabase _database;
    private readonly SqliteGroupCommit<LedgerChunk> _chunks;

    private const int ConstraintViolation = 19;

    public SqliteBatchLedger(SqliteDatabase database)
    {
        _database = database;
        // The chunks of all streams waiting at the moment share one transaction: one fsync, and no stream waits on another's lock.
        // A chunk writes at most a page per accepted NIK and per few records of its blobs: its record count bounds both.
        _chunks = new SqliteGroupCommit<LedgerChunk>(database, Append, chunk => 2 * chunk.Records.Count);
    }

    /// <summary>A batch with its sums: records, accepted, warned, then per counted outcome the records answered with it, then those BPJS's review decided to it.</summary>
    private static readonly string BatchColumns = $"""
        SELECT b.key, b.agency, b.batch_id, b.purpose, b.opened_at, f.finished_at,
               COALESCE(SUM(c.record_count), 0), COALESCE(SUM(c.accepted), 0), COALESCE(SUM(c.warned), 0),
               {string.Join(", ", OutcomeColumns.Names.Select(column => $"COALESCE(SUM(c.{column}), 0)"))},
               {string.Join(",\n       ", LedgerChunk.CountedOutcomes.Select(outcome =>
                   $"(SELECT COUNT(*) FROM review_items r JOIN review_decisions d ON d.review = r.id WHERE r.batch = b.key AND d.outcome = {(int)outcome})"))}
        FROM batches b
        LEFT JOIN finishes f ON f.batch = b.key
        LEFT JOIN chunks c ON c.batch = b.key
        """;

    private static readonly string InsertChunk = $"""
        INSERT INTO chunks (batch, first_offset, record_count, accepted, warned, {string.Join(", ", OutcomeColumns.Names)},
                            records, verdicts, committed_at)
        VALUES ($batch, $first_offset, $record_count, $accepted, $warned, {string.Join(", ", OutcomeColumns.Names.Select(c => "$" + c))},
                $records, $verdicts, $committed_at)
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

    public Task AppendChunkAsync(LedgerChunk chunk, CancellationToken cancellationToken) => _chunks.WriteAsync(chunk);

    /// <summary>One chunk, within the transaction of the group it is committed with.</summary>
    private static void Append(SqliteConnection connection, SqliteTransaction transaction, LedgerChunk chunk)
    {
        var counts = chunk.Counts;
        using (var finished = Command(connection, transaction, "SELECT EXISTS (SELECT 1 FROM finishes WHERE batch = $batch)"))
        {
            finished.Parameters.AddWithValue("$batch", chunk.BatchKey);
            if ((long)finished.ExecuteScalar()! == 1)
            {
                throw new BatchFinishedException();
            }
        }
        var committed = CommittedOffset(connection, transaction, chunk.BatchKey);
        if (committed != chunk.FirstOffset)
        {
            throw new OffsetConflictException(committed);
        }
        using (var insert = Command(connection, transaction, InsertChunk))
        {
            var p = insert.Parameters;
            p.AddWithValue("$batch", chunk.BatchKey);
            p.AddWithValue("$first_offset", chunk.FirstOffset);
            p.AddWithValue("$record_count", chunk.Records.Count);
            p.AddWithValue("$accepted", counts.Accepted);
            p.AddWithValue("$warned", counts.Warned);
            for (var i = 0; i < OutcomeColumns.Names.Count; i++)
            {
                p.AddWithValue("$" + OutcomeColumns.Names[i], counts.Outcomes.GetValueOrDefault(LedgerChunk.CountedOutcomes[i]));
            }
            p.AddWithValue("$records", StoredChunk.EncodeRecords(chunk));
            p.AddWithValue("$verdicts", VerdictCodec.Encode(chunk.Verdicts));
            p.AddWithValue("$committed_at", Timestamp(chunk.CommittedAt));
            insert.ExecuteNonQuery();
        }
        using (var insert = Command(connection, transaction,
                   "INSERT INTO accepted_niks (batch, nik, record_offset) VALUES ($batch, $nik, $offset)"))
        {
            insert.Parameters.AddWithValue("$batch", chunk.BatchKey);
            var (nik, offset) = (insert.Parameters.Add("$nik", SqliteType.Integer), insert.Parameters.Add("$offset", SqliteType.Integer));
            foreach (var accepted in chunk.AcceptedNiks)
            {
                (nik.Value, offset.Value) = (accepted.Nik, accepted.Offset);
                try
                {
                    insert.ExecuteNonQuery();
                }
                catch (SqliteException e) when (e.SqliteErrorCode == ConstraintViolation)
                {
                    // Stored by another writer after the caller checked: the batch moved on under it.
                    throw new OffsetConflictException(committed);
                }
            }
        }
        using (var review = Command(connection, transaction, """
                   INSERT INTO review_items (batch, record_offset, chunk_offset, created_at)
                   VALUES ($batch, $record_offset, $chunk_offset, $created_at)
                   """))
        {
            review.Parameters.AddWithValue("$batch", chunk.BatchKey);
            review.Parameters.AddWithValue("$chunk_offset", chunk.FirstOffset);
            review.Parameters.AddWithValue("$created_at", Timestamp(chunk.CommittedAt));
            var offset = review.Parameters.Add("$record_offset", SqliteType.Integer);
            foreach (var reviewOffset in chunk.ReviewOffsets)
            {
                offset.Value = reviewOffset;
                review.ExecuteNonQuery();
            }
        }
    }

    public async IAsyncEnumerable<StoredVerdict> ReadVerdictsAsync(long batchKey, long fromOffset, long toOffset,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = _database.Connect();
        var decisions = ReadDecisions(connection, batchKey, fromOffset, toOffset);
        await foreach (var (first, blob) in ChunksAsync(connection, batchKey, fromOffset, toOffset, "verdicts", cancellationToken))
        {
            foreach (var verdict in StoredChunk.Verdicts(first, blob, fromOffset, toOffset, offset => decisions.GetValueOrDefault((batchKey, offset))))
            {
                yield return verdict;
            }
        }
    }

    public async IAsyncEnumerable<WorkerRecord> ReadRecordsAsync(long batchKey, long fromOffset, long toOffset,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = _database.Connect();
        await foreach (var (first, blob) in ChunksAsync(connection, batchKey, fromOffset, toOffset, "records", cancellationToken))
        {
            foreach (var record in StoredChunk.Records(first, blob, fromOffset, toOffset))
            {
                yield return record;
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
        var verdict = ReviewedOutcome.Apply(VerdictCodec.Decode((byte[])reader.GetValue(5))[at], decisions.GetValueOrDefault((batchKey, offset)));
        return Task.FromResult<LedgerRecord?>(new LedgerRecord(batchKey, reader.GetString(0), reader.GetString(1), (Purpose)reader.GetInt32(2), offset, worker, verdict));
    }

    public Task<IReadOnlyDictionary<long, long>> FindAcceptedNiksAsync(long batchKey, IReadOnlyCollection<long> niks,
        CancellationToken cancellationToken)
    {
        var found = new Dictionary<long, long>();
        if (niks.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<long, long>>(found);
        }
        using var connection = _database.Connect();
        // The chunk's NIKs as one JSON array: one statement and one index probe per NIK, whatever their number.
        using var command = Command(connection, null, """
            SELECT nik, record_offset FROM accepted_niks
            WHERE batch = $batch AND nik IN (SELECT value FROM json_each($niks))
            """);
        command.Parameters.AddWithValue("$batch", batchKey);
        command.Parameters.AddWithValue("$niks", "[" + string.Join(',', niks.Select(n => n.ToString(CultureInfo.InvariantCulture))) + "]");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            found[reader.GetInt64(0)] = reader.GetInt64(1);
        }
        return Task.FromResult<IReadOnlyDictionary<long, long>>(found);
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

    public Task<long> CountReviewedPairsAsync(CancellationToken cancellationToken)
    {
        using var connection = _database.Connect();
        using var command = Command(connection, null, "SELECT COUNT(*) FROM review_pairs");
        return Task.FromResult((long)command.ExecuteScalar()!);
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
            foreach (var record in StoredChunk.Accepted(key, agency, batchId, purpose, first, (byte[])reader.GetValue(5), (byte[])reader.GetValue(6),
                         offset => decisions.GetValueOrDefault((key, offset))))
            {
                yield return record;
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
                ReviewedOutcome? decision = null;
                await using (var decided = await review.ExecuteReaderAsync(cancellationToken))
                {
                    if (await decided.ReadAsync(cancellationToken))
                    {
                        var open = decided.IsDBNull(1);
                        reviewed = new SubjectReview(decided.GetInt64(0), open ? ReviewDecision.Unspecified : (ReviewDecision)decided.GetInt32(1),
                            open ? null : ParseTimestamp(decided.GetString(4)), null);
                        decision = open ? null : new ReviewedOutcome((MatchOutcome)decided.GetInt32(2), (Segment)decided.GetInt32(3));
                    }
                }
                yield return new SubjectProcessing(new LedgerRecord(key, agency, batchId, purpose, first + i, records[i], ReviewedOutcome.Apply(verdicts[i], decision)),
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
    private static Dictionary<(long Batch, long Offset), ReviewedOutcome?> ReadDecisions(
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
        var decisions = new Dictionary<(long, long), ReviewedOutcome?>();
        while (reader.Read())
        {
            decisions[(reader.GetInt64(0), reader.GetInt64(1))] = new ReviewedOutcome((MatchOutcome)reader.GetInt32(2), (Segment)reader.GetInt32(3));
        }
        return decisions;
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
        var answered = new Dictionary<MatchOutcome, long>();
        var reviewedTo = new Dictionary<MatchOutcome, long>();
        for (var i = 0; i < LedgerChunk.CountedOutcomes.Count; i++)
        {
            answered[LedgerChunk.CountedOutcomes[i]] = reader.GetInt64(9 + i);
            reviewedTo[LedgerChunk.CountedOutcomes[i]] = reader.GetInt64(9 + LedgerChunk.CountedOutcomes.Count + i);
        }
        return new BatchInfo(
            reader.GetInt64(0),
            reader.GetString(1),
            reader.GetString(2),
            (Purpose)reader.GetInt32(3),
            ParseTimestamp(reader.GetString(4)),
            reader.IsDBNull(5) ? null : ParseTimestamp(reader.GetString(5)),
            BatchCounts.FromLedger(records, reader.GetInt64(7), reader.GetInt64(8), answered, reviewedTo));
    }
}
