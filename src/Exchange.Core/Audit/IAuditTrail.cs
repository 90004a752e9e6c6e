namespace Exchange.Core.Audit;

/// <summary>
/// The append-only, hash-chained record of every processing activity. Entries are never changed or
/// removed; <see cref="VerifyAsync"/> shows whether someone with access to the storage did.
/// </summary>
public interface IAuditTrail
{
    /// <summary>Appends <paramref name="auditEvent"/> (<see cref="AuditEvent.Sanitised"/> first) as the next entry.</summary>
    Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken);

    /// <summary>At most <paramref name="limit"/> entries after <paramref name="afterSequence"/>, in sequence order.</summary>
    IAsyncEnumerable<AuditEntry> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>Checks the whole chain in one pass, in constant memory, and names the first entry that does not hold.</summary>
    Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken);
}
