using Jamsostek.Exchange.V1;

namespace Exchange.Core.Coverage;

/// <summary>A coverage report: one row per group, the total, and what its figures mean.</summary>
public sealed record CoverageReport(IReadOnlyList<CoverageRow> Rows, CoverageRow Total, DateOnly AsOf)
{
    /// <summary>Who is counted, in words, for the response.</summary>
    public const string Population =
        "distinct workers (by NIK) accepted in any agency's submissions, each once, with the attributes of their latest accepted record, matched against the current registry";

    /// <summary>What coverage means, in words, for the response.</summary>
    public const string Definition =
        "coverage = (ACTIVE + GRACE) / (workers - DECEASED): the living known workers whose BPJS Ketenagakerjaan protection holds on the report's date";

    /// <summary>What the range means, in words, for the response.</summary>
    public const string RangeDefinition =
        "coverage if every POSSIBLE_MATCH is a different person (low) or the proposed participant (high, counting those whose participant is protected)";

    /// <summary>Why agency rows may add up to more than the total.</summary>
    public const string AgencyNote = "a worker submitted by several agencies counts in the row of each";
}

/// <summary>Counts for one group of distinct workers on the report's date.</summary>
/// <param name="Key">Area code, occupation or funding source number, agency, decile ("0": not stated), or the city's code.</param>
/// <param name="PossiblyProtected">POSSIBLE_MATCH workers whose proposed participant is ACTIVE or GRACE.</param>
public sealed record CoverageRow(
    string Key,
    string Name,
    long Workers,
    IReadOnlyDictionary<MatchOutcome, long> Outcomes,
    long PossiblyProtected)
{
    public long Count(MatchOutcome outcome) => Outcomes.GetValueOrDefault(outcome);

    public long Protected => Count(MatchOutcome.Active) + Count(MatchOutcome.Grace);

    /// <summary>The living: the coverage ratio's denominator.</summary>
    public long Living => Workers - Count(MatchOutcome.Deceased);

    public double Coverage => Living == 0 ? 0 : Protected / (double)Living;

    public double CoverageLow => Coverage;

    public double CoverageHigh => Living == 0 ? 0 : (Protected + PossiblyProtected) / (double)Living;
}
