using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Exchange.Cli.Input;

/// <summary>
/// Checks, in one streaming pass before anything is sent, that a file is UTF-8 text: a file saved in
/// another encoding would otherwise send names with broken letters, or fail halfway through.
/// </summary>
internal static class TextFile
{
    private const int BufferSize = 64 * 1024;

    public static void EnsureUtf8(string path)
    {
        using var stream = OpenRead(path);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var chars = ArrayPool<char>.Shared.Rent(buffer.Length);
        try
        {
            var filled = stream.ReadAtLeast(buffer, 3, throwOnEndOfStream: false);
            if (filled == 0)
            {
                throw new InputFileException($"{path} is empty: export it again, with a header row naming the columns");
            }
            if (filled >= 2 && (buffer[0], buffer[1]) is (0xFF, 0xFE) or (0xFE, 0xFF))
            {
                throw new InputFileException(
                    $"{path} is UTF-16 text (what Excel calls \"Unicode Text\"): save it as \"CSV UTF-8 (Comma delimited)\" and try again");
            }
            var start = buffer.AsSpan(0, filled).StartsWith("\uFEFF"u8) ? 3 : 0;
            var line = 1;
            while (true)
            {
                var bytes = buffer.AsSpan(start, filled - start);
                if (bytes.Contains((byte)0))
                {
                    throw new InputFileException(
                        $"{path} is not a text file (it holds NUL bytes): if it is a workbook, save it as CSV UTF-8 (.csv) or as an Excel workbook (.xlsx)");
                }
                var status = Utf8.ToUtf16(bytes, chars, out var consumed, out _, replaceInvalidSequences: false, isFinalBlock: false);
                line += bytes[..consumed].Count((byte)'\n');
                if (status == OperationStatus.InvalidData)
                {
                    throw NotUtf8(path, line);
                }
                // A character cut by the end of the buffer moves to its start, to be completed by the next read.
                var carried = bytes.Length - consumed;
                bytes[consumed..].CopyTo(buffer);
                var read = stream.Read(buffer, carried, buffer.Length - carried);
                if (read == 0)
                {
                    if (carried > 0)
                    {
                        throw NotUtf8(path, line);
                    }
                    return;
                }
                (start, filled) = (0, carried + read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    public static FileStream OpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException($"{path} cannot be opened ({e.Message}): check that you may read it and that no other program holds it", e);
        }
    }

    public static StreamReader OpenText(string path) =>
        new(OpenRead(path), Encoding.UTF8, detectEncodingFromByteOrderMarks: false, BufferSize);

    private static InputFileException NotUtf8(string path, int line) => new(
        $"{path} is not UTF-8 text (line {line} has bytes UTF-8 does not allow): save it as \"CSV UTF-8\" in the spreadsheet and export again");
}
