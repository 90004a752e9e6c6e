using Exchange.Core.Time;
using Microsoft.Extensions.Time.Testing;

namespace Exchange.Testing;

/// <summary>
/// The clock every test runs on: a <see cref="FakeTimeProvider"/> that moves only when a test moves it,
/// so no test depends on the day it runs. Days are Bogor's (WIB, UTC+7), as the gateway counts them.
/// </summary>
public static class BogorClock
{
    /// <summary>
    /// 20 June 2025, 12:00 in Bogor: after the 15th, so last month's contribution is already owed,
    /// and well inside every working-age window of the test workers.
    /// </summary>
    public static readonly DateTimeOffset DefaultStart = new(2025, 6, 20, 5, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// 14 June 2025 17:30 UTC, already 15 June 00:30 in Bogor: a test that counts days in UTC
    /// instead of WIB gets the wrong day.
    /// </summary>
    public static readonly DateTimeOffset JustAfterMidnight = new(2025, 6, 14, 17, 30, 0, TimeSpan.Zero);

    /// <summary>The day <see cref="JustAfterMidnight"/> reads in Bogor.</summary>
    public static readonly DateOnly JustAfterMidnightDay = new(2025, 6, 15);

    public static FakeTimeProvider Start() => new(DefaultStart);

    public static FakeTimeProvider StartAt(DateTimeOffset instant) => new(instant);

    /// <summary>A clock at noon in Bogor on <paramref name="day"/>.</summary>
    public static FakeTimeProvider NoonOn(DateOnly day) => new(new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), Wib.Offset));

    /// <summary>Today in Bogor by this clock.</summary>
    public static DateOnly Today(this TimeProvider clock) => Wib.Today(clock);
}
