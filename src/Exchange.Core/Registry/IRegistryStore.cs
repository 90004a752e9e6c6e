using Jamsostek.Exchange.V1;

namespace Exchange.Core.Registry;

/// <summary>
/// Durable home of the participant registry: every completed sync is appended whole, and the current
/// registry is the last snapshot with the increments after it applied.
/// </summary>
public interface IRegistryStore
{
    /// <summary>The registry as of the last completed sync.</summary>
    Task<RegistryContents> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Stores one completed sync atomically and returns the registry's new version.</summary>
    Task<long> AppendSyncAsync(CompletedSync sync, CancellationToken cancellationToken);

    /// <summary>
    /// The version of the last completed sync, without loading it: cheap enough to ask often, so a gateway notices a sync
    /// another replica stored.
    /// </summary>
    Task<long> ReadVersionAsync(CancellationToken cancellationToken);
}

/// <summary>The participants of one registry version, keyed by NIK as a number.</summary>
public sealed record RegistryContents(long Version, IReadOnlyDictionary<long, Participant> Participants);

/// <summary>A sync as it is stored: its mode, its net changes and what they did.</summary>
public sealed record CompletedSync(
    SyncMode Mode,
    IReadOnlyCollection<Participant> Upserts,
    IReadOnlyCollection<string> Removals,
    SyncParticipantsResponse Summary,
    DateTimeOffset CompletedAt);
