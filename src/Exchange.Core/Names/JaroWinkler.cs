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

    /// <summary>Similarity in [0, 1]; ordinal, so callers fold case first. Two empty strings are equal.</summary>
    public static double Similarity(ReadOnlySpan<char> first, ReadOnlySpan<char> second)
    {
        var jaro = Jaro(first, second);
        if (jaro <= BoostThreshold)
        {
            return jaro;
        }
        var limit = Math.Min(MaxPrefix, Math.Min(first.Length, second.Length));
        var prefix = 0;
        while (prefix < limit && first[prefix] == second[prefix])
        {
            prefix++;
        }
        return jaro + prefix * PrefixScale * (1 - jaro);
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
        Span<bool> firstMatched = first.Length <= 64 ? stackalloc bool[first.Length] : new bool[first.Length];
        Span<bool> secondMatched = second.Length <= 64 ? stackalloc bool[second.Length] : new bool[second.Length];
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
        if (matches == 0)
        {
            return 0;
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
        double m = matches;
        return (m / first.Length + m / second.Length + (m - halfTranspositions / 2.0) / m) / 3;
    }
}
