namespace Exchange.Cli.Input;

/// <summary>
/// Why one line of an operator's file cannot be sent. <see cref="Message"/> is for a person: it names the
/// problem and the fix, and never quotes a NIK or a name (it ends up in logs and results files).
/// </summary>
/// <param name="Field">The record field at fault (nik, birth_date, ...), as the proto names it; empty when the whole line is.</param>
/// <param name="Code">One of <see cref="ProblemCodes"/>.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record LineProblem(string Field, string Code, string Message)
{
    /// <summary>The problem as a command shows it: <c>line 812: NIK looks like a spreadsheet number ...</c>.</summary>
    public string Describe(int lineNumber) => $"line {lineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {Message}";
}
