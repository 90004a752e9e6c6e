namespace Exchange.Benchmarks;

/// <summary>A clock stopped at one instant, so a benchmark's "today" is the data set's as-of date.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
