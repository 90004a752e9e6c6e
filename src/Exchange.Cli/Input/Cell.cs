namespace Exchange.Cli.Input;

/// <summary>Where a value came from, which decides what a NIK or a date in it means.</summary>
internal enum CellKind
{
    Text,
    /// <summary>A number cell of a workbook: <see cref="Cell.Text"/> is the number in invariant form.</summary>
    SpreadsheetNumber,
    /// <summary>A date cell of a workbook: <see cref="Cell.Text"/> is YYYY-MM-DD.</summary>
    SpreadsheetDate,
    /// <summary>A JSON number: <see cref="Cell.Text"/> is as written.</summary>
    JsonNumber,
}

/// <summary>One value of a line, trimmed.</summary>
internal readonly record struct Cell(string Text, CellKind Kind)
{
    public static readonly Cell Empty = new("", CellKind.Text);

    public static Cell Of(string? text, CellKind kind = CellKind.Text) => new(text?.Trim() ?? "", kind);

    public bool IsEmpty => Text.Length == 0;
}
