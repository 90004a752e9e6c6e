using Exchange.Core.Batches;
using Exchange.Core.Validation;
using Jamsostek.Exchange.V1;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Security;

/// <summary>
/// Purpose limitation and minimisation (UU PDP Art. 16): an agency may state only the purposes
/// configured for it, and a batch's results carry only what its purpose needs.
/// </summary>
public sealed class PurposePolicy(IOptions<SecurityOptions> options)
{
    /// <summary>Refuses a purpose the agency may not state; purposes not configured are allowed to nobody.</summary>
    public void Check(string agency, Purpose purpose)
    {
        if (!options.Value.Purposes.TryGetValue(purpose, out var allowed)
            || !allowed.Agencies.Any(a => a == "*" || string.Equals(a, agency, StringComparison.OrdinalIgnoreCase)))
        {
            throw new IntakeRefusal(RefusalKind.PermissionDenied, ViolationCodes.PurposeNotAllowed, "open.purpose", [purpose.ToString()]);
        }
    }

    /// <summary>Removes from an agency's result what the batch's purpose does not need.</summary>
    public RecordResult Minimise(RecordResult result, Purpose purpose)
    {
        var disclosure = options.Value.Purposes.GetValueOrDefault(purpose);
        if (disclosure?.ReturnsSegment != true)
        {
            result.Segment = Segment.Unspecified;
        }
        if (disclosure?.ReturnsEvidence != true)
        {
            result.Score = 0;
            result.Reasons.Clear();
        }
        return result;
    }
}
