using Jamsostek.Exchange.V1;

namespace Exchange.Core.Batches;

/// <summary>
/// A batch as the ledger knows it. <see cref="Key"/> is the ledger's own id; <see cref="BatchId"/> is
/// the client's, unique per agency.
/// </summary>
public sealed record BatchInfo(
    long Key,
    string Agency,
    string BatchId,
    Purpose Purpose,
    DateTimeOffset OpenedAt,
    DateTimeOffset? FinishedAt,
    BatchCounts Counts)
{
    public bool IsFinished => FinishedAt is not null;

    /// <summary>Records durably stored: the offset the next new record must have.</summary>
    public long CommittedOffset => Counts.Records;
}

/// <summary>Record counts of a batch or of one chunk.</summary>
public sealed record BatchCounts(long Records, long Accepted, long Rejected, long Warned, IReadOnlyDictionary<MatchOutcome, long> Outcomes)
{
    public static BatchCounts Empty { get; } = new(0, 0, 0, 0, new Dictionary<MatchOutcome, long>());

    public static BatchCounts Of(IReadOnlyList<RecordVerdict> verdicts)
    {
        long accepted = 0, warned = 0;
        var outcomes = new Dictionary<MatchOutcome, long>();
        foreach (var verdict in verdicts)
        {
            if (!verdict.Accepted)
            {
                continue;
            }
            accepted++;
            if (verdict.HasWarnings)
            {
                warned++;
            }
            outcomes[verdict.Outcome] = outcomes.GetValueOrDefault(verdict.Outcome) + 1;
        }
        return new BatchCounts(verdicts.Count, accepted, verdicts.Count - accepted, warned, outcomes);
    }

    public BatchCounts Add(BatchCounts other)
    {
        var outcomes = new Dictionary<MatchOutcome, long>(Outcomes);
        foreach (var (outcome, count) in other.Outcomes)
        {
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + count;
        }
        return new BatchCounts(Records + other.Records, Accepted + other.Accepted, Rejected + other.Rejected,
            Warned + other.Warned, outcomes);
    }
}
