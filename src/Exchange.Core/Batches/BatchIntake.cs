using System.Collections.Concurrent;
using System.Globalization;
using Exchange.Core.Coverage;
using Exchange.Core.Identity;
using Exchange.Core.Matching;
using Exchange.Core.Registry;
using Exchange.Core.Reviews;
using Exchange.Core.Time;
using Exchange.Core.Validation;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Batches;

/// <summary>
/// Takes batches in: opens or resumes them, checks each chunk's offsets, validates its new records,
/// matches the accepted ones against the participant registry, stores them durably and answers with
/// one verdict per record. Streams on the same batch share one
/// <see cref="OpenBatchState"/>, so their chunks are applied one at a time and a NIK is refused the
/// second time whichever stream brings it.
/// </summary>
public sealed class BatchIntake(
    IBatchLedger ledger,
    RecordInspector inspector,
    ParticipantRegistry registry,
    ReviewDesk reviews,
    KnownWorkers knownWorkers,
    TimeProvider clock,
    IntakeOptions options,
    IntakeMetrics metrics)
{
    private readonly ConcurrentDictionary<long, OpenBatchState> _open = new();
    private readonly Lock _leases = new();

    public IntakeOptions Options { get; } = options;

    /// <summary>Opens a new batch or resumes the agency's batch with that id.</summary>
    public async Task<BatchSession> OpenAsync(string agency, string batchId, Purpose purpose, CancellationToken cancellationToken)
    {
        var (batch, created) = await ledger.OpenAsync(agency, batchId, purpose, clock.GetUtcNow(), cancellationToken);
        if (batch.Purpose != purpose)
        {
            throw new IntakeRefusal(RefusalKind.FailedPrecondition, ViolationCodes.BatchPurposeMismatch, "open.purpose",
                [batch.Purpose.ToString()], new Dictionary<string, string> { ["stored_purpose"] = batch.Purpose.ToString() });
        }
        var state = Lease(batch.Key);
        try
        {
            await state.Gate.WaitAsync(cancellationToken);
            try
            {
                // The first stream on the batch brings what the ledger holds; a later one may know more than the
                // ledger read above, when a stream stored chunks meanwhile.
                state.Committed = Math.Max(state.Committed, batch.CommittedOffset);
            }
            finally
            {
                state.Gate.Release();
            }
        }
        catch
        {
            Release(batch.Key);
            throw;
        }
        return new BatchSession(this, batch, !created, state);
    }

    private OpenBatchState Lease(long key)
    {
        lock (_leases)
        {
            var state = _open.GetOrAdd(key, _ => new OpenBatchState());
            state.Leases++;
            return state;
        }
    }

    private void Release(long key)
    {
        lock (_leases)
        {
            if (_open.TryGetValue(key, out var state) && --state.Leases == 0)
            {
                _open.TryRemove(key, out _);
                state.Gate.Dispose();
            }
        }
    }

    /// <summary>One stream's hold on an open batch.</summary>
    public sealed class BatchSession : IDisposable
    {
        private readonly BatchIntake _intake;
        private readonly OpenBatchState _state;
        private bool _disposed;

        internal BatchSession(BatchIntake intake, BatchInfo batch, bool resumed, OpenBatchState state)
        {
            _intake = intake;
            Batch = batch;
            Resumed = resumed;
            _state = state;
        }

        /// <summary>The batch as it was when this session opened it.</summary>
        public BatchInfo Batch { get; }

        public bool Resumed { get; }

        public long CommittedOffset => _state.Committed;

        /// <summary>
        /// Handles one chunk: offsets below the committed offset are answered from the ledger, the rest
        /// are validated and stored. Returns one verdict per record, in order, once they are durable.
        /// </summary>
        public async Task<IReadOnlyList<StoredVerdict>> SubmitAsync(long firstOffset, IReadOnlyList<WorkerRecord> records,
            CancellationToken cancellationToken)
        {
            if (records.Count == 0)
            {
                throw new IntakeRefusal(RefusalKind.InvalidArgument, ViolationCodes.ChunkEmpty, "chunk.records", []);
            }
            var limit = _intake.Options.MaxRecordsPerChunk;
            if (records.Count > limit)
            {
                throw new IntakeRefusal(RefusalKind.InvalidArgument, ViolationCodes.ChunkTooLarge, "chunk.records",
                    [Text(records.Count), Text(limit)], new Dictionary<string, string> { ["max_records_per_chunk"] = Text(limit) });
            }
            if (firstOffset < 0)
            {
                throw new IntakeRefusal(RefusalKind.InvalidArgument, ViolationCodes.OffsetNegative, "chunk.first_offset", []);
            }

            await _state.Gate.WaitAsync(cancellationToken);
            try
            {
                while (true)
                {
                    var committed = _state.Committed;
                    if (firstOffset > committed)
                    {
                        // Another replica may have stored chunks of this batch since this one last looked.
                        committed = _state.Committed = await _intake.Ledger.FindAsync(Batch.Agency, Batch.BatchId, cancellationToken)
                            is { } stored ? Math.Max(committed, stored.CommittedOffset) : committed;
                    }
                    if (firstOffset > committed)
                    {
                        throw new IntakeRefusal(RefusalKind.OutOfRange, ViolationCodes.OffsetGap, "chunk.first_offset",
                            [Text(committed)], new Dictionary<string, string> { ["expected_offset"] = Text(committed) });
                    }
                    var replayed = (int)Math.Min(records.Count, committed - firstOffset);
                    var verdicts = new List<StoredVerdict>(records.Count);
                    if (replayed > 0)
                    {
                        await RefuseOtherRecordsAsync(firstOffset, records, replayed, committed, cancellationToken);
                        await foreach (var stored in _intake.Ledger.ReadVerdictsAsync(Batch.Key, firstOffset, firstOffset + replayed,
                                           cancellationToken))
                        {
                            verdicts.Add(stored);
                        }
                    }
                    if (replayed == records.Count)
                    {
                        return verdicts;
                    }
                    if (Batch.IsFinished || _state.Finished)
                    {
                        throw new IntakeRefusal(RefusalKind.FailedPrecondition, ViolationCodes.BatchFinished, "chunk", []);
                    }
                    var maximum = _intake.Options.MaxRecordsPerBatch;
                    if (committed + records.Count - replayed > maximum)
                    {
                        throw new IntakeRefusal(RefusalKind.ResourceExhausted, ViolationCodes.BatchTooLarge, "chunk.records",
                            [Text(maximum)], new Dictionary<string, string> { ["max_records_per_batch"] = Text(maximum) });
                    }
                    try
                    {
                        var fresh = await StoreAsync(committed, records, replayed, cancellationToken);
                        verdicts.AddRange(fresh);
                        return verdicts;
                    }
                    catch (BatchFinishedException)
                    {
                        _state.Finished = true;
                        throw new IntakeRefusal(RefusalKind.FailedPrecondition, ViolationCodes.BatchFinished, "chunk", []);
                    }
                    catch (OffsetConflictException conflict)
                    {
                        // Another replica appended first: learn what it stored and answer from the ledger.
                        _state.Committed = conflict.CommittedOffset;
                    }
                }
            }
            finally
            {
                _state.Gate.Release();
            }
        }

        /// <summary>
        /// A re-sent offset is answered from the ledger only when it carries the records stored there:
        /// other records at a committed offset are a client's mistake, and answering them with the
        /// stored results would lose them without a word.
        /// </summary>
        private async Task RefuseOtherRecordsAsync(long firstOffset, IReadOnlyList<WorkerRecord> records, int replayed, long committed,
            CancellationToken cancellationToken)
        {
            var i = 0;
            await foreach (var stored in _intake.Ledger.ReadRecordsAsync(Batch.Key, firstOffset, firstOffset + replayed, cancellationToken))
            {
                if (!stored.Equals(records[i]))
                {
                    throw new IntakeRefusal(RefusalKind.FailedPrecondition, ViolationCodes.OffsetContentMismatch, $"chunk.records[{Text(i)}]",
                        [Text(firstOffset + i), Text(committed)], new Dictionary<string, string>
                        {
                            ["differing_offset"] = Text(firstOffset + i),
                            ["committed_offset"] = Text(committed),
                        });
                }
                i++;
            }
        }

        private async Task<List<StoredVerdict>> StoreAsync(long committed, IReadOnlyList<WorkerRecord> records, int skip,
            CancellationToken cancellationToken)
        {
            var count = records.Count - skip;
            var fresh = new WorkerRecord[count];
            var verdicts = new RecordVerdict[count];
            var niks = new long?[count];
            // Each record is validated on its own, so the chunk's records are validated on all cores, each into its own slot.
            ForEachRecord(count, i =>
            {
                var record = fresh[i] = records[skip + i];
                // Not matched yet: accepted, or not, by its findings alone.
                verdicts[i] = new RecordVerdict(_intake.Inspector.Inspect(record), MatchOutcome.Unspecified, Segment.Unspecified, 0, []);
                if (verdicts[i].Accepted && Nik.Inspect(record.Nik, out var nik) == NikProblem.None)
                {
                    niks[i] = long.Parse(nik.Value, CultureInfo.InvariantCulture);
                }
            });
            // The first record of the chunk with each NIK is the only one that can be matched; which of them are refused as
            // accepted earlier in the batch is for the ledger to say, so they are matched while it is asked.
            var firstInChunk = new Dictionary<long, long>();
            for (var i = 0; i < count; i++)
            {
                if (niks[i] is { } key)
                {
                    firstInChunk.TryAdd(key, committed + i);
                }
            }
            // The ledger, not this process, knows which NIKs the batch accepted: another replica may have stored some.
            // Its unique key refuses the chunk if one was stored after this read (OffsetConflictException, then a retry).
            long[] chunkNiks = [.. firstInChunk.Keys];
            var earlierInBatch = Task.Run(() => _intake.Ledger.FindAcceptedNiksAsync(Batch.Key, chunkNiks, cancellationToken), cancellationToken);
            // One registry version and one set of BPJS decisions for the whole chunk, even if either changes meanwhile.
            var index = _intake.Registry.Index;
            var reviewed = _intake.Reviews.Pairs;
            var today = Wib.Today(_intake.Clock);
            var matches = new MatchResult[count];
            ForEachRecord(count, i =>
            {
                if (niks[i] is { } key && firstInChunk[key] == committed + i)
                {
                    matches[i] = Matcher.Match(RegistryMapping.ToMatchSubject(fresh[i]), index, reviewed, today);
                }
            });
            var acceptedNiks = await earlierInBatch;
            for (var i = 0; i < count; i++)
            {
                if (niks[i] is not { } key)
                {
                    continue;
                }
                var findings = verdicts[i].Findings;
                if (acceptedNiks.TryGetValue(key, out var earlier) || (earlier = firstInChunk[key]) != committed + i)
                {
                    verdicts[i] = RecordVerdict.Rejected([.. findings, Finding.Error("nik", ViolationCodes.NikDuplicateInBatch, Text(earlier))]);
                }
                else
                {
                    verdicts[i] = RecordVerdict.Matched(findings, matches[i]);
                }
            }

            var stored = LedgerChunk.Create(Batch.Key, committed, fresh, verdicts, _intake.Clock.GetUtcNow());
            var appending = _intake.Clock.GetTimestamp();
            await _intake.Ledger.AppendChunkAsync(stored, cancellationToken);
            _intake.Metrics.Appended(Batch.Agency, stored.Counts, _intake.Clock.GetElapsedTime(appending));
            _intake.KnownWorkers.Accept(Batch.Agency, fresh, verdicts, index, reviewed, today);

            _state.Committed = committed + count;
            var result = new List<StoredVerdict>(count);
            for (var i = 0; i < count; i++)
            {
                result.Add(new StoredVerdict(committed + i, verdicts[i]));
            }
            return result;
        }

        /// <summary>
        /// Finishes the batch. When the client says how many records it sent, the batch is finished
        /// only if that is what the ledger holds.
        /// </summary>
        public async Task<BatchInfo> FinishAsync(long? expectedRecordCount, CancellationToken cancellationToken)
        {
            await _state.Gate.WaitAsync(cancellationToken);
            try
            {
                if (expectedRecordCount is { } expected)
                {
                    if (expected != _state.Committed && await _intake.Ledger.FindAsync(Batch.Agency, Batch.BatchId, cancellationToken) is { } stored)
                    {
                        // Another replica may have stored the rest of the batch.
                        _state.Committed = Math.Max(_state.Committed, stored.CommittedOffset);
                    }
                    if (expected != _state.Committed)
                    {
                        throw new IntakeRefusal(RefusalKind.FailedPrecondition, ViolationCodes.RecordCountMismatch,
                            "finish.expected_record_count", [Text(expected), Text(_state.Committed)],
                            new Dictionary<string, string> { ["committed_offset"] = Text(_state.Committed) });
                    }
                }
                var finished = await _intake.Ledger.FinishAsync(Batch.Key, _intake.Clock.GetUtcNow(), cancellationToken);
                _state.Finished = true;
                return finished;
            }
            finally
            {
                _state.Gate.Release();
            }
        }

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                _intake.Release(Batch.Key);
            }
        }

        private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// Runs <paramref name="body"/> for every record of the chunk, on all cores in ranges of records. Each call
        /// writes only its own record's slot, so the result is the same whatever the order the ranges run in.
        /// </summary>
        private static void ForEachRecord(int count, Action<int> body) =>
            Parallel.ForEach(Partitioner.Create(0, count, RecordsPerRange), range =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    body(i);
                }
            });
    }

    /// <summary>Records handed to one core at a time when a chunk is validated and matched: few enough ranges to share the cores evenly.</summary>
    private const int RecordsPerRange = 125;

    private IBatchLedger Ledger => ledger;

    private RecordInspector Inspector => inspector;

    private ParticipantRegistry Registry => registry;

    private ReviewDesk Reviews => reviews;

    private KnownWorkers KnownWorkers => knownWorkers;

    private TimeProvider Clock => clock;

    private IntakeMetrics Metrics => metrics;

    /// <summary>What the streams on one batch share while any of them is open.</summary>
    internal sealed class OpenBatchState
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Leases { get; set; }

        public long Committed { get; set; }

        public bool Finished { get; set; }
    }
}
