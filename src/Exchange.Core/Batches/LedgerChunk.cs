using System.Globalization;
using Exchange.Core.Matching;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Batches;

/// <summary>
/// One chunk as the ledger stores it. What the chunk means for the ledger (its counts, which NIKs it accepted, which
/// records wait for BPJS's review) is decided here, once, so every storage engine stores the same facts and only
/// stores them.
/// </summary>
public sealed class LedgerChunk
{
    /// <summary>The outcomes a chunk counts, each in its own column: an accepted record has exactly one of them.</summary>
    public static readonly IReadOnlyList<MatchOutcome> CountedOutcomes =
        [MatchOutcome.Active, MatchOutcome.Grace, MatchOutcome.Lapsed, MatchOutcome.NotRegistered, MatchOutcome.PossibleMatch, MatchOutcome.Deceased];

    private LedgerChunk(long batchKey, long firstOffset, IReadOnlyList<WorkerRecord> records, IReadOnlyList<RecordVerdict> verdicts,
        DateTimeOffset committedAt)
    {
        BatchKey = batchKey;
        FirstOffset = firstOffset;
        Records = records;
        Verdicts = verdicts;
        CommittedAt = committedAt;
        Counts = BatchCounts.Of(verdicts);
        var niks = new List<AcceptedNik>(records.Count);
        var reviews = new List<long>();
        for (var i = 0; i < records.Count; i++)
        {
            if (!verdicts[i].Accepted)
            {
                continue;
            }
            if (long.TryParse(records[i].Nik, NumberStyles.None, CultureInfo.InvariantCulture, out var nik))
            {
                niks.Add(new AcceptedNik(nik, firstOffset + i));
            }
            if (verdicts[i].Outcome == MatchOutcome.PossibleMatch)
            {
                reviews.Add(firstOffset + i);
            }
        }
        AcceptedNiks = niks;
        ReviewOffsets = reviews;
    }

    /// <summary>A chunk of at least one record, with one verdict per record.</summary>
    public static LedgerChunk Create(long batchKey, long firstOffset, IReadOnlyList<WorkerRecord> records, IReadOnlyList<RecordVerdict> verdicts,
        DateTimeOffset committedAt)
    {
        if (records.Count != verdicts.Count || records.Count == 0)
        {
            throw new ArgumentException("A chunk needs one verdict per record and at least one record.");
        }
        return new LedgerChunk(batchKey, firstOffset, records, verdicts, committedAt);
    }

    public long BatchKey { get; }

    public long FirstOffset { get; }

    /// <summary>The offset after the chunk's last record: the batch's committed offset once it is stored.</summary>
    public long EndOffset => FirstOffset + Records.Count;

    public IReadOnlyList<WorkerRecord> Records { get; }

    public IReadOnlyList<RecordVerdict> Verdicts { get; }

    public DateTimeOffset CommittedAt { get; }

    public BatchCounts Counts { get; }

    /// <summary>
    /// The NIK (as a number) and offset of every accepted record: a batch accepts a NIK once, and the ledger keeps
    /// them under a unique key so that holds whichever gateway replica stored the chunk.
    /// </summary>
    public IReadOnlyList<AcceptedNik> AcceptedNiks { get; }

    /// <summary>Offsets of the accepted possible matches: each becomes one item for BPJS's review.</summary>
    public IReadOnlyList<long> ReviewOffsets { get; }
}

/// <summary>An accepted record's NIK, as a number, and its offset in the batch.</summary>
public readonly record struct AcceptedNik(long Nik, long Offset);

/// <summary>
/// BPJS's review decision as it changes a stored record: the outcome and segment it gives the record from then on.
/// </summary>
public readonly record struct ReviewedOutcome(MatchOutcome Outcome, Segment Segment)
{
    /// <summary>The verdict as read from now on: the decided outcome, with <see cref="MatchReason.Reviewed"/> among its reasons.</summary>
    public RecordVerdict ApplyTo(RecordVerdict verdict) =>
        verdict with { Outcome = Outcome, Segment = Segment, Reasons = [.. verdict.Reasons, MatchReason.Reviewed] };

    /// <summary><paramref name="verdict"/> with the decision applied when there is one.</summary>
    public static RecordVerdict Apply(RecordVerdict verdict, ReviewedOutcome? decision) =>
        decision is { } decided ? decided.ApplyTo(verdict) : verdict;
}
