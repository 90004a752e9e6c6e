using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Exchange.Core.Batches;
using Exchange.Core.Time;
using Exchange.Core.Validation;
using Exchange.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Security;

/// <summary>
/// Per-caller limits: open streams, records per second (a token bucket) and records per agency per day; and open
/// anonymous Health/Watch streams per remote address. A caller over a limit is refused with RESOURCE_EXHAUSTED and
/// told how long to wait; other callers are not affected.
/// </summary>
public sealed class CallerLimits(IOptions<GatewayOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, StreamCount> _streams = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DailyCount> _days = new(StringComparer.OrdinalIgnoreCase);
    // Addresses come and go: an address's count is removed at zero, so this holds only addresses with a stream open.
    private readonly Dictionary<string, int> _watchers = new(StringComparer.Ordinal);

    /// <summary>Counts one open stream for the caller until the returned lease is disposed.</summary>
    public IDisposable OpenStream(Caller caller)
    {
        var limit = options.Value.MaxOpenStreamsPerCaller;
        var count = _streams.GetOrAdd(caller.Name, _ => new StreamCount());
        if (Interlocked.Increment(ref count.Open) > limit)
        {
            Interlocked.Decrement(ref count.Open);
            throw new IntakeRefusal(RefusalKind.ResourceExhausted, ViolationCodes.StreamsExhausted, null, [Text(limit)],
                new Dictionary<string, string> { ["max_open_streams"] = Text(limit) }, TimeSpan.FromSeconds(1));
        }
        return new Lease(count);
    }

    /// <summary>Takes <paramref name="records"/> from the caller's allowance or refuses the chunk.</summary>
    public void TakeRecords(Caller caller, int records)
    {
        var rate = options.Value.MaxRecordsPerSecondPerCaller;
        // The bucket holds at least one full chunk, so every chunk can pass at some point.
        var capacity = Math.Max(rate, options.Value.MaxRecordsPerChunk);
        var bucket = _buckets.GetOrAdd(caller.Name, _ => new TokenBucket(capacity, clock.GetTimestamp()));
        lock (bucket)
        {
            var now = clock.GetTimestamp();
            bucket.Tokens = Math.Min(capacity, bucket.Tokens + clock.GetElapsedTime(bucket.Stamp, now).TotalSeconds * rate);
            bucket.Stamp = now;
            if (bucket.Tokens >= records)
            {
                bucket.Tokens -= records;
                return;
            }
            var wait = TimeSpan.FromSeconds((records - bucket.Tokens) / rate);
            throw new IntakeRefusal(RefusalKind.ResourceExhausted, ViolationCodes.RateExceeded, null, [Text(rate)],
                new Dictionary<string, string> { ["max_records_per_second"] = Text(rate) }, wait);
        }
    }

    /// <summary>
    /// Counts <paramref name="records"/> against the agency's budget for today (WIB) or refuses them all, with the
    /// time to the next day as the retry hint: a probe of the registry needs far more records than a city has workers.
    /// </summary>
    public void TakeAgencyRecords(string agency, long records)
    {
        var budget = options.Value.MaxRecordsPerAgencyPerDay;
        var count = _days.GetOrAdd(agency, _ => new DailyCount());
        lock (count)
        {
            var today = Wib.Today(clock);
            if (count.Day != today)
            {
                count.Day = today;
                count.Used = 0;
            }
            if (count.Used + records <= budget)
            {
                count.Used += records;
                return;
            }
            var left = Math.Max(0, budget - count.Used);
            var tomorrow = new DateTimeOffset(today.AddDays(1).ToDateTime(TimeOnly.MinValue), Wib.Offset);
            throw new IntakeRefusal(RefusalKind.ResourceExhausted, ViolationCodes.DailyRecordsExhausted, null, [Text(budget), Text(left)],
                new Dictionary<string, string> { ["max_records_per_day"] = Text(budget), ["records_left_today"] = Text(left) },
                tomorrow - clock.GetUtcNow());
        }
    }

    /// <summary>Counts one anonymous stream from <paramref name="address"/> until the returned lease is disposed.</summary>
    public IDisposable OpenAddressStream(IPAddress? address)
    {
        var limit = options.Value.MaxHealthWatchStreamsPerAddress;
        // One client over IPv4 and IPv6-mapped IPv4 is one address.
        var key = address is null ? "" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
        lock (_watchers)
        {
            var open = _watchers.GetValueOrDefault(key);
            if (open >= limit)
            {
                throw new IntakeRefusal(RefusalKind.ResourceExhausted, ViolationCodes.StreamsExhausted, null, [Text(limit)],
                    new Dictionary<string, string> { ["max_open_streams"] = Text(limit) }, TimeSpan.FromSeconds(1));
            }
            _watchers[key] = open + 1;
        }
        return new AddressLease(this, key);
    }

    private void CloseAddressStream(string key)
    {
        lock (_watchers)
        {
            if (_watchers.TryGetValue(key, out var open) && open > 1)
            {
                _watchers[key] = open - 1;
            }
            else
            {
                _watchers.Remove(key);
            }
        }
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class DailyCount
    {
        public DateOnly Day { get; set; }

        public long Used { get; set; }
    }

    private sealed class StreamCount
    {
        public int Open;
    }

    private sealed class TokenBucket(double tokens, long stamp)
    {
        public double Tokens { get; set; } = tokens;

        public long Stamp { get; set; } = stamp;
    }

    private sealed class AddressLease(CallerLimits limits, string key) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                limits.CloseAddressStream(key);
            }
        }
    }

    private sealed class Lease(StreamCount count) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref count.Open);
            }
        }
    }
}
