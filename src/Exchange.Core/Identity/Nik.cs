using System.Collections.Frozen;

namespace Exchange.Core.Identity;

/// <summary>Why a text is not a well-formed NIK.</summary>
public enum NikProblem
{
    None = 0,
    Missing,
    /// <summary>A spreadsheet turned the NIK into a number such as 3.27101E+15: the digits are lost.</summary>
    ScientificNotation,
    /// <summary>Not exactly 16 ASCII digits.</summary>
    Malformed,
    UnknownProvince,
    /// <summary>Day (1-31, or 41-71 for women) or month digits that no date has.</summary>
    ImpossibleBirthDate,
    /// <summary>Serial 0000: serials start at 0001.</summary>
    SerialZero,
}

/// <summary>
/// A structurally valid Nomor Induk Kependudukan: <c>PP KK CC DD MM YY SSSS</c>. There is no checksum,
/// so structure is all that can be checked. The region is where the person was first registered, not
/// where they live.
/// </summary>
public readonly record struct Nik
{
    /// <summary>Province codes in use (38 provinces since 2022).</summary>
    public static readonly FrozenSet<string> ProvinceCodes = new[]
    {
        "11", "12", "13", "14", "15", "16", "17", "18", "19", "21",
        "31", "32", "33", "34", "35", "36", "51", "52", "53",
        "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76",
        "81", "82", "91", "92", "93", "94", "95", "96",
    }.ToFrozenSet(StringComparer.Ordinal);

    // Looks up the first two digits in place: Inspect runs once per submitted record.
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> ProvinceCodesBySpan =
        ProvinceCodes.GetAlternateLookup<ReadOnlySpan<char>>();

    private Nik(string value) => Value = value;

    /// <summary>The 16 digits.</summary>
    public string Value { get; }

    /// <summary>Province of first registration (2 digits).</summary>
    public string ProvinceCode => Value[..2];

    /// <summary>Regency or city of first registration (4 digits, e.g. 3271 for Kota Bogor).</summary>
    public string RegencyCode => Value[..4];

    /// <summary>Day of birth, with the +40 for women removed.</summary>
    public int BirthDay => DayDigits > 40 ? DayDigits - 40 : DayDigits;

    public int BirthMonth => (Value[8] - '0') * 10 + (Value[9] - '0');

    /// <summary>Two-digit year of birth: the century is ambiguous.</summary>
    public int BirthYearOfCentury => (Value[10] - '0') * 10 + (Value[11] - '0');

    /// <summary>Women's NIKs carry the day of birth plus 40.</summary>
    public bool IsFemale => DayDigits > 40;

    private int DayDigits => (Value[6] - '0') * 10 + (Value[7] - '0');

    /// <summary>Checks the structure of <paramref name="text"/>; on success <paramref name="nik"/> holds it.</summary>
    public static NikProblem Inspect(string? text, out Nik nik)
    {
        nik = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return NikProblem.Missing;
        }
        if (LooksLikeScientificNotation(text))
        {
            return NikProblem.ScientificNotation;
        }
        if (text.Length != 16 || !text.AsSpan().ContainsOnlyAsciiDigits())
        {
            return NikProblem.Malformed;
        }
        var candidate = new Nik(text);
        if (!ProvinceCodesBySpan.Contains(text.AsSpan(0, 2)))
        {
            return NikProblem.UnknownProvince;
        }
        if (!HasPossibleBirthDate(candidate))
        {
            return NikProblem.ImpossibleBirthDate;
        }
        if (text.AsSpan(12).SequenceEqual("0000"))
        {
            return NikProblem.SerialZero;
        }
        nik = candidate;
        return NikProblem.None;
    }

    /// <summary>Whether the NIK's date digits name <paramref name="birthDate"/> (day, month and year of century).</summary>
    public bool AgreesWithBirthDate(DateOnly birthDate) =>
        BirthDay == birthDate.Day && BirthMonth == birthDate.Month && BirthYearOfCentury == birthDate.Year % 100;

    /// <summary>
    /// A NIK safe for logs and audit entries: region and last two digits only (3271**********01).
    /// Anything that is not 16 characters long is masked whole.
    /// </summary>
    public static string Mask(string? text) =>
        text is { Length: 16 } ? string.Concat(text.AsSpan(0, 4), "**********", text.AsSpan(14)) : "****************";

    private static bool LooksLikeScientificNotation(string text)
    {
        var t = text.AsSpan().Trim();
        var e = t.IndexOfAny('E', 'e');
        if (e <= 0 || e == t.Length - 1)
        {
            return false;
        }
        var mantissa = t[..e];
        var exponent = t[(e + 1)..];
        if (exponent[0] is '+' or '-')
        {
            exponent = exponent[1..];
        }
        return exponent.Length > 0 && exponent.ContainsOnlyAsciiDigits()
            && mantissa.Length > 0 && mantissa.ContainsAnyInRange('0', '9')
            && !mantissa.ContainsAnyExcept("0123456789.,");
    }

    private static bool HasPossibleBirthDate(Nik nik)
    {
        var day = nik.DayDigits;
        if (day is < 1 or > 71 || day is > 31 and < 41)
        {
            return false;
        }
        var month = nik.BirthMonth;
        if (month is < 1 or > 12)
        {
            return false;
        }
        // The century is unknown: a date that exists in either century is possible (29 Feb of 00 is, in 2000).
        var yy = nik.BirthYearOfCentury;
        return nik.BirthDay <= Math.Max(DateTime.DaysInMonth(1900 + yy, month), DateTime.DaysInMonth(2000 + yy, month));
    }
}

internal static class SpanDigits
{
    public static bool ContainsOnlyAsciiDigits(this ReadOnlySpan<char> span) => !span.ContainsAnyExceptInRange('0', '9');
}
