using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using Exchange.Core.Reference;

namespace Exchange.Cli.Input;

/// <summary>
/// Turns the values of a line into the contract's forms, reporting what a file broke (a NIK a spreadsheet
/// made a number, a date in no known form). Whether a value is plausible (a real province, a working age)
/// is the gateway's to say: a well-formed value passes through untouched.
/// </summary>
internal static partial class FieldValues
{
    /// <summary>Kota Bogor's kelurahan by name, for files that give the name where the code belongs.</summary>
    private static readonly FrozenDictionary<string, string> KelurahanByName = Wilayah.KotaBogor.AllKelurahan
        .ToFrozenDictionary(k => Words.Key(k.Name), k => k.Code, StringComparer.Ordinal);

    public static string Text(InputRow row, FieldSpec field) => row[field].Text;

    public static string Nik(InputRow row, FieldSpec field)
    {
        var cell = row[field];
        // An apostrophe in front is a spreadsheet's mark for "this cell is text", not part of the NIK.
        var text = cell.Text.StartsWith('\'') ? cell.Text[1..].Trim() : cell.Text;
        if (text.Length == 0 || (text.Length == 16 && text.All(char.IsAsciiDigit) && cell.Kind == CellKind.Text))
        {
            return text;
        }
        if (cell.Kind == CellKind.JsonNumber)
        {
            row.Report(field, ProblemCodes.NikJsonNumber,
                $"NIK is a JSON number, and numbers lose digits: write it as a string in quotes, as \"{Shown.Value(row.ColumnOf(field))}\": \"3271...\"");
            return "";
        }
        if (cell.Kind == CellKind.SpreadsheetNumber || SpreadsheetNumber().IsMatch(text))
        {
            // What the spreadsheet shows, not the NIK: its last digits are already gone.
            var shown = cell.Kind == CellKind.SpreadsheetNumber && double.TryParse(text, CultureInfo.InvariantCulture, out var number)
                ? number.ToString("0.#####E+0", CultureInfo.InvariantCulture)
                : Shown.Value(text);
            row.Report(field, ProblemCodes.NikSpreadsheetNumber,
                $"NIK looks like a spreadsheet number ({shown}), so its last digits are lost: format the column \"{Shown.Value(row.ColumnOf(field))}\" as text, type the NIK again from the KTP and export again");
            return "";
        }
        var digits = GroupedDigits().IsMatch(text) ? string.Concat(text.Where(char.IsAsciiDigit)) : text;
        if (!digits.All(char.IsAsciiDigit))
        {
            row.Report(field, ProblemCodes.NikNotDigits,
                "NIK has characters other than digits: a NIK is 16 digits (0-9) and nothing else; check it against the KTP");
        }
        else if (digits.Length < 16)
        {
            row.Report(field, ProblemCodes.NikDigitsLost,
                $"NIK has {digits.Length} digits where a NIK has 16: the column \"{Shown.Value(row.ColumnOf(field))}\" may have been a number in the spreadsheet; format it as text and type the NIK again from the KTP");
        }
        else if (digits.Length > 16)
        {
            row.Report(field, ProblemCodes.NikTooManyDigits, $"NIK has {digits.Length} digits where a NIK has 16: check it against the KTP");
        }
        return digits;
    }

    /// <summary>A date as YYYY-MM-DD, read from YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY (day first); "" when empty.</summary>
    public static string Date(InputRow row, FieldSpec field)
    {
        var cell = row[field];
        if (cell.IsEmpty || cell.Kind == CellKind.SpreadsheetDate)
        {
            return cell.Text;
        }
        var match = IsoDate().Match(cell.Text) is { Success: true } iso ? iso : DayFirstDate().Match(cell.Text);
        if (!match.Success)
        {
            row.Report(field, ProblemCodes.DateUnreadable,
                $"{field.Label} \"{Shown.Value(cell.Text)}\" is not a date the CLI reads: write it as YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY (day first, four-digit year)");
            return "";
        }
        var (year, month, day) = (Number(match, "y"), Number(match, "m"), Number(match, "d"));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            row.Report(field, ProblemCodes.DateUnreadable,
                $"{field.Label} \"{Shown.Value(cell.Text)}\" is no day on the calendar: check the day and the month (DD/MM/YYYY and DD-MM-YYYY are read day first)");
            return "";
        }
        return new DateOnly(year, month, day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>A month as YYYY-MM, read from YYYY-MM or MM/YYYY; "" when empty.</summary>
    public static string Month(InputRow row, FieldSpec field)
    {
        var cell = row[field];
        if (cell.IsEmpty)
        {
            return "";
        }
        if (cell.Kind == CellKind.SpreadsheetDate)
        {
            // A spreadsheet stores a typed 2025-05 as the first of May.
            return cell.Text[..7];
        }
        var match = IsoMonth().Match(cell.Text) is { Success: true } iso ? iso : MonthFirst().Match(cell.Text);
        if (!match.Success || Number(match, "m") is < 1 or > 12 || Number(match, "y") < 1)
        {
            row.Report(field, ProblemCodes.MonthUnreadable,
                $"{field.Label} \"{Shown.Value(cell.Text)}\" is not a month the CLI reads: write it as YYYY-MM (2025-05) or MM/YYYY (05/2025)");
            return "";
        }
        return string.Create(CultureInfo.InvariantCulture, $"{Number(match, "y"):D4}-{Number(match, "m"):D2}");
    }

    /// <summary>An amount of rupiah: digits, with Rp, thousands dots (1.500.000) or commas (1,500,000), ",00" or ",-" after.</summary>
    public static long? Rupiah(InputRow row, FieldSpec field)
    {
        var text = row[field].Text;
        if (text.Length == 0)
        {
            return null;
        }
        var amount = text;
        var negative = amount.StartsWith('-');
        amount = negative ? amount[1..].TrimStart() : amount;
        amount = amount.StartsWith("Rp", StringComparison.OrdinalIgnoreCase) ? amount[2..].TrimStart('.', ' ') : amount;
        // "Rp 1.500.000,-" is how amounts are written on Indonesian forms.
        amount = amount.EndsWith(",-", StringComparison.Ordinal) || amount.EndsWith(".-", StringComparison.Ordinal) ? amount[..^2].TrimEnd() : amount;
        if (Amount().Match(amount) is { Success: true } match
            && long.TryParse(string.Concat(match.Groups["whole"].Value.Where(char.IsAsciiDigit)), CultureInfo.InvariantCulture, out var rupiah))
        {
            return negative ? -rupiah : rupiah;
        }
        row.Report(field, ProblemCodes.NumberUnreadable,
            $"{field.Label} \"{Shown.Value(text)}\" is not a whole number of rupiah: write it in digits, as 1500000 or 1.500.000");
        return null;
    }

    public static int? Integer(InputRow row, FieldSpec field)
    {
        var text = row[field].Text;
        if (text.Length == 0)
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }
        row.Report(field, ProblemCodes.NumberUnreadable, $"{field.Label} \"{Shown.Value(text)}\" is not a whole number: write it in digits, as 3");
        return null;
    }

    /// <summary>One of the vocabulary's values; the unspecified value when empty.</summary>
    public static TEnum Choice<TEnum>(InputRow row, FieldSpec field, Vocabulary<TEnum> vocabulary) where TEnum : struct, Enum
    {
        var text = row[field].Text;
        if (text.Length == 0)
        {
            return default;
        }
        if (vocabulary.TryFind(text, out var value))
        {
            return value;
        }
        row.Report(field, vocabulary.Code, $"{field.Label} \"{Shown.Value(text)}\" {vocabulary.Fix}");
        return default;
    }

    /// <summary>
    /// A kelurahan code as given (dotted or plain: the gateway reads both), or the code of the Kota Bogor
    /// kelurahan so named; any other text goes to the gateway, which says KELURAHAN_UNKNOWN.
    /// </summary>
    public static string Kelurahan(InputRow row, FieldSpec field)
    {
        var text = row[field].Text;
        return text.Length > 0 && Wilayah.ToDottedCode(text) is null && KelurahanByName.TryGetValue(Words.Key(text), out var code)
            ? code
            : text;
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].ValueSpan, CultureInfo.InvariantCulture);

    /// <summary>3.27101E+15, 3,27101E+15, 3271012107850000.0, 3.271.012.107.850.000: what a number cell exports.</summary>
    [GeneratedRegex(@"^([0-9]+([.,][0-9]+)?[eE]\+?[0-9]+|[0-9]+[.,]0+|[0-9]{1,3}([.,][0-9]{3}){4,})$")]
    private static partial Regex SpreadsheetNumber();

    /// <summary>Digits grouped by spaces, dots or dashes (3271 0121 0785 0001): formatting, harmless to remove.</summary>
    [GeneratedRegex(@"^[0-9]+([ .\-][0-9]+)+$")]
    private static partial Regex GroupedDigits();

    [GeneratedRegex(@"^(?<y>[0-9]{4})-(?<m>[0-9]{1,2})-(?<d>[0-9]{1,2})$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^(?<d>[0-9]{1,2})(?<s>[/-])(?<m>[0-9]{1,2})\k<s>(?<y>[0-9]{4})$")]
    private static partial Regex DayFirstDate();

    [GeneratedRegex(@"^(?<y>[0-9]{4})-(?<m>[0-9]{1,2})$")]
    private static partial Regex IsoMonth();

    [GeneratedRegex(@"^(?<m>[0-9]{1,2})[/-](?<y>[0-9]{4})$")]
    private static partial Regex MonthFirst();

    /// <summary>1500000, 1500000.00, 1.500.000, 1.500.000,00, 1,500,000, 1,500,000.00.</summary>
    [GeneratedRegex(@"^((?<whole>[0-9]+)([.,]00?)?|(?<whole>[0-9]{1,3}(\.[0-9]{3})+)(,00?)?|(?<whole>[0-9]{1,3}(,[0-9]{3})+)(\.00?)?)$")]
    private static partial Regex Amount();
}
