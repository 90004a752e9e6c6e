using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Exchange.Core.Validation;
using Xunit.Sdk;

namespace Exchange.Core.Tests.Hostile;

/// <summary>
/// What every finding must be, whatever the input: a proto field name, a stable UPPER_SNAKE code with
/// a message in both languages and enough arguments for it. And a tally of failures, so that one run
/// reports every kind of crash with its first input instead of stopping at the first.
/// </summary>
internal static partial class HostileChecks
{
    // Arguments a code's message needs: "?" marks each missing one (Messages.Describe never throws).
    private static readonly ConcurrentDictionary<string, int> NeededArguments = new(StringComparer.Ordinal);

    public static void WellFormed(IReadOnlyList<Finding> findings, IReadOnlySet<string> fields, FailureTally tally, string input)
    {
        var errorsPerField = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var finding in findings)
        {
            if (string.IsNullOrEmpty(finding.Field) || !fields.Contains(finding.Field))
            {
                tally.Add($"finding field '{finding.Field}' is not a field of the message", input);
            }
            if (finding.Code is null || !UpperSnake().IsMatch(finding.Code))
            {
                tally.Add($"finding code '{finding.Code}' is not UPPER_SNAKE", input);
                continue;
            }
            if (!Enum.IsDefined(finding.Severity))
            {
                tally.Add($"{finding.Code}: severity {(int)finding.Severity} is not defined", input);
            }
            if (finding.Arguments is null || finding.Arguments.Any(a => a is null))
            {
                tally.Add($"{finding.Code}: null arguments", input);
                continue;
            }
            foreach (var language in (Language[])[Language.Indonesian, Language.English])
            {
                var text = Messages.Describe(finding.Code, finding.Arguments, language);
                if (string.IsNullOrWhiteSpace(text) || text == finding.Code)
                {
                    tally.Add($"{finding.Code}: no {language} message", input);
                }
            }
            var needed = NeededArguments.GetOrAdd(finding.Code, Needed);
            if (finding.Arguments.Count < needed)
            {
                tally.Add($"{finding.Code}: {finding.Arguments.Count} arguments, its message needs {needed}", input);
            }
            if (finding.Severity == FindingSeverity.Error)
            {
                errorsPerField[finding.Field ?? ""] = errorsPerField.GetValueOrDefault(finding.Field ?? "") + 1;
            }
        }
        // The validators stop at a field's first error: a second one only restates it.
        foreach (var (field, errors) in errorsPerField.Where(e => e.Value > 1))
        {
            tally.Add($"{errors} errors on field {field}", input);
        }
    }

    public static bool SameFindings(IReadOnlyList<Finding> first, IReadOnlyList<Finding> second) =>
        first.Count == second.Count
        && first.Zip(second).All(p => p.First.Field == p.Second.Field && p.First.Code == p.Second.Code
            && p.First.Severity == p.Second.Severity && p.First.Arguments.SequenceEqual(p.Second.Arguments));

    /// <summary>A text made printable and short for a failure message: escapes, and the length when it is cut.</summary>
    public static string Show(string? text)
    {
        if (text is null)
        {
            return "null";
        }
        var builder = new StringBuilder("\"");
        foreach (var c in text.Take(48))
        {
            builder.Append(c is >= ' ' and <= '~' and not '\\' and not '"' ? c.ToString() : $"\\u{(int)c:X4}");
        }
        builder.Append('"');
        if (text.Length > 48)
        {
            builder.Append($"...({text.Length} chars)");
        }
        return builder.ToString();
    }

    private static int Needed(string code)
    {
        var placeholders = Messages.Describe(code, [], Language.English).Count(c => c == '?');
        var own = Messages.Describe(code, Enumerable.Repeat("x", 16).ToArray(), Language.English).Count(c => c == '?');
        return placeholders - own;
    }

    [GeneratedRegex(@"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*\z")]
    private static partial Regex UpperSnake();
}

/// <summary>
/// Failures by kind (exception type and throwing method, or broken property), each with how often it
/// happened and the first input that caused it. Thread-safe.
/// </summary>
internal sealed class FailureTally(string subject, int seed)
{
    private readonly ConcurrentDictionary<string, (int Count, string FirstInput)> _failures = new(StringComparer.Ordinal);

    public void Add(string kind, string input) =>
        _failures.AddOrUpdate(kind, _ => (1, input), (_, known) => (known.Count + 1, known.FirstInput));

    public void Threw(Exception exception, string input)
    {
        var frame = exception.StackTrace?.Split('\n').FirstOrDefault()?.Trim() ?? "";
        Add($"{exception.GetType().Name}: {exception.Message} {frame}", input);
    }

    /// <summary>Fails with every kind of failure seen, or passes when there was none.</summary>
    public void AssertNone(int inputs)
    {
        if (_failures.IsEmpty)
        {
            return;
        }
        var report = string.Join("\n", _failures.OrderByDescending(f => f.Value.Count)
            .Select(f => $"- {f.Value.Count} x {f.Key}\n    first input: {f.Value.FirstInput}"));
        throw new XunitException($"{subject}: failures in {inputs} generated inputs (seed {seed}):\n{report}");
    }
}
