using FluentValidation;
using FluentValidation.Results;

namespace Exchange.Core.Validation;

/// <summary>Turns FluentValidation's results into the gateway's findings.</summary>
public static class Findings
{
    /// <summary>
    /// One finding per failure, in rule order. Arguments come from the failure's state (a string array);
    /// the property name is the proto field name each rule sets.
    /// </summary>
    public static IReadOnlyList<Finding> From(ValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var failures = result.Errors;
        if (failures.Count == 0)
        {
            return [];
        }
        var findings = new Finding[failures.Count];
        for (var i = 0; i < failures.Count; i++)
        {
            var failure = failures[i];
            var severity = failure.Severity == Severity.Error ? FindingSeverity.Error : FindingSeverity.Warning;
            findings[i] = new Finding(failure.PropertyName, failure.ErrorCode, severity, failure.CustomState as string[] ?? []);
        }
        return findings;
    }
}
