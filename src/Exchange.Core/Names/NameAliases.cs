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
        ("NUR", ["NUR", "NOOR", "NOER", "NUUR"]),
        ("SITI", ["SITI", "ST"]));

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Canonical.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The canonical form of a folded token, or null when it has no alias.</summary>
    public static string? Find(ReadOnlySpan<char> token) => Lookup.TryGetValue(token, out var canonical) ? canonical : null;

    private static FrozenDictionary<string, string> Build(params (string Canonical, string[] Variants)[] families) =>
        families
            .SelectMany(family => family.Variants.Select(variant => KeyValuePair.Create(variant, family.Canonical)))
            .ToFrozenDictionary(StringComparer.Ordinal);
}
