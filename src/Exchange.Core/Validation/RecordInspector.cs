using Jamsostek.Exchange.V1;

namespace Exchange.Core.Validation;

/// <summary>Validates worker records on the submission path and reports what it found.</summary>
public sealed class RecordInspector
{
    private readonly WorkerRecordValidator _validator;

    public RecordInspector(WorkerRecordValidator validator)
    {
        ArgumentNullException.ThrowIfNull(validator);
        _validator = validator;
    }

    /// <summary>The record's findings, errors and warnings in rule order; empty for a clean record.</summary>
    public IReadOnlyList<Finding> Inspect(WorkerRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Findings.From(_validator.Validate(record));
    }
}
