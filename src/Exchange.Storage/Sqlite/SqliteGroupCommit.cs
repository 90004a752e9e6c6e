using Microsoft.Data.Sqlite;

namespace Exchange.Storage.Sqlite;

/// <summary>
/// Group commit for one kind of write: the writes of every caller waiting at the moment a commit starts go into one
/// transaction and one fsync, one after another in the order they came, instead of each caller taking SQLite's writer
/// lock on its own (and waiting on the driver's busy retries while another holds it). A write that is refused
/// (<paramref name="refusals"/>: the caller's own problem, such as an offset another replica took) is reported to its
/// caller and the rest of the group committed without it, as if it had never been tried. A fault of the database
/// (disk full, I/O) fails every write of the group: none of them is durable. One commit runs at a time; the caller
/// that finds no commit running writes its group on its own thread, and a pool thread writes any group that gathered
/// meanwhile, so no caller waits for more than the commit it joined and the one before it.
/// </summary>
internal sealed class SqliteGroupCommit<TWrite>(SqliteDatabase database, Action<SqliteConnection, SqliteTransaction, TWrite> write,
    Func<Exception, bool> refusals)
{
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
            if (_committing)
            {
                return pending.Done.Task;
            }
            _committing = true;
        }
        CommitWaiting();
        return pending.Done.Task;
    }

    /// <summary>Commits the writes waiting now; hands the next group, if one gathered meanwhile, to a pool thread.</summary>
    private void CommitWaiting()
    {
        List<Pending> group;
        lock (_gate)
        {
            (group, _waiting) = (_waiting, []);
        }
        Commit(group);
        lock (_gate)
        {
            if (_waiting.Count == 0)
            {
                _committing = false;
                return;
            }
        }
        ThreadPool.QueueUserWorkItem(_ => CommitWaiting());
    }

    private void Commit(List<Pending> group)
    {
        // A refused write leaves the transaction holding the writes before it: the group is rolled back and written again
        // without it. Refusals are rare (another replica's chunk, a finished batch), and a savepoint per write instead would
        // copy every page a write touches into SQLite's statement journal.
        var remaining = group;
        while (remaining.Count > 0)
        {
            Pending? refused = null;
            try
            {
                using var connection = database.Connect();
                using var transaction = connection.BeginTransaction();
                foreach (var pending in remaining)
                {
                    try
                    {
                        write(connection, transaction, pending.Item);
                    }
                    catch (Exception e) when (refusals(e))
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
            catch (Exception fault)
            {
                foreach (var pending in remaining)
                {
                    pending.Done.TrySetException(fault);
                }
                return;
            }
            if (refused is null)
            {
                foreach (var pending in remaining)
                {
                    pending.Done.TrySetResult();
                }
                return;
            }
            remaining = [.. remaining.Where(pending => pending != refused)];
        }
    }

    private sealed class Pending(TWrite item)
    {
        public TWrite Item { get; } = item;

        // Callers go on on their own threads, not on the committing one.
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
