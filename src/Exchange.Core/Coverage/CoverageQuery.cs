using Jamsostek.Exchange.V1;

namespace Exchange.Core.Coverage;

/// <summary>What a coverage report's rows are: one per value of one of a worker's attributes.</summary>
public enum CoverageDimension
{
    City,
    Kecamatan,
    Kelurahan,
    Occupation,
    Agency,
    FundingSource,
    WelfareDecile,
}

/// <summary>
/// One coverage report: the rows' dimension and, per dimension, the values a worker must have to be
/// counted (an empty set: any). A worker known to several agencies passes an agency filter when any
/// of them is in it.
/// </summary>
public sealed record CoverageQuery
{
    public CoverageDimension Grouping { get; init; } = CoverageDimension.City;

    public IReadOnlySet<string> Kecamatan { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> Kelurahan { get; init; } = new HashSet<string>();

    public IReadOnlySet<Occupation> Occupations { get; init; } = new HashSet<Occupation>();

    public IReadOnlySet<string> Agencies { get; init; } = new HashSet<string>();

    public IReadOnlySet<FundingSource> FundingSources { get; init; } = new HashSet<FundingSource>();

    /// <summary>Deciles 1-10; 0 stands for workers whose decile no agency stated.</summary>
    public IReadOnlySet<int> WelfareDeciles { get; init; } = new HashSet<int>();
}
