using Exchange.Core.Faults;
using Microsoft.Data.Sqlite;

namespace Exchange.Storage.Sqlite;

/// <summary>
/// SQLite's "cannot now" errors: a full or failing disk, a read-only or unopenable file, another writer holding the
/// lock, no memory. The same statement may succeed later, so they are faults, not bugs. A corrupt file or one that is
/// not a database is neither: retrying cannot help, and the gateway must not report it as passing.
/// </summary>
public sealed class SqliteFaults : IStorageFaults
{
    private const int Busy = 5;
    private const int Locked = 6;
    private const int NoMemory = 7;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int Protocol = 15;

    // Extended codes of IoError that mean a write did not get onto the disk (EFBIG, EDQUOT, EIO, ENOSPC on sync).
    private const int IoErrorWrite = IoError | (3 << 8);
    private const int IoErrorFsync = IoError | (4 << 8);
    private const int IoErrorTruncate = IoError | (6 << 8);
    private const int IoErrorShmSize = IoError | (19 << 8);

    public bool IsFault(Exception exception, out string reason)
    {
        if (Find(exception) is not { } fault)
        {
            reason = "";
            return false;
        }
        var code = fault.SqliteErrorCode & 0xFF;
        reason = Describe(code, fault.SqliteExtendedErrorCode);
        if (code is ReadOnly or CantOpen)
        {
            // A pooled connection keeps what it met when it opened: one opened while the file was read-only stays read-only
            // after it is writable again. Every connection from now on opens afresh; those in use are closed, not pooled.
            // Not on a full disk: pooled connections write again once there is space, and they keep SQLite's shared memory
            // file mapped, which the first connection to open after the last one closed rebuilds, a write that would fail.
            SqliteConnection.ClearAllPools();
        }
        return true;
    }

    private static SqliteException? Find(Exception exception) => exception switch
    {
        SqliteException sqlite when IsTransient(sqlite.SqliteErrorCode & 0xFF) => sqlite,
        AggregateException all => all.InnerExceptions.Select(Find).FirstOrDefault(found => found is not null),
        _ => exception.InnerException is { } inner ? Find(inner) : null,
    };

    private static bool IsTransient(int code) => code is Busy or Locked or NoMemory or ReadOnly or IoError or Full or CantOpen or Protocol;

    private static string Describe(int code, int extended) => code switch
    {
        Full => "disk full",
        IoError when extended is IoErrorWrite or IoErrorFsync or IoErrorTruncate or IoErrorShmSize =>
            "the database files do not take writes (disk full, over quota, read-only or failing)",
        IoError => "disk I/O error",
        ReadOnly => "the database file is read-only",
        CantOpen => "the database file cannot be opened",
        NoMemory => "out of memory",
        _ => "the database is locked by another writer",
    };
}
