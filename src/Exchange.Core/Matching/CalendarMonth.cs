using System.Globalization;

namespace Exchange.Core.Matching;

/// <summary>A month of a year, such as the last month a participant paid for.</summary>
public readonly record struct CalendarMonth
{
    public CalendarMonth(int year, int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        Year = year;
        Month = month;
    }

    public int Year { get; }

    public int Month { get; }

    /// <summary>Months since January of year 0, so that the difference of two ordinals counts months.</summary>
    public int Ordinal => Year * 12 + Month - 1;

    public static CalendarMonth Of(DateOnly date) => new(date.Year, date.Month);

    /// <summary>The month <paramref name="months"/> later (earlier when negative).</summary>
    public CalendarMonth Plus(int months) => FromOrdinal(Ordinal + months);

    public static CalendarMonth FromOrdinal(int ordinal) => new(ordinal / 12, ordinal % 12 + 1);

    /// <summary>Reads "YYYY-MM", the form the registry protocol uses.</summary>
    public static bool TryParse(string? text, out CalendarMonth month)
    {
        month = default;
        if (text is not { Length: 7 } || text[4] != '-'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || year < 1 || number is < 1 or > 12)
        {
            return false;
        }
        month = new CalendarMonth(year, number);
        return true;
    }

    public override string ToString() => $"{Year:D4}-{Month:D2}";
}
