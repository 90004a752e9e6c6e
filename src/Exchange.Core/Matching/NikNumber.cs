using System.Globalization;
using Exchange.Core.Identity;

namespace Exchange.Core.Matching;

/// <summary>A NIK held as a number: 8 bytes instead of a 56-byte string, compared digit by digit.</summary>
internal static class NikNumber
{
    public const int Digits = 16;

    private static readonly bool[] KnownProvinces = BuildProvinces();

    public static bool TryParse(string? text, out long nik)
    {
        nik = 0;
        if (text is not { Length: Digits })
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            nik = nik * 10 + (c - '0');
        }
        return true;
    }

    public static string Format(long nik) => nik.ToString("D16", CultureInfo.InvariantCulture);

    public static NikAgreement Compare(long first, long second)
    {
        if (first == second)
        {
            return NikAgreement.Exact;
        }
        // Four digits at a time; only a differing group is taken apart digit by digit.
        Span<int> positions = stackalloc int[2];
        Span<long> firstDigits = stackalloc long[2];
        Span<long> secondDigits = stackalloc long[2];
        var differences = 0;
        for (var group = 0; group < Digits / 4; group++)
        {
            (first, var a) = Math.DivRem(first, 10_000);
            (second, var b) = Math.DivRem(second, 10_000);
            for (var digit = 0; a != b; digit++)
            {
                (a, var x) = Math.DivRem(a, 10);
                (b, var y) = Math.DivRem(b, 10);
                if (x == y)
                {
                    continue;
                }
                if (differences == 2)
                {
                    return NikAgreement.Disagree;
                }
                positions[differences] = group * 4 + digit;
                firstDigits[differences] = x;
                secondDigits[differences] = y;
                differences++;
            }
        }
        if (differences == 1)
        {
            return NikAgreement.OneEdit;
        }
        var swapped = positions[1] == positions[0] + 1 && firstDigits[0] == secondDigits[1] && firstDigits[1] == secondDigits[0];
        return swapped ? NikAgreement.OneEdit : NikAgreement.TwoEdits;
    }

    /// <summary>
    /// Writes the structurally possible NIKs one substituted digit or one adjacent swap away from
    /// <paramref name="nik"/> (at most 159; fewer once impossible provinces, days, months and serial
    /// 0000 are left out) and returns how many.
    /// </summary>
    public static int Neighbours(long nik, Span<long> neighbours)
    {
        Span<byte> digits = stackalloc byte[Digits];
        var rest = nik;
        for (var i = Digits - 1; i >= 0; i--)
        {
            (rest, var digit) = Math.DivRem(rest, 10);
            digits[i] = (byte)digit;
        }
        var count = 0;
        for (var i = 0; i < Digits; i++)
        {
            var original = digits[i];
            var place = PlaceValue(i);
            for (byte digit = 0; digit <= 9; digit++)
            {
                if (digit == original)
                {
                    continue;
                }
                digits[i] = digit;
                if (IsPlausible(digits))
                {
                    neighbours[count++] = nik + (digit - original) * place;
                }
            }
            digits[i] = original;
        }
        for (var i = 0; i + 1 < Digits; i++)
        {
            var (left, right) = (digits[i], digits[i + 1]);
            if (left == right)
            {
                continue;
            }
            (digits[i], digits[i + 1]) = (right, left);
            if (IsPlausible(digits))
            {
                neighbours[count++] = nik + (right - left) * PlaceValue(i) + (left - right) * PlaceValue(i + 1);
            }
            (digits[i], digits[i + 1]) = (left, right);
        }
        return count;
    }

    /// <summary>Whether the DD MM YY digits (day plus 40 for women) give this date's day, month and year of century.</summary>
    public static bool CarriesBirthDate(long nik, DateOnly date)
    {
        var dateDigits = nik / 10_000 % 1_000_000;
        var day = (int)(dateDigits / 10_000);
        var month = (int)(dateDigits / 100 % 100);
        var year = (int)(dateDigits % 100);
        return (day == date.Day || day == date.Day + 40) && month == date.Month && year == date.Year % 100;
    }

    /// <summary>Whether two NIKs have the same DD MM YY digits (birth date and sex).</summary>
    public static bool SameDateDigits(long first, long second) => first / 10_000 % 1_000_000 == second / 10_000 % 1_000_000;

    /// <summary>Enough room for every neighbour.</summary>
    public const int MaxNeighbours = Digits * 9 + Digits - 1;

    private static long PlaceValue(int position)
    {
        var value = 1L;
        for (var i = position; i < Digits - 1; i++)
        {
            value *= 10;
        }
        return value;
    }

    // PP KK CC DD MM YY SSSS: a known province, a day of 1-31 (41-71 for women), a month, serial from 0001.
    private static bool IsPlausible(ReadOnlySpan<byte> d)
    {
        var province = d[0] * 10 + d[1];
        var day = d[6] * 10 + d[7];
        var month = d[8] * 10 + d[9];
        var serial = d[12] | d[13] | d[14] | d[15];
        return KnownProvinces[province] && day is (>= 1 and <= 31) or (>= 41 and <= 71) && month is >= 1 and <= 12 && serial != 0;
    }

    private static bool[] BuildProvinces()
    {
        var known = new bool[100];
        foreach (var code in Nik.ProvinceCodes)
        {
            known[int.Parse(code, CultureInfo.InvariantCulture)] = true;
        }
        return known;
    }
}
