using System.Text;
using Jamsostek.Exchange.V1;

namespace Exchange.Synthetic;

/// <summary>The ways an agency's register writes a name differently from the KTP. Each works on Title-case tokens.</summary>
internal static class NameNoise
{
    private static readonly string[] MuhammadFamily =
        ["Muhammad", "Muhamad", "Mochamad", "Mohamad", "Mohammad", "Mochammad", "Moch", "Muhammat", "M.", "Moch.", "Moh.", "Muh.", "Mhd."];

    private static readonly Dictionary<string, string[]> OtherAbbreviations = new(StringComparer.Ordinal)
    {
        ["Siti"] = ["St."],
        ["Abdul"] = ["Abd.", "Abd"],
        ["Ahmad"] = ["Achmad", "Akhmad"],
        ["Nur"] = ["Noor"],
    };

    /// <summary>Prefixes that compound tokens are written with or without a space after.</summary>
    private static readonly string[] CompoundPrefixes = ["Abdur", "Abdul", "Nur", "Sri"];

    private static readonly WeightedTable<string> MaleTitles = new([
        ("H.", 40), ("Bpk", 12), ("Sdr.", 8), ("Drs.", 10), ("Ir.", 6), ("R.", 6), ("KH", 4), ("Dr.", 4), ("dr.", 3), ("Tb.", 3), ("Prof.", 1),
    ]);

    private static readonly WeightedTable<string> FemaleTitles = new([
        ("Hj.", 45), ("Ibu", 15), ("Sdri.", 6), ("Dra.", 10), ("Ir.", 3), ("R.", 4), ("Dr.", 3), ("dr.", 4), ("Prof.", 1),
    ]);

    private static readonly WeightedTable<string> Degrees = new([
        ("S.Pd.", 25), ("S.E.", 15), ("S.H.", 8), ("S.T.", 8), ("S.Kom.", 6), ("A.Md.", 8), ("S.Ag.", 6),
        ("S.Pd.I.", 6), ("S.Sos.", 6), ("S.IP.", 3), ("S.Kep.", 3), ("A.Ma.", 2),
    ]);

    private static readonly string[] MasterDegrees = ["M.M.", "M.Pd.", "M.Si.", "M.Ag."];

    /// <summary>QWERTY neighbours: the letters a slipping finger hits instead.</summary>
    private static readonly string[] Neighbours =
    [
        "qwsz", "vghn", "xdfv", "serfcx", "wsdr", "drtgvc", "ftyhbv", "gyujnb", "ujko", "huikmn", "jiolm", "kop",
        "njk", "bhjm", "iklp", "ol", "wa", "edft", "awedxz", "rfgy", "yhji", "cfgb", "qase", "zsdc", "tghu", "asx",
    ];

    public static bool IsAbbreviation(string token) => token.Contains('.');

    /// <summary>One token of the Muhammad family, Siti, Abdul, Ahmad or Nur written another common way.</summary>
    public static bool TryAbbreviate(List<string> tokens, Rng rng)
    {
        var index = PickIndex(tokens, rng, t => Array.IndexOf(MuhammadFamily, t) >= 0 || OtherAbbreviations.ContainsKey(t));
        if (index < 0)
        {
            return false;
        }
        var token = tokens[index];
        if (OtherAbbreviations.TryGetValue(token, out var forms))
        {
            tokens[index] = rng.Pick(forms);
            return true;
        }
        string form;
        do
        {
            form = rng.Pick(MuhammadFamily);
        }
        while (form == token);
        tokens[index] = form;
        return true;
    }

    /// <summary>Two adjacent tokens written as one: Nur Hayati as Nurhayati.</summary>
    public static bool TryJoin(List<string> tokens, Rng rng)
    {
        var pairs = Enumerable.Range(0, Math.Max(0, tokens.Count - 1))
            .Where(i => !IsAbbreviation(tokens[i]) && !IsAbbreviation(tokens[i + 1]))
            .ToArray();
        if (pairs.Length == 0)
        {
            return false;
        }
        var at = rng.Pick(pairs);
        tokens[at] += tokens[at + 1].ToLowerInvariant();
        tokens.RemoveAt(at + 1);
        return true;
    }

    /// <summary>A compound token written as two: Nurhayati as Nur Hayati, Abdurrahman as Abdur Rahman.</summary>
    public static bool TrySplit(List<string> tokens, Rng rng)
    {
        var index = PickIndex(tokens, rng, t => CompoundPrefixOf(t) is not null);
        if (index < 0)
        {
            return false;
        }
        var token = tokens[index];
        var prefix = CompoundPrefixOf(token)!;
        var rest = token[prefix.Length..];
        tokens[index] = prefix;
        tokens.Insert(index + 1, char.ToUpperInvariant(rest[0]) + rest[1..]);
        return true;
    }

    /// <summary>One token in pre-1972 spelling: Joko as Djoko, Cahyo as Tjahjo, Yusuf as Joesoef.</summary>
    public static bool TryOldSpelling(List<string> tokens, Rng rng)
    {
        var index = PickIndex(tokens, rng, t => !IsAbbreviation(t) && ToOldSpelling(t) != t);
        if (index < 0)
        {
            return false;
        }
        tokens[index] = ToOldSpelling(tokens[index]);
        return true;
    }

    /// <summary>One letter of one token substituted by a neighbouring key, dropped, doubled or swapped with the next.</summary>
    public static bool TryTypo(List<string> tokens, Rng rng)
    {
        var index = PickIndex(tokens, rng, t => t.Length >= 4 && t.All(char.IsAsciiLetter));
        if (index < 0)
        {
            return false;
        }
        var original = tokens[index];
        var lower = original.ToLowerInvariant();
        string typed;
        do
        {
            var at = rng.Next(lower.Length);
            var edited = new StringBuilder(lower);
            switch (rng.Next(4))
            {
                case 0:
                    edited[at] = Neighbours[edited[at] - 'a'][rng.Next(Neighbours[edited[at] - 'a'].Length)];
                    break;
                case 1:
                    edited.Remove(at, 1);
                    break;
                case 2:
                    edited.Insert(at, edited[at]);
                    break;
                default:
                    if (at < edited.Length - 1)
                    {
                        (edited[at], edited[at + 1]) = (edited[at + 1], edited[at]);
                    }
                    break;
            }
            typed = char.ToUpperInvariant(edited[0]) + edited.ToString(1, edited.Length - 1);
        }
        while (string.Equals(typed, original, StringComparison.OrdinalIgnoreCase));
        tokens[index] = typed;
        return true;
    }

    /// <summary>Two adjacent tokens in the other order: Asep Saepudin as Saepudin Asep.</summary>
    public static bool TrySwap(List<string> tokens, Rng rng)
    {
        if (tokens.Count < 2)
        {
            return false;
        }
        var at = rng.Next(tokens.Count - 1);
        (tokens[at], tokens[at + 1]) = (tokens[at + 1], tokens[at]);
        return true;
    }

    public static string DrawTitle(Rng rng, Sex sex) => (sex == Sex.Female ? FemaleTitles : MaleTitles).Draw(rng);

    /// <summary>", S.Pd." mostly; sometimes without the comma and final dot; now and then a master's degree too.</summary>
    public static string DrawDegree(Rng rng)
    {
        var degree = Degrees.Draw(rng);
        if (rng.Chance(0.1))
        {
            degree += ", " + rng.Pick(MasterDegrees);
        }
        return rng.Chance(0.75) ? ", " + degree : " " + degree.TrimEnd('.');
    }

    /// <summary>
    /// Modern spelling to the pre-1972 one in a single left-to-right pass, so a j written for y is not turned
    /// into dj again. The Sundanese vowel eu stays as it is (Euis, not Eois).
    /// </summary>
    public static string ToOldSpelling(string token)
    {
        var lower = token.ToLowerInvariant();
        var old = new StringBuilder(lower.Length + 4);
        for (var i = 0; i < lower.Length; i++)
        {
            var next = i + 1 < lower.Length ? lower[i + 1] : '\0';
            switch (lower[i])
            {
                case 'n' when next == 'y':
                    old.Append("nj");
                    i++;
                    break;
                case 's' when next == 'y':
                    old.Append("sj");
                    i++;
                    break;
                case 'k' when next == 'h':
                    old.Append("ch");
                    i++;
                    break;
                case 'c':
                    old.Append("tj");
                    break;
                case 'j':
                    old.Append("dj");
                    break;
                case 'y':
                    old.Append('j');
                    break;
                case 'u' when i == 0 || lower[i - 1] != 'e':
                    old.Append("oe");
                    break;
                default:
                    old.Append(lower[i]);
                    break;
            }
        }
        var result = char.ToUpperInvariant(old[0]) + old.ToString(1, old.Length - 1);
        return string.Equals(result, token, StringComparison.Ordinal) ? token : result;
    }

    private static string? CompoundPrefixOf(string token) =>
        CompoundPrefixes.FirstOrDefault(p => token.Length >= p.Length + 4 && token.StartsWith(p, StringComparison.Ordinal)
            && char.IsLower(token[p.Length]));

    /// <summary>A random index among the tokens that satisfy <paramref name="eligible"/>, or -1.</summary>
    private static int PickIndex(List<string> tokens, Rng rng, Func<string, bool> eligible)
    {
        var candidates = Enumerable.Range(0, tokens.Count).Where(i => eligible(tokens[i])).ToArray();
        return candidates.Length == 0 ? -1 : rng.Pick(candidates);
    }
}
