using System.Collections.Frozen;

namespace Exchange.Core.Names;

/// <summary>
/// The spelling used before 1972 (Ejaan Van Ophuijsen and Soewandi), still kept in many names:
/// oe = u, dj = j, tj = c, nj = ny, sj = sy, ch = kh (= h), and j = y.
/// </summary>
/// <remarks>
/// These are equivalences for comparison, never rewrites: a token keeps its written form and may
/// gain a second, modern reading. The hard case is j = y: "Joko" is the modern form of old "Djoko",
/// yet read as old spelling it would become "Yoko", a different name. So a token only gets a modern
/// reading when it proves itself old: it contains oe, dj, tj, nj, sj or ch (markers the 1972
/// spelling never produces), and only then is each of its lone j read as y ("Soejono" = "Suyono",
/// "Tjahjo" = "Cahyo"). A few well-known names whose old form shows no other marker ("Jusuf" =
/// "Yusuf") are listed explicitly. "Joko" has no marker and no entry, so it never meets "Yoko".
/// </remarks>
public static class OldSpelling
{
    // Old forms without another marker; keys and values are folded (upper case).
    private static readonly FrozenDictionary<string, string> KnownOldForms = new Dictionary<string, string>
    {
        ["JUSUF"] = "YUSUF",
        ["JAHJA"] = "YAHYA",
        ["JAHYA"] = "YAHYA",
        ["JAKUB"] = "YAKUB",
        ["JUNUS"] = "YUNUS",
        ["JASIN"] = "YASIN",
        ["JAMIN"] = "YAMIN",
        ["JULIANA"] = "YULIANA",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The modern reading of a folded (upper-case) token written in the old spelling, or null when
    /// the token shows no sign of it.
    /// </summary>
    public static string? ModernReading(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (KnownOldForms.TryGetValue(token, out var known))
        {
            return known;
        }
        if (!HasOldMarker(token))
        {
            return null;
        }
        Span<char> modern = stackalloc char[token.Length * 2];
        var length = 0;
        for (var i = 0; i < token.Length; i++)
        {
            var next = i + 1 < token.Length ? token[i + 1] : '\0';
            switch (token[i], next)
            {
                case ('O', 'E'):
                    modern[length++] = 'U';
                    i++;
                    break;
                case ('D', 'J'):
                    modern[length++] = 'J';
                    i++;
                    break;
                case ('T', 'J'):
                    modern[length++] = 'C';
                    i++;
                    break;
                case ('N', 'J'):
                case ('S', 'J'):
                    modern[length++] = token[i];
                    modern[length++] = 'Y';
                    i++;
                    break;
                // ch was kh, and kh is compared as h.
                case ('C', 'H'):
                    modern[length++] = 'H';
                    i++;
                    break;
                case ('J', _):
                    modern[length++] = 'Y';
                    break;
                default:
                    modern[length++] = token[i];
                    break;
            }
        }
        return new string(modern[..length]);
    }

    private static bool HasOldMarker(string token) =>
        token.Contains("OE", StringComparison.Ordinal)
        || token.Contains("DJ", StringComparison.Ordinal)
        || token.Contains("TJ", StringComparison.Ordinal)
        || token.Contains("NJ", StringComparison.Ordinal)
        || token.Contains("SJ", StringComparison.Ordinal)
        || token.Contains("CH", StringComparison.Ordinal);
}
