namespace Exchange.Cli;

/// <summary>A failure the user can act on: the message names the problem and the fix; the code is the exit status.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
