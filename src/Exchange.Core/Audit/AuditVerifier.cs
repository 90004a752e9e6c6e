using System.Globalization;

namespace Exchange.Core.Audit;

/// <summary>
/// Checks a trail read in sequence order, one entry at a time, in constant memory besides the checkpoints: every
/// link of the hash chain, and every signed checkpoint against the entry it names. The chain alone shows an entry
/// altered, inserted, removed or moved; the checkpoints also show a chain re-hashed after an edit, and entries
/// removed from the end, up to the last checkpoint.
/// </summary>
/// <param name="checkpoints">Checkpoints whose signatures were checked (<see cref="AuditCheckpointFile"/>).</param>
public sealed class AuditVerifier(IEnumerable<AuditCheckpoint> checkpoints)
{
    private readonly Queue<AuditCheckpoint> _pending = new(checkpoints.OrderBy(c => c.Sequence));
    private long _expected = 1;
    private string _previousHash = AuditChain.GenesisHash;
    private long _held;
    private long _checkpointsChecked;
    private long _vouched;

    /// <summary>The verification as broken at <paramref name="entry"/>, or null while everything holds.</summary>
    public AuditVerification? Check(AuditEntry entry)
    {
        if (CheckEmptyTrailCheckpoints() is { } broken)
        {
            return broken;
        }
        if (AuditChain.Problem(entry, _expected, _previousHash) is { } problem)
        {
            return Broken(entry.Sequence, problem);
        }
        // The chain holds up to here, so every checkpoint before this entry was met at its own entry.
        while (_pending.TryPeek(out var checkpoint) && checkpoint.Sequence == entry.Sequence)
        {
            _pending.Dequeue();
            if (!string.Equals(checkpoint.Hash, entry.Hash, StringComparison.Ordinal))
            {
                // The links hold but the signed hash differs: the chain was recomputed after an edit since the last match.
                var first = _vouched + 1;
                var which = first == entry.Sequence ? $"entry {first} was" : $"entries {first} to {entry.Sequence} were";
                return new AuditVerification(false, _vouched, first,
                    $"{which} rewritten and re-hashed: entry {entry.Sequence}'s hash is not the one signed in the checkpoint of {Time(checkpoint)}",
                    _checkpointsChecked, _vouched);
            }
            _checkpointsChecked++;
            _vouched = entry.Sequence;
        }
        _held++;
        _expected = entry.Sequence + 1;
        _previousHash = entry.Hash;
        return null;
    }

    /// <summary>The verification as broken at an entry that does not even read back.</summary>
    public AuditVerification Unreadable(long sequence, string problem) => Broken(sequence, problem);

    /// <summary>The verification once every entry was checked: intact unless a checkpoint names entries the trail no longer has.</summary>
    public AuditVerification Finish()
    {
        if (CheckEmptyTrailCheckpoints() is { } broken)
        {
            return broken;
        }
        if (_pending.Count > 0)
        {
            var last = _pending.Last();
            var end = _expected - 1;
            var which = end + 1 == last.Sequence ? $"entry {last.Sequence} was" : $"entries {end + 1} to {last.Sequence} were";
            return Broken(end + 1,
                $"the trail ends at entry {end}, but the checkpoint of {Time(last)} signed entry {last.Sequence}: {which} removed (truncated)");
        }
        return new AuditVerification(true, _held, null, null, _checkpointsChecked, _vouched);
    }

    /// <summary>Checkpoints of the trail while it was empty: they vouch for the genesis hash and nothing else.</summary>
    private AuditVerification? CheckEmptyTrailCheckpoints()
    {
        while (_pending.TryPeek(out var checkpoint) && checkpoint.Sequence == 0)
        {
            _pending.Dequeue();
            if (!string.Equals(checkpoint.Hash, AuditChain.GenesisHash, StringComparison.Ordinal))
            {
                return Broken(1, $"the checkpoint of {Time(checkpoint)} signed an empty trail with a hash other than the genesis hash");
            }
            _checkpointsChecked++;
        }
        return null;
    }

    private AuditVerification Broken(long sequence, string problem) =>
        new(false, _held, sequence, problem, _checkpointsChecked, _vouched);

    private static string Time(AuditCheckpoint checkpoint) =>
        checkpoint.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
