namespace Exchange.Core.Coverage;

/// <summary>
/// The history of the known-workers projection, append-only: one entry each time a worker's projected
/// state changes (first accepted, attributes, match, or standing with the calendar). Coverage as of a
/// past day and agencies' change notifications read it. Storage keeps the entries as they are given
/// and numbers them; what a state holds is <see cref="WorkerStateCodec"/>'s business.
/// </summary>
public interface IOutcomeLog
{
    /// <summary>Appends the entries durably, in order, in one transaction; they get consecutive sequence numbers after the last.</summary>
    Task AppendAsync(IReadOnlyList<OutcomeLogEntry> entries, CancellationToken cancellationToken);

    /// <summary>Entries with a sequence number after <paramref name="afterSequence"/>, in order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<OutcomeLogEntry>> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>Every entry whose day is on or before <paramref name="day"/>, in sequence order.</summary>
    IAsyncEnumerable<OutcomeLogEntry> ReadUpToAsync(DateOnly day, CancellationToken cancellationToken);

    /// <summary>The last sequence number given, 0 when the log is empty.</summary>
    Task<long> LastSequenceAsync(CancellationToken cancellationToken);
}

/// <summary>One entry of the <see cref="IOutcomeLog"/>.</summary>
/// <param name="Sequence">Given by storage on append (0 in entries to append).</param>
/// <param name="Nik">The worker's NIK, packed.</param>
/// <param name="Day">The day the state took effect (Asia/Jakarta).</param>
/// <param name="State">The worker's projected state, encoded by <see cref="WorkerStateCodec"/>.</param>
public sealed record OutcomeLogEntry(long Sequence, long Nik, DateOnly Day, byte[] State);
