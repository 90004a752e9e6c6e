namespace Exchange.Core.Audit;

/// <summary>
/// One processing activity (UU PDP Art. 31): who made which call, about which batch, with how many
/// records, what came of it and when.
/// </summary>
/// <param name="At">When the call ended.</param>
/// <param name="Caller">The configured caller name (an agency code, BPJS, an operator): never a person's name from the data.</param>
/// <param name="Role">The caller's role.</param>
/// <param name="Method">The full gRPC method name, e.g. /jamsostek.exchange.v1.SubmissionService/Submit.</param>
/// <param name="BatchId">The batch the call concerned, if any.</param>
/// <param name="RecordCount">How many records the call carried.</param>
/// <param name="Outcome">The gRPC status code name, e.g. OK or PERMISSION_DENIED.</param>
/// <param name="Detail">Short free text; never a NIK or a name (NIK-like digit runs are masked when appended).</param>
public sealed record AuditEvent(
    DateTimeOffset At,
    string Caller,
    string Role,
    string Method,
    string? BatchId,
    long RecordCount,
    string Outcome,
    string? Detail)
{
    /// <summary>Longest Detail kept: an audit row stays small and cheap to append.</summary>
    public const int MaxDetailLength = 256;

    /// <summary>
    /// The event as a trail stores it: the time in UTC (the stored form keeps the instant, not the
    /// offset), Detail scrubbed of NIKs and cut to <see cref="MaxDetailLength"/>.
    /// </summary>
    public AuditEvent Sanitised() => this with { At = At.ToUniversalTime(), Detail = Shorten(Detail is null ? null : PersonalData.Scrub(Detail)) };

    // Cut after scrubbing: cutting first could leave a 15-digit piece of a NIK that no longer looks like one.
    private static string? Shorten(string? text)
    {
        if (text is null || text.Length <= MaxDetailLength)
        {
            return text;
        }
        var end = MaxDetailLength - 1;
        if (char.IsHighSurrogate(text[end - 1]))
        {
            end--;
        }
        return string.Concat(text.AsSpan(0, end), "…");
    }
}
