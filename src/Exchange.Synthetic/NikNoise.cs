using System.Globalization;
using Exchange.Core.Identity;

namespace Exchange.Synthetic;

/// <summary>
/// Mistyped NIKs. Every result is still a structurally valid NIK that no person holds, so a typo never
/// silently turns into a collision (collisions are their own, labelled kind).
/// </summary>
internal static class NikNoise
{
    private const int Attempts = 20;

    /// <summary>Two adjacent, different digits swapped; <paramref name="pairs"/> weighs each pair by its first digit's position.</summary>
    public static long? SwapAdjacent(long nik, Rng rng, WeightedTable<int> pairs, Func<long, bool> isFree)
    {
        var digits = Format.Nik(nik).ToCharArray();
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var at = pairs.Draw(rng);
            if (digits[at] == digits[at + 1])
            {
                continue;
            }
            var typed = (char[])digits.Clone();
            (typed[at], typed[at + 1]) = (typed[at + 1], typed[at]);
            if (Accept(typed, isFree) is { } result)
            {
                return result;
            }
        }
        return null;
    }

    /// <summary>One digit replaced by another, at a position drawn from <paramref name="positions"/>.</summary>
    public static long? DigitTypo(long nik, Rng rng, WeightedTable<int> positions, Func<long, bool> isFree)
    {
        var digits = Format.Nik(nik).ToCharArray();
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var typed = (char[])digits.Clone();
            var at = positions.Draw(rng);
            typed[at] = (char)('0' + (typed[at] - '0' + rng.Between(1, 9)) % 10);
            if (Accept(typed, isFree) is { } result)
            {
                return result;
            }
        }
        return null;
    }

    /// <summary>The date digits moved off the birth date: a day or month off, day and month swapped, or the year off by one.</summary>
    public static long? BirthDateDigits(long nik, Rng rng, Func<long, bool> isFree)
    {
        var region = nik / 10_000_000_000L;
        var dayDigits = (int)(nik / 100_000_000 % 100);
        var femaleOffset = dayDigits > 40 ? 40 : 0;
        var day = dayDigits - femaleOffset;
        var month = (int)(nik / 1_000_000 % 100);
        var year = (int)(nik / 10_000 % 100);
        var serial = nik % 10_000;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var (d, m, y) = rng.Next(4) switch
            {
                0 => (day + (rng.Chance(0.5) ? 1 : -1) * rng.Between(1, 3), month, year),
                1 => (day, month + (rng.Chance(0.5) ? 1 : -1), year),
                2 => (month, day, year),
                _ => (day, month, (year + (rng.Chance(0.5) ? 1 : 99)) % 100),
            };
            if ((d, m, y) == (day, month, year) || d < 1 || d > 31)
            {
                continue;
            }
            var typed = (((region * 100 + d + femaleOffset) * 100 + m) * 100 + y) * 10_000 + serial;
            if (Accept(Format.Nik(typed).ToCharArray(), isFree) is { } result)
            {
                return result;
            }
        }
        return null;
    }

    /// <summary>What a spreadsheet shows for a NIK stored as a number: 3.27101E+15.</summary>
    public static string ScientificNotation(long nik) =>
        (nik / 1e15).ToString("0.#####", CultureInfo.InvariantCulture) + "E+15";

    private static long? Accept(char[] digits, Func<long, bool> isFree)
    {
        var text = new string(digits);
        if (Nik.Inspect(text, out _) != NikProblem.None)
        {
            return null;
        }
        var value = long.Parse(text, CultureInfo.InvariantCulture);
        return isFree(value) ? value : null;
    }
}
