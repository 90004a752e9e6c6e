using Exchange.Core.Matching;
using MatchExplanation = Exchange.Core.Matching.MatchExplanation;
using Exchange.Core.Validation;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Batches;

/// <summary>
/// What the gateway decided about one record: its findings and, when accepted, the match. Stored in
/// the ledger with the record so a resumed or re-read batch answers exactly the same.
/// <see cref="ParticipantNik"/> names the participant matched or proposed for review, and
/// <see cref="Explanation"/> says how matching decided: both stay inside the gateway and BPJS's
/// review, never in an agency's answer.
/// </summary>
public sealed record RecordVerdict(
    IReadOnlyList<Finding> Findings,
    MatchOutcome Outcome,
    Segment Segment,
    double Score,
    IReadOnlyList<MatchReason> Reasons,
    string? ParticipantNik = null,
    MatchExplanation? Explanation = null)
{
    public static RecordVerdict Matched(IReadOnlyList<Finding> findings, MatchResult match) =>
        new(findings, match.Outcome, match.Segment, match.Score, match.Reasons, match.ParticipantNik, match.Explanation);

    public bool Accepted => !Findings.Any(f => f.Severity == FindingSeverity.Error);

    public bool HasWarnings => Findings.Any(f => f.Severity == FindingSeverity.Warning);

    public static RecordVerdict Rejected(IReadOnlyList<Finding> findings) =>
        new(findings, MatchOutcome.Unspecified, Segment.Unspecified, 0, []);
}

/// <summary>A stored verdict and the offset of its record.</summary>
public readonly record struct StoredVerdict(long Offset, RecordVerdict Verdict);
