using System.Numerics;

namespace Exchange.Core.Names;

/// <summary>
/// Jaro-Winkler similarity (Winkler 1990): Jaro's matches within half the longer length and
/// transpositions, plus a bonus of 0.1 per shared leading character (at most 4) once Jaro exceeds 0.7.
/// </summary>
public static class JaroWinkler
{
    private const double PrefixScale = 0.1;
    private const int MaxPrefix = 4;
    private const double BoostThreshold = 0.7;

    // Bounds give way by this much: they and the real value round differently.
    private const double Slack = 1e-9;

    /// <summary>Similarity in [0, 1]; ordinal, so callers fold case first. Two empty strings are equal.</summary>
    public static double Similarity(ReadOnlySpan<char> first, ReadOnlySpan<char> second)
    {
        var jaro = Jaro(first, second);
        if (jaro <= BoostThreshold)
        {
            return jaro;
        }
        return jaro + CommonPrefix(first, second) * PrefixScale * (1 - jaro);
    }

    /// <summary>
    /// <see cref="Similarity(ReadOnlySpan{char}, ReadOnlySpan{char})"/> when it may reach
    /// <paramref name="atLeast"/>; otherwise 0, told from the letters the words have in common
    /// without comparing them (Jaro can match no more).
    /// </summary>
    internal static double Similarity(
        ReadOnlySpan<char> first, in LetterCounts firstLetters, ReadOnlySpan<char> second, in LetterCounts secondLetters, double atLeast)
    {
        if (!MayReach(first.Length, firstLetters, second.Length, secondLetters, atLeast))
        {
            return 0;
        }
        if (first.Length is > 0 and <= LetterCounts.MaxLength && second.Length is > 0 and <= LetterCounts.MaxLength)
        {
            // Now with the real prefix instead of the most it can add.
            double matches = Math.Min(LetterCounts.Common(firstLetters, secondLetters), Math.Min(first.Length, second.Length));
            var jaro = (matches / first.Length + matches / second.Length + 1) / 3;
            if (jaro + CommonPrefix(first, second) * PrefixScale * (1 - jaro) + Slack < atLeast)
            {
                return 0;
            }
        }
        return Similarity(first, second);
    }

    /// <summary>
    /// False when two words of these lengths and letters cannot reach <paramref name="atLeast"/>,
    /// however their letters are ordered. Jaro matches no more letters than they have in common, and
    /// without transpositions at best: J &lt;= (m/a + m/b + 1) / 3. With the most prefix bonus P,
    /// P + (1 - P) J must reach the threshold t, so m (a + b) &gt;= (3 (t - P) / (1 - P) - 1) a b.
    /// </summary>
    internal static bool MayReach(int firstLength, in LetterCounts firstLetters, int secondLength, in LetterCounts secondLetters, double atLeast)
    {
        if (firstLength is 0 or > LetterCounts.MaxLength || secondLength is 0 or > LetterCounts.MaxLength)
        {
            return true;
        }
        const double MostBonus = MaxPrefix * PrefixScale;
        double matches = Math.Min(LetterCounts.Common(firstLetters, secondLetters), Math.Min(firstLength, secondLength));
        double a = firstLength, b = secondLength;
        return matches * (a + b) >= (3 * (atLeast - MostBonus) / (1 - MostBonus) - 1 - Slack) * a * b;
    }

    /// <summary>Jaro similarity in [0, 1].</summary>
    public static double Jaro(ReadOnlySpan<char> first, ReadOnlySpan<char> second)
    {
        if (first.Length == 0 || second.Length == 0)
        {
            return first.Length == second.Length ? 1 : 0;
        }
        if (first.SequenceEqual(second))
        {
            return 1;
        }
        var window = Math.Max(0, Math.Max(first.Length, second.Length) / 2 - 1);
        var (matches, halfTranspositions) = first.Length <= 64 && second.Length <= 64
            ? MatchShort(first, second, window)
            : MatchLong(first, second, window);
        if (matches == 0)
        {
            return 0;
        }
        double m = matches;
        return (m / first.Length + m / second.Length + (m - halfTranspositions / 2.0) / m) / 3;
    }

    private static int CommonPrefix(ReadOnlySpan<char> first, ReadOnlySpan<char> second)
    {
        var limit = Math.Min(MaxPrefix, Math.Min(first.Length, second.Length));
        var prefix = 0;
        while (prefix < limit && first[prefix] == second[prefix])
        {
            prefix++;
        }
        return prefix;
    }

    // Each letter of the first word takes the first unmatched equal letter of the second within the
    // window; then the matched letters, read in order, are compared pairwise. Words of up to 64
    // letters keep the matched ones as bits.
    private static (int Matches, int HalfTranspositions) MatchShort(ReadOnlySpan<char> first, ReadOnlySpan<char> second, int window)
    {
        ulong firstMatched = 0, secondMatched = 0;
        var matches = 0;
        for (var i = 0; i < first.Length; i++)
        {
            var to = Math.Min(second.Length - 1, i + window);
            for (var j = Math.Max(0, i - window); j <= to; j++)
            {
                if ((secondMatched & (1UL << j)) == 0 && first[i] == second[j])
                {
                    firstMatched |= 1UL << i;
                    secondMatched |= 1UL << j;
                    matches++;
                    break;
                }
            }
        }
        var halfTranspositions = 0;
        for (; firstMatched != 0; firstMatched &= firstMatched - 1, secondMatched &= secondMatched - 1)
        {
            halfTranspositions += first[BitOperations.TrailingZeroCount(firstMatched)] == second[BitOperations.TrailingZeroCount(secondMatched)] ? 0 : 1;
        }
        return (matches, halfTranspositions);
    }

    private static (int Matches, int HalfTranspositions) MatchLong(ReadOnlySpan<char> first, ReadOnlySpan<char> second, int window)
    {
        var firstMatched = new bool[first.Length];
        var secondMatched = new bool[second.Length];
        var matches = 0;
        for (var i = 0; i < first.Length; i++)
        {
            var from = Math.Max(0, i - window);
            var to = Math.Min(second.Length - 1, i + window);
            for (var j = from; j <= to; j++)
            {
                if (!secondMatched[j] && first[i] == second[j])
                {
                    firstMatched[i] = secondMatched[j] = true;
                    matches++;
                    break;
                }
            }
        }
        var halfTranspositions = 0;
        var k = 0;
        for (var i = 0; i < first.Length; i++)
        {
            if (!firstMatched[i])
            {
                continue;
            }
            while (!secondMatched[k])
            {
                k++;
            }
            if (first[i] != second[k])
            {
                halfTranspositions++;
            }
            k++;
        }
        return (matches, halfTranspositions);
    }
}
