namespace Exchange.Core.Audit;

/// <summary>
/// The append-only, hash-chained record of every processing activity. Entries are never changed or
/// removed; <see cref="VerifyAsync(CancellationToken)"/> shows whether someone with access to the storage did.
/// </summary>
public interface IAuditTrail
{
    /// <summary>Appends <paramref name="auditEvent"/> (<see cref="AuditEvent.Sanitised"/> first) as the next entry.</summary>
    Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken);

    /// <summary>At most <paramref name="limit"/> entries after <paramref name="afterSequence"/>, in sequence order.</summary>
    IAsyncEnumerable<AuditEntry> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>The last entry, or null for an empty trail.</summary>
    Task<AuditEntry?> ReadLastAsync(CancellationToken cancellationToken);

    /// <summary>Entries of calls to <paramref name="method"/> whose detail starts with <paramref name="detailPrefix"/>, in sequence order.</summary>
    IAsyncEnumerable<AuditEntry> FindAsync(string method, string detailPrefix, CancellationToken cancellationToken);

    /// <summary>
    /// Checks the whole chain in one pass, in constant memory, and names the first entry that does not hold; with every
    /// checkpoint this trail knows of (none for a bare store).
    /// </summary>
    Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The chain, and the trail against <paramref name="checkpoints"/> (whose signatures the caller checked): a re-hashed
    /// chain or entries removed from the end show at the checkpoints.
    /// </summary>
    Task<AuditVerification> VerifyAsync(IReadOnlyCollection<AuditCheckpoint> checkpoints, CancellationToken cancellationToken);
}
