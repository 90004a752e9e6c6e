namespace Exchange.Core.Validation;

/// <summary>How serious a finding is: an error rejects the record, a warning only informs.</summary>
public enum FindingSeverity
{
    Error = 0,
    Warning = 1,
}

/// <summary>
/// One problem with one field of a record. <see cref="Field"/> is relative to the record
/// (<c>nik</c>); the caller prefixes it with the record's position in the request
/// (<c>records[17].nik</c>). Messages are rendered from <see cref="Code"/> and <see cref="Arguments"/>
/// when answering, so a stored finding can be read back in any language.
/// </summary>
public sealed record Finding(string Field, string Code, FindingSeverity Severity, IReadOnlyList<string> Arguments)
{
    public static Finding Error(string field, string code, params string[] arguments) =>
        new(field, code, FindingSeverity.Error, arguments);

    public static Finding Warning(string field, string code, params string[] arguments) =>
        new(field, code, FindingSeverity.Warning, arguments);
}
