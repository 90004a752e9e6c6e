namespace Exchange.Core.Faults;

/// <summary>
/// Tells a fault of the database (disk full, read-only, unreachable, shutting down) from a bug. Each storage engine
/// knows its own exceptions; the gateway asks this to answer a fault with UNAVAILABLE and a retry hint (nothing of the
/// call was stored, and the same call may succeed later) and to report itself NOT_SERVING until writes succeed again.
/// </summary>
public interface IStorageFaults
{
    /// <summary>
    /// Whether <paramref name="exception"/> (or an exception inside it) is a storage fault; <paramref name="reason"/>
    /// says which, in words safe for a client and a log (no data, no paths).
    /// </summary>
    bool IsFault(Exception exception, out string reason);
}
