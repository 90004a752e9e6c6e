namespace Exchange.Core.Validation;

/// <summary>
/// When a submission looks like a membership probe rather than a list of workers (README, Security). The defaults
/// come from what normal submissions look like on every profile of the accuracy benchmark.
/// </summary>
public sealed record ProbeScreeningRules
{
    /// <summary>Below this many accepted records a submission is not judged by its shares: a small one is far from normal by chance.</summary>
    public int MinimumRecords { get; init; } = 100;

    /// <summary>
    /// Share of POSSIBLE_MATCH among accepted records above which a submission is flagged. Normal is 1-3 % (the
    /// benchmark's goal is at most 3 %; its stress profile, with three times the NIK typos, reaches 4.2 %).
    /// </summary>
    public double PossibleMatchShare { get; init; } = 0.15;

    /// <summary>
    /// Records one substituted digit from one NIK, within <see cref="NikWindow"/> consecutive accepted records, from
    /// which a submission is flagged: the shape of a sweep over a NIK's neighbours (up to 144 of them). Normal is at
    /// most 19, in a file sorted by NIK (people born the same day in one kecamatan have neighbouring serials), and 5
    /// in file order. A share would not do: two thirds of a NIK-sorted file lie one digit from another of its records.
    /// </summary>
    public int RecordsAroundOneNik { get; init; } = 50;

    /// <summary>Consecutive accepted records looked at together for <see cref="RecordsAroundOneNik"/>: bounds the memory of a long stream.</summary>
    public int NikWindow { get; init; } = 1000;
}
