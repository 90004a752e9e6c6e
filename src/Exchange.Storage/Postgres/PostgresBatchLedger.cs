using System.Data;
using System.Runtime.CompilerServices;
using System.Text;
using Exchange.Core.Audit;
using Exchange.Core.Batches;
using Exchange.Core.Matching;
using Google.Protobuf;
using Jamsostek.Exchange.V1;
using Npgsql;
using static Exchange.Storage.Postgres.PostgresDatabase;

namespace Exchange.Storage.Postgres;

/// <summary>
/// The ledger in PostgreSQL, shared by every gateway replica: a chunk is one row (records and verdicts as blobs), its
/// accepted NIKs one row each under the key (batch, nik), its possible matches one review item each, all written by one
/// statement. The keys decide between replicas racing for the same offset or NIK; the loser is told the committed offset.
/// </summary>
public sealed class PostgresBatchLedger(PostgresDatabase database) : IBatchLedger, IDataSubjectLedger
{
    private const string UniqueViolation = "23505";

    /// <summary>A batch with its sums: records, accepted, warned, then per counted outcome the records answered with it, then those BPJS's review decided to it.</summary>
    private static readonly string BatchColumns = $"""
        SELECT b.key, b.agency, b.batch_id, b.purpose, b.opened_at, f.finished_at, c.*, d.*
        FROM batches b
        LEFT JOIN finishes f ON f.batch = b.key
        CROSS JOIN LATERAL (
            SELECT COALESCE(SUM(record_count), 0)::bigint, COALESCE(SUM(accepted), 0)::bigint, COALESCE(SUM(warned), 0)::bigint,
                   {string.Join(", ", OutcomeColumns.Names.Select(column => $"COALESCE(SUM({column}), 0)::bigint"))}
            FROM chunks WHERE batch = b.key) c
        CROSS JOIN LATERAL (
            SELECT {string.Join(", ", LedgerChunk.CountedOutcomes.Select(outcome => $"COUNT(*) FILTER (WHERE outcome = {(int)outcome})"))}
            FROM review_decisions WHERE batch = b.key) d
        """;

    /// <summary>
    /// The chunk, its accepted NIKs and its review items in one statement, so in one transaction and one round trip. The
    /// chunk is inserted only at the batch's committed offset (its last chunk's end) of a batch not finished; otherwise
    /// the statement counts 0.
    /// </summary>
    private static readonly string AppendChunk = $"""
        WITH chunk AS (
            INSERT INTO chunks (batch, first_offset, record_count, accepted, warned, {string.Join(", ", OutcomeColumns.Names)},
                                records, verdicts, committed_at)
            SELECT @batch, @first_offset, @record_count, @accepted, @warned, {string.Join(", ", OutcomeColumns.Names.Select(c => "@" + c))},
                   @records, @verdicts, @committed_at
            WHERE COALESCE((SELECT first_offset + record_count FROM chunks WHERE batch = @batch ORDER BY first_offset DESC LIMIT 1), 0)
                  = @first_offset
              AND NOT EXISTS (SELECT 1 FROM finishes WHERE batch = @batch)
            RETURNING batch, first_offset
        ), niks AS (
            INSERT INTO accepted_niks (batch, nik, record_offset)
            SELECT chunk.batch, n.nik, n.record_offset FROM chunk, unnest(@niks, @nik_offsets) AS n (nik, record_offset)
        ), reviews AS (
            INSERT INTO review_items (batch, record_offset, chunk_offset, created_at)
            SELECT chunk.batch, r.record_offset, chunk.first_offset, @committed_at
            FROM chunk, unnest(@review_offsets) WITH ORDINALITY AS r (record_offset, n)
            ORDER BY r.n
        )
        SELECT COUNT(*) FROM chunk
        """;

    private const string ReviewColumns = """
        SELECT r.id, b.key, b.agency, b.batch_id, b.purpose, r.record_offset, c.first_offset, c.records, c.verdicts, d.decision
        FROM review_items r
        JOIN batches b ON b.key = r.batch
        JOIN chunks c ON c.batch = r.batch AND c.first_offset = r.chunk_offset
        LEFT JOIN review_decisions d ON d.batch = r.batch AND d.review = r.id
        """;

    public async Task<(BatchInfo Batch, bool Created)> OpenAsync(string agency, string batchId, Purpose purpose, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken);
        if (await FindBatchAsync(connection, agency, batchId, cancellationToken) is { } existing)
        {
            return (existing, false);
        }
        // Another replica may open the same batch meanwhile: the first insert wins, both read the one row.
        await using var insert = Command(connection, """
            INSERT INTO batches (agency, batch_id, purpose, opened_at) VALUES (@agency, @batch_id, @purpose, @opened_at)
            ON CONFLICT (agency, batch_id) DO NOTHING
            """);
        insert.Parameters.Add(Parameter("agency", agency));
        insert.Parameters.Add(Parameter("batch_id", batchId));
        insert.Parameters.Add(Parameter("purpose", (int)purpose));
        insert.Parameters.Add(Parameter("opened_at", Timestamp(now)));
        var created = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        return ((await FindBatchAsync(connection, agency, batchId, cancellationToken))!, created);
    }

    public async Task<BatchInfo?> FindAsync(string agency, string batchId, CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken);
        return await FindBatchAsync(connection, agency, batchId, cancellationToken);
    }

    public async Task<IReadOnlyList<BatchInfo>> ListAsync(string agency, long? beforeKey, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken);
        await using var command = Command(connection, BatchColumns + " WHERE b.agency = @agency AND b.key < @before ORDER BY b.key DESC LIMIT @limit");
        command.Parameters.Add(Parameter("agency", agency));
        command.Parameters.Add(Parameter("before", beforeKey ?? long.MaxValue));
        command.Parameters.Add(Parameter("limit", limit));
        return await ReadBatchesAsync(command, cancellationToken);
    }

    public async Task AppendChunkAsync(LedgerChunk chunk, CancellationToken cancellationToken)
    {
        var counts = chunk.Counts;

        await using var connection = await database.ConnectAsync(cancellationToken);
        await using (var append = Command(connection, AppendChunk))
        {
            var p = append.Parameters;
            p.Add(Parameter("batch", chunk.BatchKey));
            p.Add(Parameter("first_offset", chunk.FirstOffset));
            p.Add(Parameter("record_count", chunk.Records.Count));
            p.Add(Parameter("accepted", (int)counts.Accepted));
            p.Add(Parameter("warned", (int)counts.Warned));
            for (var i = 0; i < OutcomeColumns.Names.Count; i++)
            {
                p.Add(Parameter(OutcomeColumns.Names[i], (int)counts.Outcomes.GetValueOrDefault(LedgerChunk.CountedOutcomes[i])));
            }
            p.Add(Parameter("records", StoredChunk.EncodeRecords(chunk)));
            p.Add(Parameter("verdicts", VerdictCodec.Encode(chunk.Verdicts)));
            p.Add(Parameter("committed_at", Timestamp(chunk.CommittedAt)));
            p.Add(Parameter("niks", chunk.AcceptedNiks.Select(n => n.Nik).ToArray()));
            p.Add(Parameter("nik_offsets", chunk.AcceptedNiks.Select(n => n.Offset).ToArray()));
            p.Add(Parameter("review_offsets", chunk.ReviewOffsets.ToArray()));
            try
            {
                if ((long)(await append.ExecuteScalarAsync(cancellationToken))! == 1)
                {
                    return;
                }
            }
            catch (PostgresException e) when (e.SqlState == UniqueViolation)
            {
                // Another writer stored this offset, or one of these NIKs, after the caller checked: nothing of this chunk is stored.
            }
        }
        await using (var finished = Command(connection, "SELECT EXISTS (SELECT 1 FROM finishes WHERE batch = @batch)"))
        {
            finished.Parameters.Add(Parameter("batch", chunk.BatchKey));
            if ((bool)(await finished.ExecuteScalarAsync(cancellationToken))!)
            {
                throw new BatchFinishedException();
            }
        }
        throw new OffsetConflictException(await CommittedOffsetAsync(connection, chunk.BatchKey, cancellationToken));
    }

    public async IAsyncEnumerable<StoredVerdict> ReadVerdictsAsync(long batchKey, long fromOffset, long toOffset,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken);
        var decisions = await ReadDecisionsAsync(connection, batchKey, fromOffset, toOffset, cancellationToken);
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
        await using var connection = await database.ConnectAsync(cancellationToken);
        await foreach (var (first, blob) in ChunksAsync(connection, batchKey, fromOffset, toOffset, "records", cancellationToken))
        {
            foreach (var record in StoredChunk.Records(first, blob, fromOffset, toOffset))
            {
                yield return record;
            }
        }
    }

    /// <summary>The chunks holding offsets in [<paramref name="fromOffset"/>, <paramref name="toOffset"/>), in order, with one of their blob columns.</summary>
    private static async IAsyncEnumerable<(long FirstOffset, byte[] Blob)> ChunksAsync(NpgsqlConnection connection, long batchKey,
        long fromOffset, long toOffset, string column, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // From the chunk holding fromOffset: the key's index finds it, where first_offset + record_count alone would scan.
        await using var command = Command(connection, $"""
            SELECT first_offset, {column} FROM chunks
            WHERE batch = @batch AND first_offset < @to AND first_offset + record_count > @from
              AND first_offset >= COALESCE((SELECT MAX(first_offset) FROM chunks WHERE batch = @batch AND first_offset <= @from), 0)
            ORDER BY first_offset
            """);
        command.Parameters.Add(Parameter("batch", batchKey));
        command.Parameters.Add(Parameter("from", fromOffset));
        command.Parameters.Add(Parameter("to", toOffset));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
        }
    }

    public async Task<LedgerRecord?> ReadRecordAsync(long batchKey, long offset, CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT b.agency, b.batch_id, b.purpose, c.first_offset, c.records, c.verdicts, d.outcome, d.segment
            FROM chunks c
            JOIN batches b ON b.key = c.batch
            LEFT JOIN review_items r ON r.batch = c.batch AND r.record_offset = @offset
            LEFT JOIN review_decisions d ON d.batch = r.batch AND d.review = r.id
            WHERE c.batch = @batch AND c.first_offset + c.record_count > @offset
              AND c.first_offset = (SELECT MAX(first_offset) FROM chunks WHERE batch = @batch AND first_offset <= @offset)
            """);
        command.Parameters.Add(Parameter("batch", batchKey));
        command.Parameters.Add(Parameter("offset", offset));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var at = (int)(offset - reader.GetInt64(3));
        var worker = RecordChunk.Parser.ParseFrom(reader.GetFieldValue<byte[]>(4)).Records[at];
        var verdict = ReviewedOutcome.Apply(VerdictCodec.Decode(reader.GetFieldValue<byte[]>(5))[at], Decision(reader, 6));
        return new LedgerRecord(batchKey, reader.GetString(0), reader.GetString(1), (Purpose)reader.GetInt32(2), offset, worker, verdict);
    }

    public async Task<IReadOnlyDictionary<long, long>> FindAcceptedNiksAsync(long batchKey, IReadOnlyCollection<long> niks,
        CancellationToken cancellationToken)
    {
        var found = new Dictionary<long, long>();
        if (niks.Count == 0)
        {
            return found;
        }
        await using var connection = await database.ConnectAsync(cancellationToken);
        await using var command = Command(connection, "SELECT nik, record_offset FROM accepted_niks WHERE batch = @batch AND nik = ANY(@niks)");
        command.Parameters.Add(Parameter("batch", batchKey));
        command.Parameters.Add(Parameter("niks", niks.ToArray()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetInt64(0)] = reader.GetInt64(1);
        }
        return found;
    }

    public async Task<BatchInfo> FinishAsync(long batchKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken);
        await using (var insert = Command(connection, """
                         INSERT INTO finishes (batch, finished_at) SELECT key, @finished_at FROM batches WHERE key = @batch
                         ON CONFLICT (batch) DO NOTHING
                         """))
        {
            insert.Parameters.Add(Parameter("batch", batchKey));
            insert.Parameters.Add(Parameter("finished_at", Timestamp(now)));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var select = Command(connection, BatchColumns + " WHERE b.key = @key");
        select.Parameters.Add(Parameter("key", batchKey));
        return (await ReadBatchesAsync(select, cancellationToken)).SingleOrDefault()
            ?? throw new InvalidOperationException($"Batch {batchKey} does not exist.");
    }

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => database.IsReachableAsync(cancellationToken);

    public async Task<IReadOnlyList<ReviewEntry>> ListReviewsAsync(long afterId, int limit, bool includeDecided,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken);
        await using var command = Command(connection, ReviewColumns + """
             WHERE r.id > @after AND (@decided OR d.review IS NULL) ORDER BY r.id LIMIT @limit
            """);
        command.Parameters.Add(Parameter("after", afterId));
        command.Parameters.Add(Parameter("decided", includeDecided));
        command.Parameters.Add(Parameter("limit", limit));
        return await ReadReviewsAsync(command, cancellationToken);
    }

    public async Task<ReviewEntry?> FindReviewAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken);
        await using var command = Command(connection, ReviewColumns + " WHERE r.id = @id");
        command.Parameters.Add(Parameter("id", id));
        return (await ReadReviewsAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<bool> DecideReviewAsync(long id, ReviewDecision decision, MatchOutcome outcome, Segment segment, ReviewedPair pair,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken);
        // One statement: the decision and its pair are stored together, or (decided before) neither.
        await using var command = Command(connection, """
            WITH decided AS (
                INSERT INTO review_decisions (batch, review, decision, outcome, segment, decided_at)
                SELECT batch, id, @decision, @outcome, @segment, @decided_at FROM review_items WHERE id = @review
                ON CONFLICT (batch, review) DO NOTHING
                RETURNING batch, review
            )
            INSERT INTO review_pairs (batch, review, worker_nik, worker_name, worker_birth_date, participant_nik, participant_identity, decision)
            SELECT batch, review, @worker_nik, @worker_name, @worker_birth_date, @participant_nik, @participant_identity, @decision FROM decided
            """);
        var p = command.Parameters;
        p.Add(Parameter("review", id));
        p.Add(Parameter("decision", (int)decision));
        p.Add(Parameter("outcome", (int)outcome));
        p.Add(Parameter("segment", (int)segment));
        p.Add(Parameter("decided_at", Timestamp(now)));
        p.Add(Parameter("worker_nik", pair.Worker.Nik));
        p.Add(Parameter("worker_name", pair.Worker.Name));
        p.Add(Parameter("worker_birth_date", pair.Worker.BirthDate));
        p.Add(Parameter("participant_nik", pair.ParticipantNik));
        p.Add(Parameter("participant_identity", pair.ParticipantIdentity));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<long> CountReviewedPairsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken);
        await using var command = Command(connection, "SELECT COUNT(*) FROM review_pairs");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<ReviewedPair>> ReadReviewedPairsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT worker_nik, worker_name, worker_birth_date, participant_nik, participant_identity, decision
            FROM review_pairs ORDER BY review
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pairs = new List<ReviewedPair>();
        while (await reader.ReadAsync(cancellationToken))
        {
            pairs.Add(new ReviewedPair(new WorkerIdentity(reader.GetString(0), reader.GetString(1), reader.GetString(2)),
                reader.GetString(3), reader.GetString(4), (ReviewDecision)reader.GetInt32(5)));
        }
        return pairs;
    }

    public async IAsyncEnumerable<LedgerRecord> ScanAcceptedAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken);
        var decisions = await ReadDecisionsAsync(connection, null, 0, long.MaxValue, cancellationToken);
        await using var command = Command(connection, """
            SELECT b.key, b.agency, b.batch_id, b.purpose, c.first_offset, c.records, c.verdicts
            FROM chunks c JOIN batches b ON b.key = c.batch
            WHERE c.accepted > 0
            ORDER BY c.seq
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (key, agency, batchId, purpose, first) =
                (reader.GetInt64(0), reader.GetString(1), reader.GetString(2), (Purpose)reader.GetInt32(3), reader.GetInt64(4));
            foreach (var record in StoredChunk.Accepted(key, agency, batchId, purpose, first, reader.GetFieldValue<byte[]>(5), reader.GetFieldValue<byte[]>(6),
                         offset => decisions.GetValueOrDefault((key, offset))))
            {
                yield return record;
            }
        }
    }

    public async IAsyncEnumerable<SubjectProcessing> ReadProcessingsAsync(string nik,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken);
        // One snapshot: a review decided meanwhile shows in both the verdict and the review, or in neither.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var found = new List<(LedgerRecord Record, RecordVerdict Answered, DateTimeOffset ReceivedAt)>();
        // position finds the NIK's digits in a chunk's stored bytes, so only chunks that hold them are decoded.
        await using (var command = Command(connection, """
                         SELECT b.key, b.agency, b.batch_id, b.purpose, c.first_offset, c.records, c.verdicts, c.committed_at
                         FROM chunks c JOIN batches b ON b.key = c.batch
                         WHERE position(@nik IN c.records) > 0
                         ORDER BY c.seq
                         """))
        {
            command.Parameters.Add(Parameter("nik", Encoding.UTF8.GetBytes(nik)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var (key, agency, batchId, purpose, first) =
                    (reader.GetInt64(0), reader.GetString(1), reader.GetString(2), (Purpose)reader.GetInt32(3), reader.GetInt64(4));
                var records = RecordChunk.Parser.ParseFrom(reader.GetFieldValue<byte[]>(5)).Records;
                var verdicts = VerdictCodec.Decode(reader.GetFieldValue<byte[]>(6));
                var receivedAt = reader.GetFieldValue<DateTimeOffset>(7);
                for (var i = 0; i < records.Count; i++)
                {
                    if (string.Equals(records[i].Nik, nik, StringComparison.Ordinal))
                    {
                        found.Add((new LedgerRecord(key, agency, batchId, purpose, first + i, records[i], verdicts[i]), verdicts[i], receivedAt));
                    }
                }
            }
        }
        var reviews = new Dictionary<(long Batch, long Offset), (SubjectReview Review, ReviewedOutcome? Decision)>();
        await using (var command = Command(connection, """
                         SELECT r.batch, r.record_offset, r.id, d.decision, d.decided_at, d.outcome, d.segment
                         FROM unnest(@batches, @offsets) AS s (batch, record_offset)
                         JOIN review_items r ON r.batch = s.batch AND r.record_offset = s.record_offset
                         LEFT JOIN review_decisions d ON d.batch = r.batch AND d.review = r.id
                         """))
        {
            command.Parameters.Add(Parameter("batches", found.Select(f => f.Record.BatchKey).ToArray()));
            command.Parameters.Add(Parameter("offsets", found.Select(f => f.Record.Offset).ToArray()));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var open = reader.IsDBNull(3);
                var review = new SubjectReview(reader.GetInt64(2), open ? ReviewDecision.Unspecified : (ReviewDecision)reader.GetInt32(3),
                    open ? null : reader.GetFieldValue<DateTimeOffset>(4), null);
                reviews[(reader.GetInt64(0), reader.GetInt64(1))] = (review, Decision(reader, 5));
            }
        }
        await transaction.CommitAsync(cancellationToken);
        foreach (var (record, answered, receivedAt) in found)
        {
            var (review, decision) = reviews.GetValueOrDefault((record.BatchKey, record.Offset));
            yield return new SubjectProcessing(record with { Verdict = ReviewedOutcome.Apply(answered, decision) }, answered, receivedAt, review);
        }
    }

    private static async Task<List<ReviewEntry>> ReadReviewsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<ReviewEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // Items of one chunk sit next to each other: decode each chunk once.
        (long Batch, long First, RecordChunk Records, RecordVerdict[] Verdicts)? chunk = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var (batch, first) = (reader.GetInt64(1), reader.GetInt64(6));
            if (chunk is not { } cached || cached.Batch != batch || cached.First != first)
            {
                chunk = (batch, first, RecordChunk.Parser.ParseFrom(reader.GetFieldValue<byte[]>(7)), VerdictCodec.Decode(reader.GetFieldValue<byte[]>(8)));
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
    private static async Task<Dictionary<(long Batch, long Offset), ReviewedOutcome?>> ReadDecisionsAsync(NpgsqlConnection connection,
        long? batchKey, long fromOffset, long toOffset, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"""
            SELECT r.batch, r.record_offset, d.outcome, d.segment
            FROM review_items r JOIN review_decisions d ON d.batch = r.batch AND d.review = r.id
            WHERE {(batchKey is null ? "" : "r.batch = @batch AND ")}r.record_offset >= @from AND r.record_offset < @to
            """);
        if (batchKey is { } key)
        {
            command.Parameters.Add(Parameter("batch", key));
        }
        command.Parameters.Add(Parameter("from", fromOffset));
        command.Parameters.Add(Parameter("to", toOffset));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var decisions = new Dictionary<(long, long), ReviewedOutcome?>();
        while (await reader.ReadAsync(cancellationToken))
        {
            decisions[(reader.GetInt64(0), reader.GetInt64(1))] = Decision(reader, 2);
        }
        return decisions;
    }

    /// <summary>The decided outcome and segment in columns <paramref name="column"/> and the next; null where nobody decided.</summary>
    private static ReviewedOutcome? Decision(NpgsqlDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : new ReviewedOutcome((MatchOutcome)reader.GetInt32(column), (Segment)reader.GetInt32(column + 1));

    private static async Task<BatchInfo?> FindBatchAsync(NpgsqlConnection connection, string agency, string batchId,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, BatchColumns + " WHERE b.agency = @agency AND b.batch_id = @batch_id");
        command.Parameters.Add(Parameter("agency", agency));
        command.Parameters.Add(Parameter("batch_id", batchId));
        return (await ReadBatchesAsync(command, cancellationToken)).SingleOrDefault();
    }

    private static async Task<long> CommittedOffsetAsync(NpgsqlConnection connection, long batchKey, CancellationToken cancellationToken)
    {
        await using var command = Command(connection,
            "SELECT COALESCE((SELECT first_offset + record_count FROM chunks WHERE batch = @batch ORDER BY first_offset DESC LIMIT 1), 0)");
        command.Parameters.Add(Parameter("batch", batchKey));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<List<BatchInfo>> ReadBatchesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var batches = new List<BatchInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var answered = new Dictionary<MatchOutcome, long>();
            var reviewedTo = new Dictionary<MatchOutcome, long>();
            for (var i = 0; i < LedgerChunk.CountedOutcomes.Count; i++)
            {
                answered[LedgerChunk.CountedOutcomes[i]] = reader.GetInt64(9 + i);
                reviewedTo[LedgerChunk.CountedOutcomes[i]] = reader.GetInt64(9 + LedgerChunk.CountedOutcomes.Count + i);
            }
            batches.Add(new BatchInfo(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                (Purpose)reader.GetInt32(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                BatchCounts.FromLedger(reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), answered, reviewedTo)));
        }
        return batches;
    }
}
