using System.Globalization;
using Exchange.Cli.Input;

namespace Exchange.Cli.Commands;

/// <summary>What submit and registry sync do alike with an operator's file before sending it.</summary>
public static class InputFiles
{
    // Unreadable lines shown on the terminal; submit's results file has all of them.
    private const int ProblemsShown = 20;

    /// <summary>Opens a file with <paramref name="open"/>; one that cannot be read at all is a bad argument, with the reason and the fix.</summary>
    public static T Open<T>(Func<T> open)
    {
        try
        {
            return open();
        }
        catch (InputFileException e)
        {
            throw new CliException(ExitCodes.BadArguments, e.Message);
        }
    }

    /// <summary>Reads the file's lines once: how many can be sent, and what is wrong with the others, shown now on stderr.</summary>
    public static (long Readable, int Unreadable) Survey(CliContext context, IEnumerable<(int LineNumber, IReadOnlyList<LineProblem> Problems)> lines,
        IReadOnlyList<string> ignoredColumns)
    {
        long readable = 0;
        var unreadable = 0;
        foreach (var (lineNumber, problems) in lines)
        {
            if (problems.Count == 0)
            {
                readable++;
            }
            else if (++unreadable <= ProblemsShown)
            {
                foreach (var problem in problems)
                {
                    context.Error.WriteLine(problem.Describe(lineNumber));
                }
            }
        }
        if (unreadable > ProblemsShown)
        {
            context.Error.WriteLine($"... and {(unreadable - ProblemsShown).ToString("N0", CultureInfo.InvariantCulture)} more unreadable lines.");
        }
        if (ignoredColumns.Count > 0)
        {
            context.Error.WriteLine($"ignored columns: {string.Join(", ", ignoredColumns)}");
        }
        return (readable, unreadable);
    }
}
