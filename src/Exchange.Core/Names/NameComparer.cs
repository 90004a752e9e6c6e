namespace Exchange.Core.Names;

/// <summary>
/// Pairs off the words of two names: same words first (aliases and old spelling included, any
/// order), then a word of one name against two neighbouring words of the other (Nurhayati / Nur
/// Hayati), then typos by Jaro-Winkler, then initials, then near words. Deterministic: ties go to
/// the earlier word.
/// </summary>
internal static class NameComparer
{
    /// <summary>
    /// Two words differing by a typo agree from here. One changed letter in a short word stays below
    /// it (Dede/Dedi 0.88, Joko/Yoko 0.83): in short Sundanese names that is another name.
    /// </summary>
    public const double FuzzyThreshold = 0.90;

    /// <summary>
    /// Words this close but below <see cref="FuzzyThreshold"/> ("Feuzi"/"Fauzi" 0.88) pair off as
    /// near words, which make a name at best partly agreeing, and only beside a word that truly agrees.
    /// </summary>
    public const double NearThreshold = 0.85;

    // Words that must agree for one differing word on each side to leave the names partly agreeing.
    private const int MinWordsBesideADifference = 2;

    private const byte Unpaired = 0;
    private const byte SameWord = 1;
    private const byte Typo = 2;
    private const byte Initial = 3;
    private const byte NearWord = 4;

    public static NameComparison Compare(ReadOnlySpan<NameToken> first, ReadOnlySpan<NameToken> second) =>
        Compare(first, second, out _);

    /// <summary>
    /// Compares, and sets bit i of <paramref name="secondAgreeing"/> for each word second[i] that agrees
    /// with a word of the first name (the same word, or a typo of it).
    /// </summary>
    public static NameComparison Compare(ReadOnlySpan<NameToken> first, ReadOnlySpan<NameToken> second, out int secondAgreeing)
    {
        secondAgreeing = 0;
        Span<int> a = stackalloc int[NameTokenizer.MaxTokens];
        Span<int> b = stackalloc int[NameTokenizer.MaxTokens];
        var na = Usable(first, HasPatronymic(second), a);
        var nb = Usable(second, HasPatronymic(first), b);
        if (na == 0 || nb == 0)
        {
            return new(NameAgreement.Missing, 0);
        }
        var left = new Side(first, a[..na], stackalloc byte[na], stackalloc double[na]);
        var right = new Side(second, b[..nb], stackalloc byte[nb], stackalloc double[nb]);
        for (var k = 0; k < na; k++)
        {
            for (var j = 0; j < nb; j++)
            {
                if (right.Kinds[j] == Unpaired && left[k].IsEquivalent(right[j]))
                {
                    left.Pair(k, SameWord, 1);
                    right.Pair(j, SameWord, 1);
                    break;
                }
            }
        }
        if (left.HasUnpaired && right.HasUnpaired)
        {
            PairJoined(left, right);
            PairJoined(right, left);
        }
        if (left.HasUnpaired && right.HasUnpaired)
        {
            PairBySimilarity(left, right, FuzzyThreshold, Typo);
            PairInitials(left, right);
            PairBySimilarity(left, right, NearThreshold, NearWord);
        }
        secondAgreeing = right.Agreeing();
        return Grade(left, right);
    }

    private readonly ref struct Side(ReadOnlySpan<NameToken> tokens, ReadOnlySpan<int> used, Span<byte> kinds, Span<double> similarities)
    {
        private readonly ReadOnlySpan<NameToken> _tokens = tokens;
        private readonly ReadOnlySpan<int> _used = used;

        public Span<byte> Kinds { get; } = kinds;

        public Span<double> Similarities { get; } = similarities;

        public int Count => _used.Length;

        public NameToken this[int k] => _tokens[_used[k]];

        public bool HasUnpaired => Kinds.Contains(Unpaired);

        public int Agreeing()
        {
            var mask = 0;
            for (var k = 0; k < Count; k++)
            {
                mask |= Kinds[k] is SameWord or Typo ? 1 << _used[k] : 0;
            }
            return mask;
        }

        public void Pair(int k, byte kind, double similarity)
        {
            Kinds[k] = kind;
            Similarities[k] = similarity;
        }
    }

    // A patronymic ("bin Ahmad") present in one name only is left out; the markers never count.
    private static int Usable(ReadOnlySpan<NameToken> tokens, bool otherHasPatronymic, Span<int> used)
    {
        var count = 0;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (tokens[i].IsPatronymicMarker)
            {
                if (!otherHasPatronymic && count > 0)
                {
                    break;
                }
                continue;
            }
            used[count++] = i;
        }
        return count;
    }

    private static bool HasPatronymic(ReadOnlySpan<NameToken> tokens)
    {
        foreach (var token in tokens)
        {
            if (token.IsPatronymicMarker)
            {
                return true;
            }
        }
        return false;
    }

    // One word of "whole" written as two neighbouring unpaired words of "split".
    private static void PairJoined(Side split, Side whole)
    {
        Span<char> joined = stackalloc char[2 * NameSplitter.MaxLength];
        for (var j = 0; j < whole.Count; j++)
        {
            if (whole.Kinds[j] != Unpaired)
            {
                continue;
            }
            for (var k = 0; k + 1 < split.Count; k++)
            {
                if (split.Kinds[k] != Unpaired || split.Kinds[k + 1] != Unpaired)
                {
                    continue;
                }
                var head = split[k].Text;
                var tail = split[k + 1].Text;
                head.CopyTo(joined);
                tail.CopyTo(joined[head.Length..]);
                var similarity = Similarity(joined[..(head.Length + tail.Length)], whole[j]);
                if (similarity >= FuzzyThreshold)
                {
                    var kind = similarity == 1 ? SameWord : Typo;
                    split.Pair(k, kind, similarity);
                    split.Pair(k + 1, kind, similarity);
                    whole.Pair(j, kind, similarity);
                    break;
                }
            }
        }
    }

    private static double Similarity(ReadOnlySpan<char> joined, NameToken word)
    {
        var similarity = JaroWinkler.Similarity(joined, word.Text);
        return word.Modern is null ? similarity : Math.Max(similarity, JaroWinkler.Similarity(joined, word.Modern));
    }

    // Greedy on the best remaining pair; equal similarities go to the earlier words.
    private static void PairBySimilarity(Side left, Side right, double threshold, byte kind)
    {
        Span<double> similarities = stackalloc double[left.Count * right.Count];
        for (var k = 0; k < left.Count; k++)
        {
            for (var j = 0; j < right.Count; j++)
            {
                var comparable = left.Kinds[k] == Unpaired && right.Kinds[j] == Unpaired && !left[k].IsInitial && !right[j].IsInitial;
                similarities[k * right.Count + j] = comparable ? left[k].Similarity(right[j]) : 0;
            }
        }
        while (true)
        {
            var best = -1;
            for (var i = 0; i < similarities.Length; i++)
            {
                if (similarities[i] >= threshold && (best < 0 || similarities[i] > similarities[best]))
                {
                    best = i;
                }
            }
            if (best < 0)
            {
                return;
            }
            var (k, j) = Math.DivRem(best, right.Count);
            left.Pair(k, kind, similarities[best]);
            right.Pair(j, kind, similarities[best]);
            for (var i = 0; i < similarities.Length; i++)
            {
                if (i / right.Count == k || i % right.Count == j)
                {
                    similarities[i] = 0;
                }
            }
        }
    }

    private static void PairInitials(Side left, Side right)
    {
        for (var k = 0; k < left.Count; k++)
        {
            for (var j = 0; j < right.Count && left.Kinds[k] == Unpaired; j++)
            {
                if (right.Kinds[j] == Unpaired && (left[k].IsInitialOf(right[j]) || right[j].IsInitialOf(left[k])))
                {
                    left.Pair(k, Initial, 1);
                    right.Pair(j, Initial, 1);
                }
            }
        }
    }

    private static NameComparison Grade(Side left, Side right)
    {
        var tally = Tally.Of(left) + Tally.Of(right);
        var similarity = tally.Matched / tally.Letters;
        if (tally.Words == 0)
        {
            return new(NameAgreement.Disagree, similarity);
        }
        var agreement = (left.HasUnpaired, right.HasUnpaired) switch
        {
            (false, false) when tally.Approximate => NameAgreement.Partial,
            (false, false) => tally.Typos ? NameAgreement.Fuzzy : NameAgreement.Exact,
            // "Edi Permana Kurdin" and "Dedi Permana Kurdin": two words agree, one differs on each side.
            (true, true) when tally.Words >= 2 * MinWordsBesideADifference && tally.Unpaired == 2 => NameAgreement.Partial,
            (true, true) => NameAgreement.Disagree,
            _ => NameAgreement.Partial,
        };
        return new(agreement, similarity);
    }

    // Letters of all words, letters matched (weighted by similarity; an initial matches one letter).
    // Words counts the words that truly agree, Unpaired those left alone; Approximate marks initials and near words.
    private readonly record struct Tally(double Letters, double Matched, int Words, int Unpaired, bool Typos, bool Approximate)
    {
        public static Tally Of(Side side)
        {
            var tally = default(Tally);
            for (var k = 0; k < side.Count; k++)
            {
                var length = side[k].Text.Length;
                tally = side.Kinds[k] switch
                {
                    Initial => tally with { Letters = tally.Letters + length, Matched = tally.Matched + 1, Approximate = true },
                    NearWord => tally with
                    {
                        Letters = tally.Letters + length,
                        Matched = tally.Matched + side.Similarities[k] * length,
                        Approximate = true,
                    },
                    SameWord or Typo => tally with
                    {
                        Letters = tally.Letters + length,
                        Matched = tally.Matched + side.Similarities[k] * length,
                        Words = tally.Words + 1,
                        Typos = tally.Typos || side.Kinds[k] == Typo,
                    },
                    _ => tally with { Letters = tally.Letters + length, Unpaired = tally.Unpaired + 1 },
                };
            }
            return tally;
        }

        public static Tally operator +(Tally x, Tally y) =>
            new(x.Letters + y.Letters, x.Matched + y.Matched, x.Words + y.Words, x.Unpaired + y.Unpaired, x.Typos || y.Typos, x.Approximate || y.Approximate);
    }
}
