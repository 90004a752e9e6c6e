using System.Globalization;
using Exchange.Core.Batches;
using Exchange.Core.Matching;
using Exchange.Core.Validation;
using Google.Protobuf;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Registry;

/// <summary>
/// The BPJS participant registry as the gateway serves it: an immutable <see cref="RegistryIndex"/>
/// swapped whole when a sync completes, so every reader sees one version, never a mix. Syncs are
/// applied one at a time; each is stored before it is served.
/// </summary>
public sealed class ParticipantRegistry(IRegistryStore store, ParticipantValidator validator, TimeProvider clock)
{
    /// <summary>Participants (upserts plus removals) in one sync chunk.</summary>
    public const int MaxEntriesPerChunk = 5000;

    private readonly SemaphoreSlim _syncGate = new(1, 1);
    private volatile RegistryState _state = RegistryState.Empty;

    /// <summary>The current version's index; hold on to the returned object to keep using one version.</summary>
    public RegistryIndex Index => _state.Index;

    public long Version => _state.Version;

    /// <summary>
    /// After a sync here or through another replica is served: the index before and after, and the
    /// NIKs inserted, updated or removed. Handlers run before the sync's caller gets its answer.
    /// </summary>
    public event Action<RegistryChange>? Changed;

    /// <summary>The participant with this NIK as the current index knows them, or null.</summary>
    public Participant? Describe(string nik) => _state.Index.Describe(nik);

    /// <summary>Reads the stored registry and serves it (at start).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken) =>
        _state = RegistryState.From(await store.LoadAsync(cancellationToken));

    /// <summary>
    /// Serves the stored registry when a sync through another replica made it newer than the one served here; true when
    /// it did. Cheap when nothing changed: one read of the stored version.
    /// </summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        if (await store.ReadVersionAsync(cancellationToken) == _state.Version)
        {
            return false;
        }
        await _syncGate.WaitAsync(cancellationToken);
        try
        {
            return await CatchUpAsync(cancellationToken);
        }
        finally
        {
            _syncGate.Release();
        }
    }

    /// <summary>Under the sync gate: loads the stored registry if it is not the one served.</summary>
    private async Task<bool> CatchUpAsync(CancellationToken cancellationToken)
    {
        if (await store.ReadVersionAsync(cancellationToken) == _state.Version)
        {
            return false;
        }
        Serve(RegistryState.From(await store.LoadAsync(cancellationToken)));
        return true;
    }

    private void Serve(RegistryState next)
    {
        var previous = _state;
        _state = next;
        Changed?.Invoke(new RegistryChange(previous.Index, next.Index, [.. next.ChangedSince(previous).Select(NikNumber.Pack)]));
    }

    public RegistrySync BeginSync(SyncMode mode)
    {
        if (mode is not (SyncMode.Incremental or SyncMode.Snapshot))
        {
            throw new IntakeRefusal(RefusalKind.InvalidArgument,
                mode == SyncMode.Unspecified ? ViolationCodes.SyncModeRequired : ViolationCodes.SyncModeUnknown,
                "header.mode", [((int)mode).ToString(CultureInfo.InvariantCulture)]);
        }
        return new RegistrySync(this, mode);
    }

    private async Task<SyncParticipantsResponse> CommitAsync(RegistrySync sync, CancellationToken cancellationToken)
    {
        await _syncGate.WaitAsync(cancellationToken);
        try
        {
            // A sync is summarised against the registry as stored, which another replica may have changed.
            await CatchUpAsync(cancellationToken);
            var current = _state;
            var summary = current.Summarise(sync);
            if (summary.Inserted + summary.Updated + summary.Removed == 0)
            {
                summary.RegistryVersion = current.Version;
                return summary;
            }
            summary.RegistryVersion = await store.AppendSyncAsync(
                new CompletedSync(sync.Mode, sync.Upserts.Values, sync.Removals.Select(NikNumber.Format).ToList(), summary,
                    clock.GetUtcNow()),
                cancellationToken);
            // Serve exactly what was stored.
            Serve(RegistryState.From(await store.LoadAsync(cancellationToken)));
            return summary;
        }
        finally
        {
            _syncGate.Release();
        }
    }

    /// <summary>One sync stream's changes, gathered until the stream ends; nothing is applied before.</summary>
    public sealed class RegistrySync
    {
        private readonly ParticipantRegistry _registry;

        internal RegistrySync(ParticipantRegistry registry, SyncMode mode)
        {
            _registry = registry;
            Mode = mode;
        }

        public SyncMode Mode { get; }

        internal Dictionary<long, Participant> Upserts { get; } = [];

        internal HashSet<long> Removals { get; } = [];

        /// <summary>Checks and gathers one chunk; a bad entry refuses the whole sync.</summary>
        public void Add(ParticipantChunk chunk)
        {
            var entries = chunk.Upserts.Count + chunk.RemovedNiks.Count;
            if (entries == 0)
            {
                throw new IntakeRefusal(RefusalKind.InvalidArgument, ViolationCodes.ChunkEmpty, "chunk", []);
            }
            if (entries > MaxEntriesPerChunk)
            {
                throw new IntakeRefusal(RefusalKind.InvalidArgument, ViolationCodes.ChunkTooLarge, "chunk",
                    [Text(entries), Text(MaxEntriesPerChunk)]);
            }
            if (Mode == SyncMode.Snapshot && chunk.RemovedNiks.Count > 0)
            {
                throw new IntakeRefusal(RefusalKind.InvalidArgument, ViolationCodes.SnapshotRemovals, "chunk.removed_niks", []);
            }
            for (var i = 0; i < chunk.Upserts.Count; i++)
            {
                var participant = chunk.Upserts[i];
                var findings = Findings.From(_registry.Validator.Validate(participant));
                if (findings.Count > 0)
                {
                    var finding = findings[0];
                    throw new IntakeRefusal(RefusalKind.InvalidArgument, finding.Code,
                        $"chunk.upserts[{Text(i)}].{finding.Field}", finding.Arguments);
                }
            }
            for (var i = 0; i < chunk.RemovedNiks.Count; i++)
            {
                if (!NikNumber.TryParse(chunk.RemovedNiks[i], out _))
                {
                    throw new IntakeRefusal(RefusalKind.InvalidArgument, ViolationCodes.NikMalformed,
                        $"chunk.removed_niks[{Text(i)}]", []);
                }
            }
            // The later of two changes to one NIK in a sync wins.
            foreach (var participant in chunk.Upserts)
            {
                NikNumber.TryParse(participant.Nik, out var nik);
                Upserts[nik] = participant;
                Removals.Remove(nik);
            }
            foreach (var text in chunk.RemovedNiks)
            {
                NikNumber.TryParse(text, out var nik);
                Upserts.Remove(nik);
                Removals.Add(nik);
            }
        }

        /// <summary>Stores and serves the sync; returns what it changed.</summary>
        public Task<SyncParticipantsResponse> CommitAsync(CancellationToken cancellationToken) =>
            _registry.CommitAsync(this, cancellationToken);

        private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
    }

    private ParticipantValidator Validator => validator;

    /// <summary>One served version: its index, and a fingerprint per NIK to tell updates from repeats.</summary>
    private sealed class RegistryState
    {
        private readonly long[] _niks;
        private readonly ulong[] _fingerprints;

        private RegistryState(long version, RegistryIndex index, long[] niks, ulong[] fingerprints)
        {
            Version = version;
            Index = index;
            _niks = niks;
            _fingerprints = fingerprints;
        }

        public static RegistryState Empty { get; } = new(0, RegistryIndex.Empty, [], []);

        public long Version { get; }

        public RegistryIndex Index { get; }

        public static RegistryState From(RegistryContents contents)
        {
            var niks = new long[contents.Participants.Count];
            var fingerprints = new ulong[niks.Length];
            var participants = new RegistryParticipant[niks.Length];
            var i = 0;
            foreach (var (nik, participant) in contents.Participants)
            {
                niks[i] = nik;
                fingerprints[i] = Fingerprint(participant);
                participants[i] = RegistryMapping.ToRegistryParticipant(participant);
                i++;
            }
            Array.Sort(niks, fingerprints);
            return new RegistryState(contents.Version, RegistryIndex.Build(participants), niks, fingerprints);
        }

        /// <summary>The NIKs whose participant differs between the two versions, in order.</summary>
        public List<long> ChangedSince(RegistryState previous)
        {
            var changed = new List<long>();
            int i = 0, j = 0;
            while (i < _niks.Length || j < previous._niks.Length)
            {
                if (j == previous._niks.Length || (i < _niks.Length && _niks[i] < previous._niks[j]))
                {
                    changed.Add(_niks[i++]);
                }
                else if (i == _niks.Length || previous._niks[j] < _niks[i])
                {
                    changed.Add(previous._niks[j++]);
                }
                else
                {
                    if (_fingerprints[i] != previous._fingerprints[j])
                    {
                        changed.Add(_niks[i]);
                    }
                    i++;
                    j++;
                }
            }
            return changed;
        }

        public SyncParticipantsResponse Summarise(RegistrySync sync)
        {
            var summary = new SyncParticipantsResponse();
            foreach (var (nik, participant) in sync.Upserts)
            {
                var at = Array.BinarySearch(_niks, nik);
                if (at < 0)
                {
                    summary.Inserted++;
                }
                else if (_fingerprints[at] == Fingerprint(participant))
                {
                    summary.Unchanged++;
                }
                else
                {
                    summary.Updated++;
                }
            }
            if (sync.Mode == SyncMode.Snapshot)
            {
                summary.Removed = _niks.Length - summary.Updated - summary.Unchanged;
                summary.ParticipantCount = sync.Upserts.Count;
            }
            else
            {
                summary.Removed = sync.Removals.Count(nik => Array.BinarySearch(_niks, nik) >= 0);
                summary.ParticipantCount = _niks.Length + summary.Inserted - summary.Removed;
            }
            return summary;
        }

        /// <summary>FNV-1a over the serialized participant: equal data, equal fingerprint.</summary>
        private static ulong Fingerprint(Participant participant)
        {
            var hash = 14695981039346656037UL;
            foreach (var b in participant.ToByteArray())
            {
                hash = (hash ^ b) * 1099511628211UL;
            }
            return hash;
        }
    }
}
