using Exchange.Core.Batches;
using Exchange.Core.Validation;
using Jamsostek.Exchange.V1;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Security;

/// <summary>
/// Purpose limitation and minimisation (UU PDP Art. 16): an agency may state only the purposes
/// configured for it, and a batch's results carry only what its purpose needs, never BPJS's evidence.
/// </summary>
public sealed class PurposePolicy(IOptions<SecurityOptions> options)
{
    /// <summary>Refuses a purpose the agency may not state; purposes not configured are allowed to nobody.</summary>
    public void Check(string agency, Purpose purpose)
    {
        if (!Allows(agency, purpose))
        {
            throw new IntakeRefusal(RefusalKind.PermissionDenied, ViolationCodes.PurposeNotAllowed, "open.purpose", [purpose.ToString()]);
        }
    }

    public bool Allows(string agency, Purpose purpose) =>
        options.Value.Purposes.TryGetValue(purpose, out var allowed)
        && allowed.Agencies.Any(a => a == "*" || string.Equals(a, agency, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// An agency's view of a result: the outcome, and the segment where the purpose allows it. Never the score or the
    /// reasons, whatever the purpose: they tell which of BPJS's fields agreed, so an agency could learn which of a
    /// NIK's neighbours is registered and then guess the participant's name field by field. BPJS reads them in its
    /// review items and ExplainResult.
    /// </summary>
    public RecordResult Minimise(RecordResult result, Purpose purpose)
    {
        result.Score = 0;
        result.Reasons.Clear();
        if (options.Value.Purposes.GetValueOrDefault(purpose)?.ReturnsSegment != true)
        {
            result.Segment = Segment.Unspecified;
        }
        return result;
    }
}
