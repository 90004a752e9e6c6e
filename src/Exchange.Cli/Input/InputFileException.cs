namespace Exchange.Cli.Input;

/// <summary>A file that cannot be read at all (missing, not UTF-8 text, no header, no NIK column...); the message names the problem and the fix.</summary>
public sealed class InputFileException : Exception
{
    public InputFileException(string message)
        : base(message)
    {
    }

    public InputFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
