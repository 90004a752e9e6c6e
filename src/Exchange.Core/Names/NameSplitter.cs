using System.Collections.Frozen;

namespace Exchange.Core.Names;

/// <summary>One word of a written name, cut after every dot so that "Drs.H.Ahmad" is three pieces.</summary>
internal struct NamePiece
{
    public int Start;
    public int Length;
    /// <summary>Where the piece's ASCII letters, upper-cased, sit in the key buffer.</summary>
    public int KeyStart;
    public int KeyLength;
    public bool Dotted;
    public bool AfterComma;
    public bool AllUpper;
}

/// <summary>Splits a written name into pieces and finds the titles and degrees around the name proper.</summary>
internal static class NameSplitter
{
    /// <summary>Longer inputs are cut: names on new documents are at most 60 characters.</summary>
    public const int MaxLength = 256;

    public const int MaxPieces = 64;

    // "S. Pd. I" and "A. Md. Kep." are one degree written in several pieces.
    private const int MaxPiecesPerAffix = 3;

    // Keys are the piece's ASCII letters, upper-cased: "K.H.", "KH" and "kh" are the same title.
    private static readonly FrozenSet<string> LeadingTitles = new[]
    {
        "H", "HJ", "HAJI", "HAJJAH", "DRS", "DRA", "IR", "DR", "DRG", "DRH", "PROF",
        "KH", "KYAI", "KIAI", "UST", "USTAD", "USTADZ", "USTADZAH",
        "R", "RA", "RR", "RD", "RADEN", "TB", "TUBAGUS",
        "BPK", "BAPAK", "PAK", "IBU", "BU", "SDR", "SDRI", "SDRA",
        "NY", "NYONYA", "TN", "TUAN", "NN", "NONA", "ALM", "ALMH",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Degrees = new[]
    {
        // Diploma and bachelor.
        "AMD", "AMDKEP", "AMDKEB", "AMDKOM", "AMDFARM", "AMK", "AMKEB", "AMKEP", "AMAPD",
        "SPD", "SPDI", "SE", "SEI", "SH", "SHI", "ST", "STP", "SKOM", "SSOS", "SAG", "SIP", "SKM",
        "SKEP", "SFARM", "SSI", "SPSI", "SSN", "SIKOM", "SP", "SPT", "SKG", "SKED", "SGZ", "SAK",
        "SKEB", "SHUT", "SS", "STR", "SAN", "SST", "STH", "SAP", "SPI", "SSY", "SKH", "SSTP",
        "BA", "BSC", "BE", "LC",
        // Master, doctorate, medical specialist, profession.
        "MM", "MPD", "MPDI", "MSI", "MKES", "MKOM", "MAG", "MHUM", "MSC", "MT", "MH", "MKN", "MBA",
        "MAP", "MSOS", "MIKOM", "MAK", "MTI", "MKEP", "MFARM", "MPH", "MA", "MARS", "MEI", "ME",
        "PHD", "SPOG", "SPA", "SPPD", "SPB", "SPJP", "SPTHT", "SPM", "SPKJ", "SPRAD", "SPAN", "SPS",
        "APT", "NERS",
    }.ToFrozenSet(StringComparer.Ordinal);

    // Degree keys that are also plausible name words: only removed when written with dots.
    private static readonly FrozenSet<string> DegreesOnlyWhenDotted = new[]
    {
        "MA", "BA", "BE", "MARS", "SAN", "SAK", "APT", "NERS", "LC", "ME", "MEI", "SS",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> TitleLookup =
        LeadingTitles.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> DegreeLookup =
        Degrees.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> DottedOnlyLookup =
        DegreesOnlyWhenDotted.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Cuts <paramref name="name"/> at whitespace and commas and after every dot. Pieces without a
    /// letter or digit ("-", ".") are dropped. <paramref name="keys"/> must be as long as the name.
    /// </summary>
    public static int Split(ReadOnlySpan<char> name, Span<NamePiece> pieces, Span<char> keys)
    {
        var count = 0;
        var keyLength = 0;
        var afterComma = false;
        var start = -1;
        for (var i = 0; i <= name.Length && count < pieces.Length; i++)
        {
            var c = i < name.Length ? name[i] : ' ';
            var separator = char.IsWhiteSpace(c) || c == ',';
            if (!separator && start < 0)
            {
                start = i;
            }
            if (start >= 0 && (separator || c == '.'))
            {
                var text = name[start..(c == '.' ? i + 1 : i)];
                if (HasLetterOrDigit(text))
                {
                    var piece = Describe(text, keys, keyLength);
                    piece.Start = start;
                    piece.AfterComma = afterComma;
                    pieces[count++] = piece;
                    keyLength += piece.KeyLength;
                }
                start = -1;
            }
            afterComma |= c == ',';
        }
        return count;
    }

    /// <summary>The pieces that remain once leading titles and trailing degrees are removed; never empty.</summary>
    public static Range NameProper(ReadOnlySpan<NamePiece> pieces, ReadOnlySpan<char> keys)
    {
        var end = pieces.Length;
        while (end > 1 && TrailingDegreeLength(pieces, keys, end) is var length and > 0)
        {
            end -= length;
        }
        var start = 0;
        while (start < end - 1 && LeadingTitleLength(pieces, keys, start, end) is var length and > 0)
        {
            start += length;
        }
        return start..end;
    }

    /// <summary>An ASCII letter, or a Latin-1 accented letter, upper-cased without its accent; otherwise '\0'.</summary>
    public static char FoldLetter(char c)
    {
        if (char.IsAsciiLetterUpper(c))
        {
            return c;
        }
        if (char.IsAsciiLetterLower(c))
        {
            return (char)(c - 32);
        }
        return c is >= '\u00C0' and <= '\u00FF' ? Latin1Folded[c - '\u00C0'] : '\0';
    }

    // U+00C0..U+00FF; '\0' marks the multiplication and division signs.
    private const string Latin1Folded =
        "AAAAAAACEEEEIIIIDNOOOOO\0OUUUUYTS" +
        "AAAAAAACEEEEIIIIDNOOOOO\0OUUUUYTY";

    private static bool HasLetterOrDigit(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                return true;
            }
        }
        return false;
    }

    private static NamePiece Describe(ReadOnlySpan<char> text, Span<char> keys, int keyStart)
    {
        var keyLength = 0;
        var allUpper = true;
        foreach (var c in text)
        {
            var folded = char.IsAsciiLetter(c) ? FoldLetter(c) : '\0';
            if (folded != '\0')
            {
                keys[keyStart + keyLength++] = folded;
            }
            allUpper &= !char.IsLetter(c) || char.IsUpper(c);
        }
        return new NamePiece
        {
            Length = text.Length,
            KeyStart = keyStart,
            KeyLength = keyLength,
            Dotted = text[^1] == '.',
            AllUpper = allUpper,
        };
    }

    private static int TrailingDegreeLength(ReadOnlySpan<NamePiece> pieces, ReadOnlySpan<char> keys, int end)
    {
        for (var length = Math.Min(MaxPiecesPerAffix, end - 1); length >= 1; length--)
        {
            var span = pieces[(end - length)..end];
            if (length > 1 && !JoinedByDots(span))
            {
                continue;
            }
            var key = Key(span, keys);
            if (!DegreeLookup.Contains(key))
            {
                continue;
            }
            var dotted = false;
            var allUpper = true;
            foreach (var piece in span)
            {
                dotted |= piece.Dotted;
                allUpper &= piece.AllUpper;
            }
            // Undotted "SE" or "SH" is a degree when set apart by a comma or written in capitals;
            // words such as "Ma" need dots to count.
            var plain = !DottedOnlyLookup.Contains(key) && (span[0].AfterComma || allUpper);
            if (dotted || plain)
            {
                return length;
            }
        }
        return 0;
    }

    private static int LeadingTitleLength(ReadOnlySpan<NamePiece> pieces, ReadOnlySpan<char> keys, int start, int end)
    {
        for (var length = Math.Min(MaxPiecesPerAffix, end - start - 1); length >= 1; length--)
        {
            var span = pieces[start..(start + length)];
            if ((length == 1 || JoinedByDots(span)) && TitleLookup.Contains(Key(span, keys)))
            {
                return length;
            }
        }
        return 0;
    }

    // "K. H." is one title and "S. Pd" one degree, but "Bu Di" is not "Budi".
    private static bool JoinedByDots(ReadOnlySpan<NamePiece> span)
    {
        foreach (var piece in span[..^1])
        {
            if (!piece.Dotted)
            {
                return false;
            }
        }
        return true;
    }

    // Keys of consecutive pieces lie back to back in the key buffer.
    private static ReadOnlySpan<char> Key(ReadOnlySpan<NamePiece> span, ReadOnlySpan<char> keys) =>
        keys[span[0].KeyStart..(span[^1].KeyStart + span[^1].KeyLength)];
}
