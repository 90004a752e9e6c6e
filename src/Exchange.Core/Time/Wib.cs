namespace Exchange.Core.Time;

/// <summary>
/// Western Indonesia Time (WIB, UTC+7, no daylight saving), Kota Bogor's clock: ages, "future"
/// dates and months unpaid count from the date there, not in UTC.
/// </summary>
public static class Wib
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);
}
