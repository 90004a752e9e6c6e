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

    /// <summary>
    /// A batch's counts from the ledger's sums: <paramref name="answered"/> counts each accepted record under the outcome
    /// it was answered with, <paramref name="reviewedTo"/> counts the reviewed possible matches under the outcome BPJS
    /// decided, and a reviewed possible match counts under its decided outcome.
    /// </summary>
    public static BatchCounts FromLedger(long records, long accepted, long warned, IReadOnlyDictionary<MatchOutcome, long> answered,
        IReadOnlyDictionary<MatchOutcome, long> reviewedTo)
    {
        var outcomes = new Dictionary<MatchOutcome, long>();
        foreach (var outcome in LedgerChunk.CountedOutcomes)
        {
            outcomes[outcome] = answered.GetValueOrDefault(outcome) + reviewedTo.GetValueOrDefault(outcome);
        }
        // Every reviewed record was answered as a possible match: it moves from there to its decided outcome.
        outcomes[MatchOutcome.PossibleMatch] -= reviewedTo.Values.Sum();
        outcomes[MatchOutcome.Unspecified] = accepted - outcomes.Values.Sum();
        foreach (var outcome in outcomes.Where(o => o.Value == 0).Select(o => o.Key).ToList())
        {
            outcomes.Remove(outcome);
        }
        return new BatchCounts(records, accepted, records - accepted, warned, outcomes);
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
