namespace Exchange.Core.Batches;

/// <summary>What kind of mistake a refusal is; the host maps it to a status code.</summary>
public enum RefusalKind
{
    /// <summary>The request itself is wrong; the client must change it.</summary>
    InvalidArgument,
    /// <summary>An offset beyond what the batch has committed.</summary>
    OutOfRange,
    /// <summary>The request is well-formed but the batch is not in a state to take it.</summary>
    FailedPrecondition,
    NotFound,
    /// <summary>A limit is reached; see the details for whether waiting helps.</summary>
    ResourceExhausted,
    /// <summary>The caller may not do this.</summary>
    PermissionDenied,
    /// <summary>The caller's credentials are missing or do not hold.</summary>
    Unauthenticated,
    /// <summary>The gateway cannot take it now (shutting down): the same request later, here or at another replica, is fine.</summary>
    Unavailable,
}

/// <summary>
/// A request the intake will not carry out. Nothing it would have stored is stored. <see cref="Code"/>
/// is a stable code from <see cref="Validation.ViolationCodes"/>, <see cref="Field"/> the request field at
/// fault when there is one, <see cref="Details"/> machine-readable facts (such as the expected offset).
/// </summary>
public sealed class IntakeRefusal(
    RefusalKind kind,
    string code,
    string? field,
    IReadOnlyList<string> arguments,
    IReadOnlyDictionary<string, string>? details = null,
    TimeSpan? retryAfter = null) : Exception(code)
{
    public RefusalKind Kind { get; } = kind;

    public string Code { get; } = code;

    public string? Field { get; } = field;

    public IReadOnlyList<string> Arguments { get; } = arguments;

    public IReadOnlyDictionary<string, string> Details { get; } = details ?? new Dictionary<string, string>();

    /// <summary>When retrying the same request later can succeed: how long to wait first.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
