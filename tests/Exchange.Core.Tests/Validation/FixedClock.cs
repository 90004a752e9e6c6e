namespace Exchange.Core.Tests.Validation;

/// <summary>A clock that always reads the same instant.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    /// <summary>
    /// 2025-06-14 17:30 UTC, already 15 June 00:30 in Bogor (WIB, UTC+7): a test that gets the day
    /// wrong by using UTC fails.
    /// </summary>
    public static FixedClock JustAfterMidnightInBogor { get; } = new(new DateTimeOffset(2025, 6, 14, 17, 30, 0, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => now;
}
