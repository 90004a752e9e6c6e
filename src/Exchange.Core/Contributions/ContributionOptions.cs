namespace Exchange.Core.Contributions;

/// <summary>
/// The configuration section <see cref="Section"/>: the BPU rate periods (an array, oldest first) and who counts for
/// APBD enrollment. No periods configured is the default, PP 44/2015; the defaults stay out of the list itself, which
/// the binder would append to.
/// </summary>
public sealed record ContributionOptions
{
    public const string Section = "Exchange:Contributions";

    public IReadOnlyList<ContributionRate> Periods { get; init; } = [];

    public EligibilityRule Eligibility { get; init; } = new();

    /// <summary>The configured rates, or the default when none are.</summary>
    /// <exception cref="ArgumentException">The periods are not valid rates (<see cref="Problems"/>).</exception>
    public ContributionRates Rates() => Periods.Count == 0 ? ContributionRates.Default : new ContributionRates(Periods);

    /// <summary>Everything wrong with the section, one sentence each, for a refusal at start; empty when nothing is.</summary>
    public IReadOnlyList<string> Problems() =>
        [.. (Periods.Count == 0 ? [] : ContributionRates.Problems(Periods)), .. Eligibility.Problems()];
}
