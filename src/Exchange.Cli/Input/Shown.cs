using System.Globalization;
using System.Text;

namespace Exchange.Cli.Input;

/// <summary>A value from the file as a message quotes it: short, and harmless on a terminal or in a log.</summary>
internal static class Shown
{
    private const int MaxLength = 40;

    public static string Value(string text)
    {
        var shown = new StringBuilder(Math.Min(text.Length, MaxLength + 1));
        foreach (var c in text.Length > MaxLength ? text[..MaxLength] : text)
        {
            // Control and bidi characters could move the cursor or reorder the line a person reads.
            shown.Append(char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator ? '?' : c);
        }
        return text.Length > MaxLength ? shown.Append('…').ToString() : shown.ToString();
    }
}
