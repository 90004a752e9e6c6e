using Exchange.Core.Batches;
using Jamsostek.Exchange.V1;

namespace Exchange.Storage;

/// <summary>
/// The chunk column that counts each of Core's <see cref="LedgerChunk.CountedOutcomes"/>, in that order: the same
/// columns on every engine, so a new outcome is one name here and one migration per engine.
/// </summary>
internal static class OutcomeColumns
{
    public static IReadOnlyList<string> Names { get; } = [.. LedgerChunk.CountedOutcomes.Select(Name)];

    private static string Name(MatchOutcome outcome) => outcome switch
    {
        MatchOutcome.Active => "active",
        MatchOutcome.Grace => "grace",
        MatchOutcome.Lapsed => "lapsed",
        MatchOutcome.NotRegistered => "not_registered",
        MatchOutcome.PossibleMatch => "possible_match",
        MatchOutcome.Deceased => "deceased",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "no chunk column counts this outcome"),
    };
}
