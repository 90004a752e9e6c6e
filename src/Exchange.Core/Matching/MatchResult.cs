using Jamsostek.Exchange.V1;

namespace Exchange.Core.Matching;

/// <summary>What matching found for one worker.</summary>
/// <param name="Segment">The participant's segment on ACTIVE, GRACE, LAPSED and DECEASED; unspecified otherwise.</param>
/// <param name="Score">Sum of the Fellegi-Sunter weights (bits) of the chosen candidate; 0 without one.</param>
/// <param name="Reasons">Which fields agreed or disagreed, in the order NIK, name, birth date, sex, kelurahan.</param>
/// <param name="ParticipantNik">
/// The participant matched or proposed for review. For BPJS's review only: never sent to agencies.
/// </param>
/// <param name="Explanation">The deciding row and the comparison behind it: for BPJS only.</param>
public readonly record struct MatchResult(
    MatchOutcome Outcome,
    Segment Segment,
    double Score,
    IReadOnlyList<MatchReason> Reasons,
    string? ParticipantNik,
    MatchExplanation Explanation);
