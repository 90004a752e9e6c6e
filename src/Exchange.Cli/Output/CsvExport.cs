using CsvHelper;

namespace Exchange.Cli.Output;

/// <summary>
/// Every CSV file the CLI writes (results, candidates, review lists): a header and rows, RFC 4180, UTF-8
/// with a byte order mark so spreadsheets read Indonesian names right. A value that starts like a
/// formula (= + - @, tab, CR) gets a leading ' so opening the file never runs it: values come from
/// agencies' files and the gateway, not from us. Rows stream to the file; nothing is held.
/// </summary>
public sealed class CsvExport : IDisposable
{
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        WriteByteOrderMark = true,
        Injection = CsvInjection.Escape,
    };

    private readonly CsvWriter _writer;

    /// <summary>Creates (or replaces) the file and writes the header.</summary>
    public CsvExport(string path, params ReadOnlySpan<string> header)
    {
        _writer = CsvWriter.ToFile(path, Options);
        _writer.WriteHeader(header);
    }

    /// <summary>Writes one row; it has as many values as the header. Null is an empty field.</summary>
    /// <exception cref="InvalidOperationException">The row has another number of values than the header.</exception>
    public void WriteRow(params ReadOnlySpan<string?> values) => _writer.WriteRecord(values);

    /// <summary>Writes the rows so far to the file, so a reader (or a crash) sees them.</summary>
    public void Flush() => _writer.Flush();

    public void Dispose() => _writer.Dispose();
}
