namespace Exchange.Core.Audit;

/// <summary>The result of checking a whole trail.</summary>
/// <param name="Intact">Whether every entry's sequence, link and hash hold, and every checkpoint matches the trail.</param>
/// <param name="EntriesChecked">Entries that hold: all of them when intact, those before the broken one otherwise.</param>
/// <param name="FirstBrokenSequence">The first entry that does not hold, when one does not.</param>
/// <param name="Problem">Why it does not hold.</param>
/// <param name="CheckpointsChecked">Signed checkpoints the trail was found to match.</param>
/// <param name="LastCheckpointSequence">The highest entry a matching checkpoint vouches for (0 when none does).</param>
public sealed record AuditVerification(bool Intact, long EntriesChecked, long? FirstBrokenSequence, string? Problem,
    long CheckpointsChecked = 0, long LastCheckpointSequence = 0);
