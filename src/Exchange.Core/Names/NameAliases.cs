using System.Collections.Frozen;

namespace Exchange.Core.Names;

/// <summary>
/// Words written in several ways that are one word: the Muhammad family, Abdul/Abd, Ahmad/Achmad,
/// Nur/Noor, Siti/St. Unlike the old-spelling equivalences these are safe to map to one canonical
/// form, because every variant names the same word and no other.
/// </summary>
internal static class NameAliases
{
    // Keys are folded tokens (upper case, kh already read as h).
    private static readonly FrozenDictionary<string, string> Canonical = Build(
        ("MUHAMMAD",
        [
            "MUHAMMAD", "MUHAMAD", "MOHAMMAD", "MOHAMAD", "MOCHAMMAD", "MOCHAMAD", "MUCHAMMAD", "MUCHAMAD",
            "MUHAMMED", "MOHAMMED", "MOHAMED", "MUHAMED", "MUHAMAT", "MUHAMMAT", "MOHAMAT", "MOHD",
            "MOCH", "MOH", "MUH", "MHD", "MHMD", "MUHD", "M",
        ]),
        ("ABDUL", ["ABDUL", "ABD", "ABDOEL", "ABDOL"]),
        ("AHMAD", ["AHMAD", "ACHMAD", "AHMED", "ACHMED", "AHMAT", "ACHMAT"]),
        ("NUR", ["NUR", "NOOR", "NOER", "NUUR", "NOR"]),
        ("SITI", ["SITI", "ST", "STI"]));

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Canonical.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The canonical form of a folded token, or null when it has no alias.</summary>
    public static string? Find(ReadOnlySpan<char> token) => Lookup.TryGetValue(token, out var canonical) ? canonical : null;

    // The variants long enough for a typo of one to be recognised, by length: a typo is at most one
    // letter longer or shorter. From four letters a short slip counts (NameToken.IsShortTypo): "Nokr",
    // "Noo" for Noor; no variant is a name of its own, so the registry need not say the word is rare.
    private static readonly (string Variant, string Canonical)[][] TypoTargetsByLength = BuildTypoTargets();

    /// <summary>
    /// The canonical form of the family one of whose variants this folded token is a typo of
    /// ("MOCHAMAMD", "MOHAAD": MUHAMMAD), or null; a token that is itself a variant has no typo reading.
    /// </summary>
    public static string? TypoOf(string token)
    {
        if (Lookup.TryGetValue(token, out _))
        {
            return null;
        }
        for (var length = token.Length - 1; length <= token.Length + 1; length++)
        {
            if (length < TypoTargetsByLength.Length)
            {
                foreach (var (variant, canonical) in TypoTargetsByLength[length])
                {
                    if (NameToken.IsShortTypo(token, variant))
                    {
                        return canonical;
                    }
                }
            }
        }
        return null;
    }

    private static (string Variant, string Canonical)[][] BuildTypoTargets()
    {
        var targets = Canonical.Where(entry => entry.Key.Length >= 4).OrderBy(entry => entry.Key, StringComparer.Ordinal).ToList();
        var byLength = new (string, string)[targets.Max(entry => entry.Key.Length) + 1][];
        for (var length = 0; length < byLength.Length; length++)
        {
            byLength[length] = [.. targets.Where(entry => entry.Key.Length == length).Select(entry => (entry.Key, entry.Value))];
        }
        return byLength;
    }

    private static FrozenDictionary<string, string> Build(params (string Canonical, string[] Variants)[] families) =>
        families
            .SelectMany(family => family.Variants.Select(variant => KeyValuePair.Create(variant, family.Canonical)))
            .ToFrozenDictionary(StringComparer.Ordinal);
}
