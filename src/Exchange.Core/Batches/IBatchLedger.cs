using Exchange.Core.Matching;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Batches;

/// <summary>
/// The durable, append-only record of batches: what each agency sent, chunk by chunk, and what the
/// gateway answered. Implementations must make <see cref="AppendChunkAsync"/> durable before it
/// returns and must never store an offset twice, even when two writers race.
/// </summary>
public interface IBatchLedger
{
    /// <summary>Creates the batch, or returns the existing one with that agency and id.</summary>
    Task<(BatchInfo Batch, bool Created)> OpenAsync(string agency, string batchId, Purpose purpose, DateTimeOffset now,
        CancellationToken cancellationToken);

    Task<BatchInfo?> FindAsync(string agency, string batchId, CancellationToken cancellationToken);

    /// <summary>The agency's batches, newest first, starting below <paramref name="beforeKey"/> when given.</summary>
    Task<IReadOnlyList<BatchInfo>> ListAsync(string agency, long? beforeKey, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the chunk, its accepted NIKs and its review items in one transaction. Its first offset must equal the
    /// batch's committed offset and none of its accepted NIKs may be stored for the batch already (unique keys in the
    /// database, so this holds across replicas); otherwise throws <see cref="OffsetConflictException"/> and stores nothing.
    /// A finished batch takes no chunk, whichever replica finished it: <see cref="BatchFinishedException"/>.
    /// </summary>
    Task AppendChunkAsync(LedgerChunk chunk, CancellationToken cancellationToken);

    /// <summary>
    /// Stored verdicts with offsets in [<paramref name="fromOffset"/>, <paramref name="toOffset"/>), in
    /// order, with review decisions applied.
    /// </summary>
    IAsyncEnumerable<StoredVerdict> ReadVerdictsAsync(long batchKey, long fromOffset, long toOffset,
        CancellationToken cancellationToken);

    /// <summary>The stored records with offsets in [<paramref name="fromOffset"/>, <paramref name="toOffset"/>), in order, as they were sent.</summary>
    IAsyncEnumerable<WorkerRecord> ReadRecordsAsync(long batchKey, long fromOffset, long toOffset, CancellationToken cancellationToken);

    /// <summary>One stored record with its verdict (review decision applied), or null beyond the committed offset.</summary>
    Task<LedgerRecord?> ReadRecordAsync(long batchKey, long offset, CancellationToken cancellationToken);

    /// <summary>Which of <paramref name="niks"/> (as numbers) the batch has accepted already, each with its offset.</summary>
    Task<IReadOnlyDictionary<long, long>> FindAcceptedNiksAsync(long batchKey, IReadOnlyCollection<long> niks, CancellationToken cancellationToken);

    /// <summary>Marks the batch finished (once; later calls keep the first time) and returns it.</summary>
    Task<BatchInfo> FinishAsync(long batchKey, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Possible matches in the order they were found, after review <paramref name="afterId"/>.</summary>
    Task<IReadOnlyList<ReviewEntry>> ListReviewsAsync(long afterId, int limit, bool includeDecided, CancellationToken cancellationToken);

    Task<ReviewEntry?> FindReviewAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// Records BPJS's decision, the outcome it gives the record from now on, and the pair it was about,
    /// in one step; false (and nothing stored) when the item was decided before.
    /// </summary>
    Task<bool> DecideReviewAsync(long id, ReviewDecision decision, MatchOutcome outcome, Segment segment, ReviewedPair pair,
        DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The pairs of every decision taken, oldest first.</summary>
    Task<IReadOnlyList<ReviewedPair>> ReadReviewedPairsAsync(CancellationToken cancellationToken);

    /// <summary>How many decisions were taken: a cheap look whether <see cref="ReadReviewedPairsAsync"/> has news.</summary>
    Task<long> CountReviewedPairsAsync(CancellationToken cancellationToken);

    /// <summary>Every accepted record of every batch, with review decisions applied, in ledger order.</summary>
    IAsyncEnumerable<LedgerRecord> ScanAcceptedAsync(CancellationToken cancellationToken);

    /// <summary>Whether the database answers now.</summary>
    Task<bool> IsReachableAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Another writer (another stream, another replica) stored records first: the batch's committed offset is not what
/// the caller assumed, and what it checked against the batch may be out of date.
/// </summary>
public sealed class OffsetConflictException(long committedOffset)
    : Exception($"The batch's committed offset is {committedOffset}.")
{
    public long CommittedOffset { get; } = committedOffset;
}

/// <summary>The batch was finished (perhaps through another replica) before this chunk could be stored: nothing was stored.</summary>
public sealed class BatchFinishedException() : Exception("The batch is finished.");
