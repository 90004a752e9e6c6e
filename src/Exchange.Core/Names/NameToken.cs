namespace Exchange.Core.Names;

/// <summary>
/// One word of a name as compared: folded to upper-case ASCII, aliases resolved, with its modern
/// reading when it is written in the old spelling. Registry tokens are interned and shared.
/// </summary>
internal sealed class NameToken
{
    public NameToken(string text)
    {
        Text = text;
        var modern = OldSpelling.ModernReading(text);
        if (modern is not null)
        {
            modern = NameAliases.Find(modern) ?? modern;
        }
        Modern = modern == text ? null : modern;
        Letters = LetterCounts.Of(text);
        ModernLetters = Modern is null ? default : LetterCounts.Of(Modern);
        IsPatronymicMarker = text is "BIN" or "BINTI";
        BlockBit = IsPatronymicMarker || IsInitial ? 0 : 1UL << BlockingSlot(Modern ?? Text);
    }

    public string Text { get; }

    /// <summary>The modern reading of an old-spelling word ("DJOKO" reads "JOKO"); null otherwise.</summary>
    public string? Modern { get; }

    public LetterCounts Letters { get; }

    /// <summary>The letters of <see cref="Modern"/>; none without one.</summary>
    public LetterCounts ModernLetters { get; }

    /// <summary>"bin" or "binti": what follows is the father's name.</summary>
    public bool IsPatronymicMarker { get; }

    public bool IsInitial => Text.Length == 1;

    /// <summary>
    /// One bit of a 64-bit name signature, from a coarse sound skeleton of the word, so that a cheap
    /// AND tells whether two names may share a word. Spelling variants land on the same bit: the
    /// first letter (y and z read as j) and the next consonant other than h, w and y, with f and v
    /// read as p and q as k ("Saepudin" and "Saefudin" give SP, "Syaiful" and "Saiful" SP). Two
    /// letters only, so that "Nurhayati" and "Nur" in "Nur Hayati" share one (NR).
    /// </summary>
    public ulong BlockBit { get; }

    /// <summary>Same word: written alike, or alike once an old spelling is read in the modern one.</summary>
    public bool IsEquivalent(NameToken other) =>
        ReferenceEquals(this, other)
        || Text == other.Text
        || Text == other.Modern
        || (Modern is not null && (Modern == other.Text || Modern == other.Modern));

    /// <summary>
    /// The best Jaro-Winkler similarity between the two words' readings, raised to the typo threshold
    /// for words of five letters or more that start alike and are one edit apart: Jaro pairs a letter
    /// with a later copy of itself, so one wrong letter in "Setiawan" scores only 0.82. Exact when it
    /// reaches <paramref name="atLeast"/>; below it (not always the exact value) otherwise.
    /// </summary>
    public double Similarity(NameToken other, double atLeast)
    {
        var best = JaroWinkler.Similarity(Text, Letters, other.Text, other.Letters, atLeast);
        if (other.Modern is not null)
        {
            best = Math.Max(best, JaroWinkler.Similarity(Text, Letters, other.Modern, other.ModernLetters, atLeast));
        }
        if (Modern is not null)
        {
            best = Math.Max(best, JaroWinkler.Similarity(Modern, ModernLetters, other.Text, other.Letters, atLeast));
            if (other.Modern is not null)
            {
                best = Math.Max(best, JaroWinkler.Similarity(Modern, ModernLetters, other.Modern, other.ModernLetters, atLeast));
            }
        }
        return best < NameComparer.FuzzyThreshold && IsOneEditTypo(Modern ?? Text, other.Modern ?? other.Text)
            ? NameComparer.FuzzyThreshold
            : best;
    }

    private const int MinTypoLength = 5;

    // One substitution, insertion, deletion or swap of neighbours, not in the first letter.
    private static bool IsOneEditTypo(string first, string second)
    {
        if (first.Length > second.Length)
        {
            (first, second) = (second, first);
        }
        if (first.Length < MinTypoLength || second.Length - first.Length > 1 || first[0] != second[0])
        {
            return false;
        }
        var i = 1;
        while (i < first.Length && first[i] == second[i])
        {
            i++;
        }
        if (first.Length != second.Length)
        {
            return first.AsSpan(i).SequenceEqual(second.AsSpan(i + 1));
        }
        var swapped = i + 1 < first.Length && first[i] == second[i + 1] && first[i + 1] == second[i]
            && first.AsSpan(i + 2).SequenceEqual(second.AsSpan(i + 2));
        return swapped || first.AsSpan(i + 1).SequenceEqual(second.AsSpan(i + 1));
    }

    /// <summary>An initial ("A") stands for a word that starts with it.</summary>
    public bool IsInitialOf(NameToken other) => IsInitial && !other.IsInitial && (other.Modern ?? other.Text)[0] == Text[0];

    private static int BlockingSlot(string word)
    {
        Span<char> skeleton = stackalloc char[2];
        skeleton[0] = word[0] switch
        {
            'Y' or 'Z' => 'J',
            'F' or 'V' => 'P',
            'Q' => 'K',
            var c => c,
        };
        var length = 1;
        for (var i = 1; i < word.Length && length < skeleton.Length; i++)
        {
            var c = word[i] switch
            {
                'A' or 'E' or 'I' or 'O' or 'U' or 'H' or 'W' or 'Y' => '\0',
                'F' or 'V' => 'P',
                'Z' => 'J',
                'Q' => 'K',
                var other => other,
            };
            if (c != '\0' && c != skeleton[length - 1])
            {
                skeleton[length++] = c;
            }
        }
        var hash = 17u;
        foreach (var c in skeleton[..length])
        {
            hash = hash * 31 + c;
        }
        return (int)((hash * 0x9E3779B9u) >> 26);
    }
}
