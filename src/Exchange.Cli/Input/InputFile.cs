namespace Exchange.Cli.Input;

/// <summary>
/// An operator's file, opened and checked: the format from its extension, the columns from its header.
/// Lines are read on demand and streamed, the same lines in the same order on every read, so a command
/// can read the file once to count and again to send, and resume by skipping lines.
/// </summary>
public abstract class InputFile
{
    private readonly RowSource _source;

    private protected InputFile(string path, RecordSchema schema)
    {
        Path = path;
        _source = RowSource.Open(path, schema);
    }

    /// <summary>The path as given.</summary>
    public string Path { get; }

    public InputFormat Format => _source.Format;

    /// <summary>The columns read, as the file names them, in file order.</summary>
    public IReadOnlyList<string> RecognisedColumns => _source.Columns.Recognised;

    /// <summary>The columns the CLI does not know and leaves out, as the file names them.</summary>
    public IReadOnlyList<string> IgnoredColumns => _source.Columns.Ignored;

    private protected IEnumerable<InputRow> ReadRows() => _source.ReadRows();
}
