using System.Globalization;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Contributions;

/// <summary>
/// Who counts for enrollment with contributions paid from the city budget (APBD): a worker who is not protected and can
/// still be (NOT_REGISTERED or LAPSED), in the configured welfare deciles (DTSEN; Kota Bogor pays for deciles 1-4) and,
/// when occupations are given, in one of them. The KTP occupation code decides nothing: it is often stale.
/// </summary>
public sealed record EligibilityRule
{
    /// <summary>
    /// The outcomes of workers who may be enrolled: not a participant, or a former one. Never ACTIVE or GRACE (covered),
    /// POSSIBLE_MATCH (BPJS has not decided) or DECEASED (the heirs may claim JKM; nobody is to enroll).
    /// </summary>
    public static IReadOnlyList<MatchOutcome> EnrollableOutcomes { get; } = [MatchOutcome.NotRegistered, MatchOutcome.Lapsed];

    public static bool IsEnrollable(MatchOutcome outcome) => outcome is MatchOutcome.NotRegistered or MatchOutcome.Lapsed;

    public int MinimumWelfareDecile { get; init; } = 1;

    public int MaximumWelfareDecile { get; init; } = 4;

    /// <summary>The occupations that count; empty for every occupation.</summary>
    public IReadOnlyList<Occupation> Occupations { get; init; } = [];

    /// <summary>
    /// Whether a worker with this decile (null: not stated), occupation and outcome counts, as a known worker
    /// (<see cref="Coverage.KnownWorker"/>) has them. A worker whose decile is not stated does not: nothing shows they are
    /// among the poorest.
    /// </summary>
    public bool Admits(int? welfareDecile, Occupation occupation, MatchOutcome outcome) =>
        IsEnrollable(outcome)
        && welfareDecile is { } decile && decile >= MinimumWelfareDecile && decile <= MaximumWelfareDecile
        && (Occupations.Count == 0 || Occupations.Contains(occupation));

    /// <summary>The rule in words, for the estimate's readers.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"NOT_REGISTERED or LAPSED workers (never ACTIVE, GRACE, POSSIBLE_MATCH or DECEASED) with a stated welfare decile (DTSEN) of {MinimumWelfareDecile}-{MaximumWelfareDecile}, ")
        + (Occupations.Count == 0 ? "of any occupation" : $"occupation one of {string.Join(", ", Occupations)}");

    /// <summary>What is wrong with the rule, one sentence each; empty when nothing is.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MinimumWelfareDecile is < 1 or > 10 || MaximumWelfareDecile is < 1 or > 10 || MinimumWelfareDecile > MaximumWelfareDecile)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"welfare deciles {MinimumWelfareDecile}-{MaximumWelfareDecile} are not a range within 1-10"));
        }
        foreach (var occupation in Occupations.Where(o => o == Occupation.Unspecified || !Enum.IsDefined(o)))
        {
            problems.Add($"occupation {occupation} is not one the gateway knows");
        }
        return problems;
    }
}
