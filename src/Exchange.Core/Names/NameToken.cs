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
        AliasTypo = NameAliases.TypoOf(text);
        BlockBit = IsPatronymicMarker || IsInitial ? 0 : 1UL << BlockingSlot(AliasTypo ?? Modern ?? Text);
        TailBit = IsPatronymicMarker || IsInitial ? 0 : 1UL << TailSlot(AliasTypo ?? Modern ?? Text);
    }

    public string Text { get; }

    /// <summary>The modern reading of an old-spelling word ("DJOKO" reads "JOKO"); null otherwise.</summary>
    public string? Modern { get; }

    public LetterCounts Letters { get; }

    /// <summary>The letters of <see cref="Modern"/>; none without one.</summary>
    public LetterCounts ModernLetters { get; }

    /// <summary>The canonical alias this word is a typo of ("MOCHAMAMD" is one swap from MOCHAMMAD: MUHAMMAD); null otherwise.</summary>
    public string? AliasTypo { get; }

    /// <summary>
    /// The pre-1972 form of a modern word when that form shows an old-spelling marker ("MULYANI" was
    /// "MOELJANI"): a typo of the old form ("MOLJANI") is a typo of the word. Never an equivalence.
    /// </summary>
    public string? OldForm
    {
        get
        {
            // Worked out when first asked (most words never are); two threads at once work out the same.
            var form = Volatile.Read(ref _oldForm);
            if (ReferenceEquals(form, NotYetKnown))
            {
                form = (Modern is null ? OldSpelling.OldForm(Text) : null) ?? NoOldForm;
                Volatile.Write(ref _oldForm, form);
            }
            return ReferenceEquals(form, NoOldForm) ? null : form;
        }
    }

    // Sentinels, told apart by reference: never a word.
    private static readonly string NotYetKnown = new('?', 1);
    private static readonly string NoOldForm = new('-', 1);
    private string _oldForm = NotYetKnown;

    /// <summary>
    /// A word the registry does not know as a name (no or very few names bear it): a short word one
    /// letter from a known name is then a typo of it ("Dde", "Sifi"), where two known names one letter
    /// apart ("Dede", "Dedi") are two names. False when no registry was asked.
    /// </summary>
    public bool IsRare { get; internal set; }

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

    /// <summary>
    /// A second bit, from the word's last two consonants: one typo seldom changes both ends of a
    /// word, so two names whose words agree but for a typo share a block bit or a tail bit.
    /// </summary>
    public ulong TailBit { get; }

    /// <summary>Same word: written alike, or alike once an old spelling is read in the modern one.</summary>
    public bool IsEquivalent(NameToken other) =>
        ReferenceEquals(this, other)
        || Text == other.Text
        || Text == other.Modern
        || (Modern is not null && (Modern == other.Text || Modern == other.Modern));

    /// <summary>
    /// The best Jaro-Winkler similarity between the two words' readings, raised to the typo threshold
    /// when one is a typo of the other (<see cref="IsTypo"/>), of its alias, or of its old form: Jaro
    /// pairs a letter with a later copy of itself, so one wrong letter in "Setiawan" scores only 0.82,
    /// and a wrong first letter ("Ausanti" for "Susanti") costs the prefix bonus too. Exact when it
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
        return best < NameComparer.FuzzyThreshold && IsTypoOf(other) ? NameComparer.FuzzyThreshold : best;
    }

    private bool IsTypoOf(NameToken other)
    {
        var (mine, theirs) = (Modern ?? Text, other.Modern ?? other.Text);
        var rare = IsRare || other.IsRare;
        // Exactly one of the two words is a known name: the other may be its slip, the first letter included.
        var slipOfAName = IsRare != other.IsRare;
        if (Math.Abs(mine.Length - theirs.Length) <= 1
            && (IsTypo(mine, theirs) || (slipOfAName ? IsShortTypoOfAName(mine, theirs) : rare && IsShortTypo(mine, theirs))))
        {
            return true;
        }
        if ((AliasTypo is not null && AliasTypo == theirs) || (other.AliasTypo is not null && other.AliasTypo == mine))
        {
            return true;
        }
        // A typo of an old form is no name of its own: one of the two words is rare.
        return rare && ((other.OldForm is { } theirOld && IsShortTypo(Text, theirOld)) || (OldForm is { } myOld && IsShortTypo(myOld, other.Text)));
    }

    // Below this, a changed letter is more often another name (Dede, Dedi; Yanti, Santi) than a typo.
    private const int MinTypoLength = 5;

    // From this length a wrong first letter is a typo too.
    private const int MinFirstLetterTypoLength = 6;

    /// <summary>
    /// One slip of the keyboard: a letter substituted, dropped, added or swapped with its neighbour,
    /// in words of five letters or more, not in the first letter unless the words have six or more;
    /// or, in a word of three letters or more, a letter doubled ("Ddede", "Nnoor").
    /// </summary>
    internal static bool IsTypo(string first, string second) => IsOneEdit(first, second, MinTypoLength, MinFirstLetterTypoLength);

    /// <summary>
    /// One slip in a word of three letters or more, a letter dropped or added in front too ("Iti",
    /// "Jah"), but not a first letter changed in one under five: Joko and Yoko are two names.
    /// </summary>
    internal static bool IsShortTypo(string first, string second) => IsOneEdit(first, second, 3, MinTypoLength, firstLetterAddedOrDropped: true);

    /// <summary>
    /// As <see cref="IsShortTypo"/>, a changed first letter too ("Sede", "Xiti"): only between a word
    /// the registry does not know and one it does, so two known names (Joko, Yoko) stay two.
    /// </summary>
    private static bool IsShortTypoOfAName(string first, string second) => IsOneEdit(first, second, 3, 3, firstLetterAddedOrDropped: true);

    private static bool IsOneEdit(string first, string second, int minLength, int minFirstLetterLength, bool firstLetterAddedOrDropped = false)
    {
        if (first.Length > second.Length)
        {
            (first, second) = (second, first);
        }
        if (second.Length - first.Length > 1 || first.Length < 3 || first == second)
        {
            return false;
        }
        var i = 0;
        while (i < first.Length && first[i] == second[i])
        {
            i++;
        }
        if (first.Length != second.Length)
        {
            // second has one letter more, at i.
            var doubled = (i > 0 && second[i] == second[i - 1]) || (i + 1 < second.Length && second[i] == second[i + 1]);
            var allowed = doubled || (first.Length >= minLength && (i > 0 || firstLetterAddedOrDropped || first.Length >= minFirstLetterLength));
            return allowed && first.AsSpan(i).SequenceEqual(second.AsSpan(i + 1));
        }
        if (first.Length < minLength || (i == 0 && first.Length < minFirstLetterLength))
        {
            return false;
        }
        var swapped = i + 1 < first.Length && first[i] == second[i + 1] && first[i + 1] == second[i]
            && first.AsSpan(i + 2).SequenceEqual(second.AsSpan(i + 2));
        return swapped || first.AsSpan(i + 1).SequenceEqual(second.AsSpan(i + 1));
    }

    /// <summary>An initial ("A") stands for a word that starts with it.</summary>
    public bool IsInitialOf(NameToken other) => IsInitial && !other.IsInitial && (other.Modern ?? other.Text)[0] == Text[0];

    private static int TailSlot(string word)
    {
        Span<char> skeleton = stackalloc char[2];
        var length = 0;
        for (var i = word.Length - 1; i >= 0 && length < skeleton.Length; i--)
        {
            var c = Consonant(word[i]);
            if (c != '\0' && (length == 0 || c != skeleton[length - 1]))
            {
                skeleton[length++] = c;
            }
        }
        var hash = 23u;
        foreach (var c in skeleton[..length])
        {
            hash = hash * 37 + c;
        }
        return (int)((hash * 0x85EBCA6Bu) >> 26);
    }

    // Vowels and h, w, y as nothing; spelling variants as one letter.
    private static char Consonant(char letter) => letter switch
    {
        'A' or 'E' or 'I' or 'O' or 'U' or 'H' or 'W' or 'Y' => '\0',
        'F' or 'V' => 'P',
        'Z' => 'J',
        'Q' => 'K',
        var other => other,
    };

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
            var c = Consonant(word[i]);
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
