using System.Globalization;
using System.Text;
using Exchange.Core.Audit;

namespace Exchange.Server.Hosting;

/// <summary>
/// Text a client sent (a batch id, a review id, a path, a certificate's name), made fit for a log line or an error
/// message: NIKs masked, and control, format and line-separator characters escaped (a newline as \n, a right-to-left
/// override as \u202E), so the text can neither leak a NIK nor forge or disguise a log line.
/// </summary>
public static class ClientText
{
    public static string Safe(string text)
    {
        var scrubbed = PersonalData.Scrub(text);
        StringBuilder? escaped = null;
        for (var i = 0; i < scrubbed.Length; i++)
        {
            var c = scrubbed[i];
            var replacement = Escape(c);
            if (replacement is null)
            {
                escaped?.Append(c);
                continue;
            }
            escaped ??= new StringBuilder(scrubbed, 0, i, scrubbed.Length + 16);
            escaped.Append(replacement);
        }
        return escaped?.ToString() ?? scrubbed;
    }

    private static string? Escape(char c) => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        // Escaped too, so that an escape in the output always means the client sent that character.
        '\\' => "\\\\",
        _ => CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate
            ? $"\\u{(int)c:X4}"
            : null,
    };
}
