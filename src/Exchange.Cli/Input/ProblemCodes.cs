namespace Exchange.Cli.Input;

/// <summary>
/// Codes of the problems the CLI finds in a line before anything is sent. Results files and scripts key
/// on them, so a code never changes its meaning or spelling. The gateway's own checks have their own
/// codes (Exchange.Core.Validation.ViolationCodes): these are only what the file itself broke.
/// </summary>
public static class ProblemCodes
{
    // --- The line as a whole ---
    /// <summary>A CSV line with more or fewer fields than the header.</summary>
    public const string WrongFieldCount = "WRONG_FIELD_COUNT";
    /// <summary>A quote opens a value and nothing closes it: the rest of the file was read as that value.</summary>
    public const string QuoteNotClosed = "QUOTE_NOT_CLOSED";
    /// <summary>A JSON Lines line that is not one JSON object.</summary>
    public const string JsonUnreadable = "JSON_UNREADABLE";
    /// <summary>A JSON value that is an object, an array or true/false where text or a number belongs.</summary>
    public const string ValueNotText = "VALUE_NOT_TEXT";

    // --- NIK ---
    /// <summary>A spreadsheet turned the NIK into a number (3.27101E+15, 3271012107850000.0): its digits are lost.</summary>
    public const string NikSpreadsheetNumber = "NIK_SPREADSHEET_NUMBER";
    /// <summary>A JSON number instead of a string: numbers lose digits.</summary>
    public const string NikJsonNumber = "NIK_JSON_NUMBER";
    /// <summary>All digits, but fewer than 16.</summary>
    public const string NikDigitsLost = "NIK_DIGITS_LOST";
    /// <summary>All digits, but more than 16.</summary>
    public const string NikTooManyDigits = "NIK_TOO_MANY_DIGITS";
    /// <summary>Something other than digits (and the spaces, dots or dashes that only group them).</summary>
    public const string NikNotDigits = "NIK_NOT_DIGITS";

    // --- Other values ---
    /// <summary>Not a date in one of the accepted forms, or no such day on the calendar.</summary>
    public const string DateUnreadable = "DATE_UNREADABLE";
    /// <summary>Not a month as YYYY-MM or MM/YYYY.</summary>
    public const string MonthUnreadable = "MONTH_UNREADABLE";
    /// <summary>Not a whole number (income, welfare decile, KTP occupation code).</summary>
    public const string NumberUnreadable = "NUMBER_UNREADABLE";
    public const string SexUnknown = "SEX_UNKNOWN";
    public const string OccupationUnknown = "OCCUPATION_UNKNOWN";
    public const string FundingSourceUnknown = "FUNDING_SOURCE_UNKNOWN";
    public const string SegmentUnknown = "SEGMENT_UNKNOWN";
    public const string StatusUnknown = "STATUS_UNKNOWN";
}
