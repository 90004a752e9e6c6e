using System.Globalization;

namespace Exchange.Synthetic;

/// <summary>The wire forms of NIKs, dates and months.</summary>
internal static class Format
{
    public static string Nik(long nik) => nik.ToString("D16", CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A month counted as year * 12 + month - 1, as YYYY-MM.</summary>
    public static string Month(int month) =>
        string.Create(CultureInfo.InvariantCulture, $"{month / 12:D4}-{month % 12 + 1:D2}");

    public static int MonthOf(DateOnly date) => date.Year * 12 + date.Month - 1;
}
