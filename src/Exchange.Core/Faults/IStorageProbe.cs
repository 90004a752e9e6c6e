namespace Exchange.Core.Faults;

/// <summary>
/// One small real write to the database, committed and made durable, so it fails exactly when the engine cannot write
/// (disk full, read-only file, unreachable server). The gateway calls it after a storage fault, every few seconds, until
/// it succeeds: a read, or a write rolled back, succeeds on a full disk and would report it healthy too early.
/// </summary>
public interface IStorageProbe
{
    /// <summary>Writes and commits; throws what the engine throws when it cannot (see <see cref="IStorageFaults"/>).</summary>
    Task WriteAsync(CancellationToken cancellationToken);
}
