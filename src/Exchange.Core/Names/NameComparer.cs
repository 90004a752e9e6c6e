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
            // Weighed once for both passes: what stays below the near threshold never pairs.
            Span<double> similarities = stackalloc double[na * nb];
            Weigh(left, right, similarities);
            PairBySimilarity(left, right, similarities, FuzzyThreshold, Typo);
            PairInitials(left, right);
            PairBySimilarity(left, right, similarities, NearThreshold, NearWord);
        }
        secondAgreeing = right.Agreeing();
        return Grade(left, right);
    }

    /// <summary>
    /// False when no word of one name can agree with a word of the other (the same word, a typo of it,
    /// or a word written as two): <see cref="Compare"/> would then find the names disagreeing, or one
    /// of them missing. Cheaper than comparing: the letters two words have in common bound their
    /// similarity, so most pairs are never compared letter by letter.
    /// </summary>
    public static bool MayAgree(ReadOnlySpan<NameToken> first, ReadOnlySpan<NameToken> second)
    {
        Span<int> a = stackalloc int[NameTokenizer.MaxTokens];
        Span<int> b = stackalloc int[NameTokenizer.MaxTokens];
        var left = a[..Usable(first, HasPatronymic(second), a)];
        var right = b[..Usable(second, HasPatronymic(first), b)];
        foreach (var k in left)
        {
            foreach (var j in right)
            {
                if (first[k].IsEquivalent(second[j]) || first[k].Similarity(second[j], FuzzyThreshold) >= FuzzyThreshold)
                {
                    return true;
                }
            }
        }
        return MayJoin(first, left, second, right) || MayJoin(second, right, first, left);
    }

    // Two neighbouring usable words of "split" that may be one word of "whole" (see PairJoined). The
    // pair is only written out for a word whose length and letters leave it a chance.
    private static bool MayJoin(ReadOnlySpan<NameToken> split, ReadOnlySpan<int> splitUsed, ReadOnlySpan<NameToken> whole, ReadOnlySpan<int> wholeUsed)
    {
        // Room for any real pair of words; a longer one is left to Compare.
        Span<char> joined = stackalloc char[64];
        for (var k = 0; k + 1 < splitUsed.Length; k++)
        {
            var (head, tail) = (split[splitUsed[k]], split[splitUsed[k + 1]]);
            var length = head.Text.Length + tail.Text.Length;
            var letters = head.Letters + tail.Letters;
            foreach (var j in wholeUsed)
            {
                var word = whole[j];
                var mayReach = JaroWinkler.MayReach(length, letters, word.Text.Length, word.Letters, FuzzyThreshold)
                    || (word.Modern is not null && JaroWinkler.MayReach(length, letters, word.Modern.Length, word.ModernLetters, FuzzyThreshold));
                if (!mayReach)
                {
                    continue;
                }
                if (length > joined.Length)
                {
                    return true;
                }
                head.Text.CopyTo(joined);
                tail.Text.CopyTo(joined[head.Text.Length..]);
                if (Similarity(joined[..length], letters, word) >= FuzzyThreshold)
                {
                    return true;
                }
            }
        }
        return false;
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
        var longest = 0;
        for (var k = 0; k + 1 < split.Count; k++)
        {
            longest = Math.Max(longest, split[k].Text.Length + split[k + 1].Text.Length);
        }
        // As long as the longest join, not the longest possible: the buffer is cleared on every call.
        Span<char> joined = stackalloc char[longest];
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
                var similarity = Similarity(joined[..(head.Length + tail.Length)], split[k].Letters + split[k + 1].Letters, whole[j]);
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

    // Exact from the typo threshold up, which is all that pairs.
    private static double Similarity(ReadOnlySpan<char> joined, LetterCounts letters, NameToken word)
    {
        var similarity = JaroWinkler.Similarity(joined, letters, word.Text, word.Letters, FuzzyThreshold);
        return word.Modern is null ? similarity : Math.Max(similarity, JaroWinkler.Similarity(joined, letters, word.Modern, word.ModernLetters, FuzzyThreshold));
    }

    // Unpaired words other than initials, exact from the near threshold up.
    private static void Weigh(Side left, Side right, Span<double> similarities)
    {
        for (var k = 0; k < left.Count; k++)
        {
            for (var j = 0; j < right.Count; j++)
            {
                var comparable = left.Kinds[k] == Unpaired && right.Kinds[j] == Unpaired && !left[k].IsInitial && !right[j].IsInitial;
                similarities[k * right.Count + j] = comparable ? left[k].Similarity(right[j], NearThreshold) : 0;
            }
        }
    }

    // Greedy on the best remaining pair of unpaired words; equal similarities go to the earlier words.
    private static void PairBySimilarity(Side left, Side right, Span<double> similarities, double threshold, byte kind)
    {
        var columns = right.Count;
        for (var k = 0; k < left.Count; k++)
        {
            for (var j = 0; j < columns; j++)
            {
                if (left.Kinds[k] != Unpaired || right.Kinds[j] != Unpaired)
                {
                    similarities[k * columns + j] = 0;
                }
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
            var (k, j) = Math.DivRem(best, columns);
            left.Pair(k, kind, similarities[best]);
            right.Pair(j, kind, similarities[best]);
            similarities.Slice(k * columns, columns).Clear();
            for (var row = 0; row < left.Count; row++)
            {
                similarities[row * columns + j] = 0;
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
