using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Exchange.Core.Audit;
using Exchange.Core.Batches;
using Exchange.Core.Validation;
using Grpc.Core;

namespace Exchange.Server.Security;

/// <summary>
/// Calls refused for want of valid credentials: limited per source (remote IP, IPv6 by /64; a token bucket by the
/// gateway's clock) and recorded in aggregate, one audit entry per source and interval with the counts, so a flood of
/// them neither grows the trail by an entry per call nor queues legitimate calls' entries behind its own. An interval's
/// entries are appended when it ends, before the trail is read (<see cref="FlushDueAsync"/>), and at shutdown.
/// </summary>
public sealed class RefusedCalls(AuditRecorder audit, AuditSettings settings, TimeProvider clock)
    : IHostedService, IDisposable
{
    /// <summary>Sources counted one by one; beyond them the rest share one bucket and one entry, so memory and entries stay bounded.</summary>
    public const int MaxSources = 1000;

    /// <summary>The caller name of the aggregate entries, as for any call without valid credentials.</summary>
    public const string Caller = "anonymous";

    private const string OtherSources = "other sources";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tally> _tallies = new(StringComparer.Ordinal);
    private readonly List<AuditEvent> _due = [];
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly TimeSpan _interval = TimeSpan.FromSeconds(settings.RefusedCallAuditSeconds);
    private DateTimeOffset _intervalStart = IntervalStart(clock.GetUtcNow(), TimeSpan.FromSeconds(settings.RefusedCallAuditSeconds));
    private ITimer? _timer;

    /// <summary>
    /// What to answer a call refused for want of credentials: <paramref name="refusal"/> itself while its source is within
    /// its allowance, RESOURCE_EXHAUSTED saying how long to wait once it is not.
    /// </summary>
    public IntakeRefusal Limit(ServerCallContext context, IntakeRefusal refusal)
    {
        var perMinute = settings.RefusedCallsPerMinutePerSource;
        var perSecond = perMinute / 60.0;
        var source = SourceOf(context);
        lock (_lock)
        {
            var now = clock.GetTimestamp();
            if (!_buckets.TryGetValue(source, out var bucket))
            {
                source = _buckets.Count < MaxSources ? source : OtherSources;
                bucket = _buckets.TryGetValue(source, out var shared) ? shared : _buckets[source] = new Bucket(settings.RefusedCallBurstPerSource, now);
            }
            bucket.Tokens = Math.Min(settings.RefusedCallBurstPerSource, bucket.Tokens + clock.GetElapsedTime(bucket.Stamp, now).TotalSeconds * perSecond);
            bucket.Stamp = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens--;
                return refusal;
            }
            var limit = perMinute.ToString(CultureInfo.InvariantCulture);
            return new IntakeRefusal(RefusalKind.ResourceExhausted, ViolationCodes.RefusedCallsExceeded, null, [limit],
                new Dictionary<string, string> { ["max_refused_calls_per_minute"] = limit }, TimeSpan.FromSeconds((1 - bucket.Tokens) / perSecond));
        }
    }

    /// <summary>Counts a call that ended without an authenticated caller, with the status it got (PERMISSION_DENIED spelling).</summary>
    public void Count(ServerCallContext context, string outcome)
    {
        var source = SourceOf(context);
        lock (_lock)
        {
            CloseEndedInterval(clock.GetUtcNow(), closeCurrent: false);
            if (!_tallies.TryGetValue(source, out var tally))
            {
                source = _tallies.Count < MaxSources ? source : OtherSources;
                tally = _tallies.TryGetValue(source, out var shared) ? shared : _tallies[source] = new Tally();
            }
            tally.Add(context.Method, outcome);
        }
    }

    /// <summary>Appends the entries of every interval that has ended; waits for a flush under way, so a reader after it sees them.</summary>
    public Task FlushDueAsync() => FlushAsync(closeCurrent: false);

    private async Task FlushAsync(bool closeCurrent)
    {
        await _flushing.WaitAsync();
        try
        {
            List<AuditEvent> due;
            lock (_lock)
            {
                CloseEndedInterval(clock.GetUtcNow(), closeCurrent);
                due = [.. _due];
                _due.Clear();
            }
            foreach (var auditEvent in due)
            {
                await audit.RecordAsync(auditEvent);
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    /// <summary>Turns the tallies of an interval that has ended (or of the current one, at shutdown) into audit events.</summary>
    private void CloseEndedInterval(DateTimeOffset now, bool closeCurrent)
    {
        var end = _intervalStart + _interval;
        if (now < end && !closeCurrent)
        {
            return;
        }
        end = now < end ? now : end;
        foreach (var (source, tally) in _tallies)
        {
            _due.Add(tally.ToEvent(source, _intervalStart, end));
        }
        _tallies.Clear();
        _intervalStart = IntervalStart(now, _interval);
        // A bucket that has refilled is as good as none: forget it, so only recent sources take memory.
        var stamp = clock.GetTimestamp();
        var perSecond = settings.RefusedCallsPerMinutePerSource / 60.0;
        foreach (var (source, bucket) in _buckets.ToList())
        {
            if (bucket.Tokens + clock.GetElapsedTime(bucket.Stamp, stamp).TotalSeconds * perSecond >= settings.RefusedCallBurstPerSource)
            {
                _buckets.Remove(source);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var untilEnd = _intervalStart + _interval - clock.GetUtcNow();
        _timer = clock.CreateTimer(_ => _ = FlushDueAsync(), null, untilEnd < TimeSpan.Zero ? TimeSpan.Zero : untilEnd, _interval);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }
        await FlushAsync(closeCurrent: true);
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _flushing.Dispose();
    }

    /// <summary>The remote IP; an IPv6 address by its /64, which one host usually has whole.</summary>
    private static string SourceOf(ServerCallContext context)
    {
        var address = context.GetHttpContext().Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static DateTimeOffset IntervalStart(DateTimeOffset now, TimeSpan interval) =>
        new(now.UtcTicks - now.UtcTicks % interval.Ticks, TimeSpan.Zero);

    private sealed class Bucket(double tokens, long stamp)
    {
        public double Tokens { get; set; } = tokens;

        public long Stamp { get; set; } = stamp;
    }

    private sealed class Tally
    {
        private readonly SortedDictionary<string, long> _outcomes = new(StringComparer.Ordinal);
        private readonly HashSet<string> _methods = new(StringComparer.Ordinal);
        private long _calls;

        public void Add(string method, string outcome)
        {
            _calls++;
            _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + 1;
            // A handful of methods exist; a client cannot make this set grow past them.
            _methods.Add(method);
        }

        public AuditEvent ToEvent(string source, DateTimeOffset start, DateTimeOffset end)
        {
            var outcomes = string.Join(", ", _outcomes.Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Value} {o.Key}")));
            var methods = _methods.Count == 1 ? "" : string.Create(CultureInfo.InvariantCulture, $", {_methods.Count} methods");
            var detail = string.Create(CultureInfo.InvariantCulture,
                $"{_calls} calls without valid credentials from {source}, {start:yyyy-MM-ddTHH:mm:ssZ} to {end:yyyy-MM-ddTHH:mm:ssZ}: {outcomes}{methods}");
            return new AuditEvent(end, Caller, "none", _methods.Count == 1 ? _methods.First() : "*", null, 0, "UNAUTHENTICATED", detail);
        }
    }
}
