namespace Exchange.Core.Audit;

/// <summary>The result of checking a whole trail.</summary>
/// <param name="Intact">Whether every entry's sequence, link and hash hold.</param>
/// <param name="EntriesChecked">Entries that hold: all of them when intact, those before the broken one otherwise.</param>
/// <param name="FirstBrokenSequence">The first entry that does not hold, when one does not.</param>
/// <param name="Problem">Why it does not hold.</param>
public sealed record AuditVerification(bool Intact, long EntriesChecked, long? FirstBrokenSequence, string? Problem);
