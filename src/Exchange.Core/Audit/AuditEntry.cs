namespace Exchange.Core.Audit;

/// <summary>An event in the trail, chained to the entry before it.</summary>
/// <param name="Sequence">Position in the trail, from 1, without gaps.</param>
/// <param name="PreviousHash">The previous entry's hash; <see cref="AuditChain.GenesisHash"/> for the first.</param>
/// <param name="Hash"><see cref="AuditChain.Hash"/> of this entry: lowercase hex SHA-256.</param>
public sealed record AuditEntry(long Sequence, AuditEvent Event, string PreviousHash, string Hash);
