using CsvHelper;

namespace Exchange.Cli.Input;

/// <summary>
/// A CSV file as spreadsheets export it: UTF-8 with or without BOM, comma, semicolon or tab (CsvHelper
/// detects it, and reads Excel's sep= line), RFC 4180 quotes, line breaks inside quoted values.
/// </summary>
internal sealed class CsvSource : RowSource
{
    private static readonly CsvReaderOptions Options = CsvReaderOptions.Default with { TrackLineNumbers = true };

    public CsvSource(string path, RecordSchema schema)
        : base(path, schema)
    {
        TextFile.EnsureUtf8(path);
        using var reader = Open(Options);
        var header = reader.Headers;
        if (header.Count == 0 || header.All(string.IsNullOrWhiteSpace))
        {
            throw new InputFileException($"{path} has no header row: its first line must name the columns, such as nik;nama;tanggal_lahir");
        }
        Columns = ColumnMap.Create(header, schema, path);
    }

    public override InputFormat Format => InputFormat.Csv;

    public override IEnumerable<InputRow> ReadRows()
    {
        long unclosedQuoteLine = 0;
        using var reader = Open(Options with
        {
            OnMalformedRecord = malformed =>
            {
                if (malformed.Reason == CsvMalformedReason.UnterminatedQuote)
                {
                    unclosedQuoteLine = malformed.LineNumber;
                }
            },
        });
        var width = reader.Headers.Count;
        while (reader.Read())
        {
            if (IsBlank(reader))
            {
                continue;
            }
            var row = new InputRow(checked((int)reader.LineNumber), Schema, Columns);
            if (reader.LineNumber == unclosedQuoteLine)
            {
                row.ReportLine(ProblemCodes.QuoteNotClosed,
                    "a quote (\") opens a value on this line and is never closed, so the rest of the file was read as that value: remove the quote or close it, and export again");
            }
            else if (reader.FieldCount != width)
            {
                row.ReportLine(ProblemCodes.WrongFieldCount, WrongFieldCount(reader.FieldCount, width, reader.Separator));
            }
            else
            {
                for (var column = 0; column < width; column++)
                {
                    if (Columns.FieldByColumn[column] is var field and >= 0)
                    {
                        row.Set(field, Cell.Of(reader.GetString(column)));
                    }
                }
            }
            yield return row;
        }
    }

    private CsvReader Open(CsvReaderOptions options)
    {
        try
        {
            return CsvReader.FromFile(Path, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException($"{Path} cannot be opened ({e.Message}): check that you may read it and that no other program holds it", e);
        }
    }

    /// <summary>Spreadsheets export an empty row as separators alone (;;;;): no record.</summary>
    private static bool IsBlank(CsvReader reader)
    {
        for (var column = 0; column < reader.FieldCount; column++)
        {
            if (!string.IsNullOrWhiteSpace(reader.GetString(column)))
            {
                return false;
            }
        }
        return true;
    }

    private static string WrongFieldCount(int fields, int width, char separator)
    {
        var shown = separator == '\t' ? "tab" : $"'{separator}'";
        return fields > width
            ? $"{fields} fields where the header has {width}: a {shown} inside a value needs quotes around the value (\"...\")"
            : $"{fields} fields where the header has {width}: a value or its {shown} is missing, or the line was cut; give every line all {width} columns";
    }
}
