namespace Exchange.Cli.Input;

/// <summary>How an input file is read, chosen by its extension.</summary>
public enum InputFormat
{
    /// <summary>.csv or .txt: comma, semicolon or tab separated, RFC 4180 quoting, UTF-8.</summary>
    Csv,
    /// <summary>.jsonl or .ndjson: one JSON object per line, UTF-8.</summary>
    JsonLines,
    /// <summary>.xlsx: the first sheet of an Excel workbook, header in its first non-empty row.</summary>
    Xlsx,
}
