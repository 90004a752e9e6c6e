using System.Globalization;
using Exchange.Core.Audit;
using Exchange.Core.Faults;
using Exchange.Server.Hosting;

namespace Exchange.Server.Security;

/// <summary>
/// Appends the audit entry of each call (the gatekeeper's, the refused calls' tallies). While the database cannot be
/// written the entries are kept in memory, in the order they came, and appended one after another once it can
/// (<see cref="FlushAsync"/>, after the storage probe's first good write): the trail still gets every call, in order,
/// and its chain stays one line. Kept entries are bounded by AuditBacklogEntries: once that many are kept the gatekeeper
/// refuses calls (<see cref="IsFull"/>) rather than serve them without a record, and the entries that still arrive
/// are counted into one entry at their place in the order.
/// </summary>
public sealed partial class AuditRecorder(IAuditTrail trail, IStorageFaults faults, StorageHealth storage, AuditSettings settings,
    ILogger<AuditRecorder> logger) : IHostedService, IDisposable
{
    private readonly Lock _lock = new();
    private readonly Queue<Kept> _kept = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private Unrecorded? _tail;

    /// <summary>As many entries are kept as allowed: a call now would end without its own entry.</summary>
    public bool IsFull
    {
        get
        {
            lock (_lock)
            {
                return _kept.Count >= settings.AuditBacklogEntries;
            }
        }
    }

    /// <summary>Entries wait for the database.</summary>
    public bool HasKept
    {
        get
        {
            lock (_lock)
            {
                return _kept.Count > 0;
            }
        }
    }

    /// <summary>Appends <paramref name="auditEvent"/>, or keeps it, behind any kept before it, until the database takes writes.</summary>
    public async Task RecordAsync(AuditEvent auditEvent)
    {
        lock (_lock)
        {
            if (_kept.Count > 0)
            {
                Keep(auditEvent);
                return;
            }
        }
        if (!await TryAppendAsync(auditEvent))
        {
            lock (_lock)
            {
                Keep(auditEvent);
            }
        }
    }

    /// <summary>
    /// Appends the kept entries in order, unless the database is known not to take writes; stops at the first fault.
    /// Waits for a flush under way, so a reader after it sees its entries.
    /// </summary>
    public async Task FlushAsync()
    {
        if (storage.Fault is not null)
        {
            return;
        }
        await _flushing.WaitAsync();
        try
        {
            while (true)
            {
                Kept? next;
                lock (_lock)
                {
                    if (!_kept.TryPeek(out next))
                    {
                        return;
                    }
                    // Its count is taken now: calls after this one go into a new tally, behind it.
                    if (ReferenceEquals(next, _tail))
                    {
                        _tail = null;
                    }
                }
                if (!await TryAppendAsync(next.ToEvent()))
                {
                    return;
                }
                lock (_lock)
                {
                    _kept.Dequeue();
                }
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    /// <summary>False on a storage fault (the entry is to be kept); true once appended, or lost for another reason, loudly.</summary>
    private async Task<bool> TryAppendAsync(AuditEvent auditEvent)
    {
        try
        {
            await trail.AppendAsync(auditEvent, CancellationToken.None);
            return true;
        }
        catch (Exception exception) when (faults.IsFault(exception, out var reason))
        {
            storage.Failed(reason, exception);
            return false;
        }
        catch (Exception exception)
        {
            // Not a fault that passes (a trail cut while running refuses every append): keeping the entry would not help.
            LogLost(logger, exception, auditEvent.Method);
            return true;
        }
    }

    private void Keep(AuditEvent auditEvent)
    {
        if (_kept.Count < settings.AuditBacklogEntries)
        {
            _kept.Enqueue(new One(auditEvent));
            _tail = null;
            return;
        }
        if (_tail is null)
        {
            _tail = new Unrecorded(settings.AuditBacklogEntries);
            _kept.Enqueue(_tail);
        }
        _tail.Add(auditEvent);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A last flush; entries the database still does not take are lost with the process, and the log says how many.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await FlushAsync();
        int count;
        lock (_lock)
        {
            count = _kept.Sum(kept => kept.Calls);
        }
        if (count > 0)
        {
            LogLostAtStop(logger, count, storage.Fault ?? "no write tried since");
        }
    }

    public void Dispose() => _flushing.Dispose();

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not append the audit entry of a call to {Method}")]
    private static partial void LogLost(ILogger logger, Exception exception, string method);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "The gateway stops with the audit entries of {Calls} calls not written: the database could not be written ({Fault})")]
    private static partial void LogLostAtStop(ILogger logger, int calls, string fault);

    private abstract class Kept
    {
        public abstract int Calls { get; }

        public abstract AuditEvent ToEvent();
    }

    private sealed class One(AuditEvent auditEvent) : Kept
    {
        public override int Calls => 1;

        public override AuditEvent ToEvent() => auditEvent;
    }

    /// <summary>Calls that ended while the kept entries were at their bound: one entry says how many, who, when and how they ended.</summary>
    private sealed class Unrecorded(int bound) : Kept
    {
        private readonly SortedDictionary<string, int> _outcomes = new(StringComparer.Ordinal);
        private readonly SortedSet<string> _callers = new(StringComparer.Ordinal);
        private int _calls;
        private DateTimeOffset _first = DateTimeOffset.MaxValue;
        private DateTimeOffset _last = DateTimeOffset.MinValue;

        public override int Calls => _calls;

        public void Add(AuditEvent auditEvent)
        {
            _calls++;
            _first = auditEvent.At < _first ? auditEvent.At : _first;
            _last = auditEvent.At > _last ? auditEvent.At : _last;
            _outcomes[auditEvent.Outcome] = _outcomes.GetValueOrDefault(auditEvent.Outcome) + 1;
            // Configured caller names, and "anonymous": a client cannot make this set grow past them.
            _callers.Add(auditEvent.Caller);
        }

        public override AuditEvent ToEvent()
        {
            var outcomes = string.Join(", ", _outcomes.Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Value} {o.Key}")));
            var detail = string.Create(CultureInfo.InvariantCulture,
                $"{_calls} calls of {string.Join(", ", _callers)}, {_first.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} to {_last.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}, not recorded one by one: the database could not be written and {bound} entries were waiting: {outcomes}");
            return new AuditEvent(_last, "gateway", "none", "*", null, 0, "UNAVAILABLE", detail);
        }
    }
}
