using System.Globalization;
using FluentValidation;

namespace Exchange.Core.Validation;

/// <summary>
/// The characters free text may not carry, and the invisible ones matching ignores (README, Validation). A newline
/// or NUL breaks the files and screens names end up in; a bidirectional override (U+202E) makes a review list or an
/// export show something other than what is stored.
/// </summary>
public static class TextCharacters
{
    /// <summary>Control characters (C0, DEL, C1), line and paragraph separators, and bidirectional controls.</summary>
    public static bool IsControl(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E')
            or (>= '\u2066' and <= '\u2069');

    /// <summary>
    /// Zero-width space, non-joiner, joiner, word joiner and byte order mark: invisible, pasted in from web pages and
    /// word processors, so two names that look alike may differ only by them. Allowed, and left out when names are compared.
    /// </summary>
    public static bool IsZeroWidth(char c) => c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF';

    /// <summary>Where the first <see cref="IsControl"/> character is, or -1.</summary>
    public static int FirstControl(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsControl(text[i]))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>A character for a message: printable ASCII as itself, anything else as U+XXXX (never half a surrogate pair).</summary>
    public static string Shown(char c) =>
        c is > ' ' and < '\u007F' ? c.ToString() : "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
}

/// <summary>The rule every free-text field shares.</summary>
internal static class TextRules
{
    /// <summary>Refuses <see cref="TextCharacters.IsControl"/> characters with TEXT_CONTROL_CHARACTER (the character, its position from 1).</summary>
    public static IRuleBuilderOptions<T, string> WithoutControlCharacters<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(text => TextCharacters.FirstControl(text) < 0)
            .WithErrorCode(ViolationCodes.TextControlCharacter)
            .WithState((_, text) =>
            {
                var at = TextCharacters.FirstControl(text);
                return new[] { TextCharacters.Shown(text[at]), (at + 1).ToString(CultureInfo.InvariantCulture) };
            });
}
