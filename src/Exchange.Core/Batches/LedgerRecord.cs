using Jamsostek.Exchange.V1;

namespace Exchange.Core.Batches;

/// <summary>One stored record with its batch and its current verdict (review decisions applied).</summary>
/// <param name="BatchKey">The ledger's own id of the batch (<see cref="BatchInfo.Key"/>).</param>
public sealed record LedgerRecord(long BatchKey, string Agency, string BatchId, Purpose Purpose, long Offset, WorkerRecord Worker, RecordVerdict Verdict);

/// <summary>
/// A possible match waiting for (or given) BPJS's decision. <see cref="Verdict"/> is the match as
/// first made; <see cref="Decision"/> is unspecified until someone decides.
/// </summary>
public sealed record ReviewEntry(long Id, LedgerRecord Record, ReviewDecision Decision)
{
    public RecordVerdict Verdict => Record.Verdict;
}
