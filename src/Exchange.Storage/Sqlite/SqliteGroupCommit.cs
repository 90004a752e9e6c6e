using Microsoft.Data.Sqlite;

namespace Exchange.Storage.Sqlite;

/// <summary>
/// Group commit for one kind of write: the writes of every caller waiting at the moment a commit starts go into one
/// transaction and one fsync, one after another in the order they came, instead of each caller taking SQLite's writer
/// lock on its own (and waiting on the driver's busy retries while another holds it). A write that throws (refused,
/// such as an offset another replica took, or failed) gets its exception, and the rest of the group is written again
/// without it, as if it had never been tried: one caller's problem is never another's. A commit that fails (disk full,
/// I/O) fails every write of the group: none of them is durable.
/// One commit runs at a time, on a pool thread. Its connection does not checkpoint the WAL inside the commit (SQLite's
/// automatic checkpoint would copy the pages the commit wrote into the database file, and fsync it, before the
/// callers hear that their writes are durable): once the groups since the last checkpoint have written about as many
/// pages as SQLite's automatic checkpoint waits for (<paramref name="pages"/> estimates a write's, from above), it
/// checkpoints after answering them, while they prepare their next writes and before the next group is committed.
/// </summary>
internal sealed class SqliteGroupCommit<TWrite>(SqliteDatabase database, Action<SqliteConnection, SqliteTransaction, TWrite> write,
    Func<TWrite, int> pages)
{
    // Only the one committing thread reads and writes it.
    private int _pagesSinceCheckpoint;

    private readonly Lock _gate = new();
    private List<Pending> _waiting = [];
    private bool _committing;

    /// <summary>Completes once <paramref name="item"/> is durable, or with the exception that refused or failed it.</summary>
    public Task WriteAsync(TWrite item)
    {
        var pending = new Pending(item);
        lock (_gate)
        {
            _waiting.Add(pending);
            if (!_committing)
            {
                _committing = true;
                ThreadPool.QueueUserWorkItem(_ => CommitWaiting());
            }
        }
        return pending.Done.Task;
    }

    /// <summary>Commits the writes waiting now, then the next group if one gathered meanwhile.</summary>
    private void CommitWaiting()
    {
        while (true)
        {
            List<Pending> group;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _committing = false;
                    return;
                }
                (group, _waiting) = (_waiting, []);
            }
            Commit(group);
        }
    }

    private void Commit(List<Pending> group)
    {
        // A write that throws leaves the transaction holding the writes before it: the group is rolled back and written again
        // without it. That is rare (another replica's chunk, a finished batch), and a savepoint per write instead would copy
        // every page a write touches into SQLite's statement journal.
        var remaining = group;
        while (remaining.Count > 0)
        {
            Pending? refused = null;
            SqliteConnection? connection = null;
            try
            {
                connection = database.Connect();
                SqliteDatabase.Execute(connection, "PRAGMA wal_autocheckpoint = 0;");
                using (var transaction = connection.BeginTransaction())
                {
                    foreach (var pending in remaining)
                    {
                        try
                        {
                            write(connection, transaction, pending.Item);
                        }
                        catch (Exception e)
                        {
                            refused = pending;
                            refused.Done.TrySetException(e);
                            break;
                        }
                    }
                    if (refused is null)
                    {
                        transaction.Commit();
                    }
                }
            }
            catch (Exception fault)
            {
                foreach (var pending in remaining)
                {
                    pending.Done.TrySetException(fault);
                }
                Release(connection, checkpoint: false);
                return;
            }
            if (refused is null)
            {
                foreach (var pending in remaining)
                {
                    pending.Done.TrySetResult();
                }
                _pagesSinceCheckpoint += remaining.Sum(pending => pages(pending.Item));
                var checkpoint = _pagesSinceCheckpoint >= AutomaticCheckpointPages;
                if (checkpoint)
                {
                    _pagesSinceCheckpoint = 0;
                }
                Release(connection, checkpoint);
                return;
            }
            Release(connection, checkpoint: false);
            remaining = [.. remaining.Where(pending => pending != refused)];
        }
    }

    /// <summary>
    /// Checkpoints if asked and hands the connection back to the pool as other users expect it, checkpointing on its own;
    /// a connection that cannot be set back is dropped with the pool's idle connections instead. A checkpoint that fails loses nothing: the WAL keeps the
    /// pages, and the next checkpoint copies them.
    /// </summary>
    private static void Release(SqliteConnection? connection, bool checkpoint)
    {
        if (connection is null)
        {
            return;
        }
        try
        {
            if (checkpoint)
            {
                SqliteDatabase.Execute(connection, "PRAGMA wal_checkpoint(PASSIVE);");
            }
            SqliteDatabase.Execute(connection, $"PRAGMA wal_autocheckpoint = {AutomaticCheckpointPages};");
        }
        catch (Exception)
        {
            // Whatever went wrong, the next group must find a connection that checkpoints as SQLite's default says, and the
            // committing thread must go on to it: an exception here would leave every later write waiting.
            SqliteConnection.ClearPool(connection);
        }
        finally
        {
            connection.Dispose();
        }
    }

    /// <summary>SQLite's default: a connection that commits checkpoints once the WAL holds this many pages.</summary>
    private const int AutomaticCheckpointPages = 1000;

    private sealed class Pending(TWrite item)
    {
        public TWrite Item { get; } = item;

        // Callers go on on their own threads, not on the committing one.
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
