using System.Collections.Concurrent;
using System.Globalization;
using Exchange.Core.Batches;
using Exchange.Core.Validation;
using Exchange.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Security;

/// <summary>
/// Per-caller limits: open streams and records per second (a token bucket). A caller over a limit is
/// refused with RESOURCE_EXHAUSTED and told how long to wait; other callers are not affected.
/// </summary>
public sealed class CallerLimits(IOptions<GatewayOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, StreamCount> _streams = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);

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

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class StreamCount
    {
        public int Open;
    }

    private sealed class TokenBucket(double tokens, long stamp)
    {
        public double Tokens { get; set; } = tokens;

        public long Stamp { get; set; } = stamp;
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
