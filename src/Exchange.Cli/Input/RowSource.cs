namespace Exchange.Cli.Input;

/// <summary>The lines of one file in one format, as rows of values by field; opened once, read as often as asked.</summary>
internal abstract class RowSource
{
    protected RowSource(string path, RecordSchema schema)
    {
        Path = path;
        Schema = schema;
    }

    public abstract InputFormat Format { get; }

    public ColumnMap Columns { get; protected set; } = null!;

    protected string Path { get; }

    protected RecordSchema Schema { get; }

    /// <summary>Streams the lines that are not blank, in file order, from the start of the file.</summary>
    public abstract IEnumerable<InputRow> ReadRows();

    public static RowSource Open(string path, RecordSchema schema)
    {
        if (Directory.Exists(path))
        {
            throw new InputFileException($"{path} is a folder: give the path of the file itself");
        }
        if (!File.Exists(path))
        {
            throw new InputFileException($"{path} does not exist: check the file name and the folder");
        }
        return System.IO.Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" or ".txt" => new CsvSource(path, schema),
            ".jsonl" or ".ndjson" => new JsonLinesSource(path, schema),
            ".xlsx" => new XlsxSource(path, schema),
            ".xls" => throw new InputFileException(
                $"{path} is an old Excel workbook (.xls), which the CLI cannot read: open it and save it as an Excel workbook (.xlsx) or as CSV UTF-8 (.csv)"),
            var extension => throw new InputFileException(
                $"{path}: the CLI reads .csv and .txt (CSV), .jsonl and .ndjson (JSON Lines) and .xlsx files, not \"{Shown.Value(extension)}\": save or rename the file as one of them"),
        };
    }
}
