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
        // Yayan is among the commonest Sundanese names; "jajan" is no name, only its old form.
        ["JAJAN"] = "YAYAN",
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

    /// <summary>
    /// The pre-1972 form of a folded modern token (u as oe but in the Sundanese eu, c as tj, j as dj,
    /// y as j, ny as nj, sy as sj), or null when it has none or the token looks old already. Only for
    /// telling typos of the old form ("Jwjan" for "Jajan", the old "Yayan"): the old form itself is no
    /// equivalence, so "JOKO" still never meets "YOKO".
    /// </summary>
    public static string? OldForm(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (HasOldMarker(token) || KnownOldForms.ContainsKey(token))
        {
            return null;
        }
        Span<char> old = stackalloc char[token.Length * 2];
        var length = 0;
        for (var i = 0; i < token.Length; i++)
        {
            var next = i + 1 < token.Length ? token[i + 1] : '\0';
            switch (token[i])
            {
                case 'N' or 'S' when next == 'Y':
                    old[length++] = token[i];
                    old[length++] = 'J';
                    i++;
                    break;
                case 'C':
                    old[length++] = 'T';
                    old[length++] = 'J';
                    break;
                case 'J':
                    old[length++] = 'D';
                    old[length++] = 'J';
                    break;
                case 'Y':
                    old[length++] = 'J';
                    break;
                case 'U' when i == 0 || token[i - 1] != 'E':
                    old[length++] = 'O';
                    old[length++] = 'E';
                    break;
                default:
                    old[length++] = token[i];
                    break;
            }
        }
        var form = new string(old[..length]);
        return form == token ? null : form;
    }

    private static bool HasOldMarker(string token) =>
        token.Contains("OE", StringComparison.Ordinal)
        || token.Contains("DJ", StringComparison.Ordinal)
        || token.Contains("TJ", StringComparison.Ordinal)
        || token.Contains("NJ", StringComparison.Ordinal)
        || token.Contains("SJ", StringComparison.Ordinal)
        || token.Contains("CH", StringComparison.Ordinal);
}
