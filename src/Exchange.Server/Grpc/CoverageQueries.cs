using Exchange.Core.Coverage;
using Exchange.Core.Reference;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Grpc;

/// <summary>The grouping and filters the coverage report and the APBD estimate share, as the projection reads them.</summary>
public static class CoverageQueries
{
    public static CoverageQuery From(CoverageGrouping grouping, IEnumerable<string> kecamatanCodes, IEnumerable<string> kelurahanCodes,
        IEnumerable<Occupation> occupations, IEnumerable<string> agencies, IEnumerable<FundingSource> fundingSources,
        IEnumerable<int> welfareDeciles) => new()
    {
        Grouping = grouping switch
        {
            CoverageGrouping.Kecamatan => CoverageDimension.Kecamatan,
            CoverageGrouping.Kelurahan => CoverageDimension.Kelurahan,
            CoverageGrouping.Occupation => CoverageDimension.Occupation,
            CoverageGrouping.Agency => CoverageDimension.Agency,
            CoverageGrouping.FundingSource => CoverageDimension.FundingSource,
            CoverageGrouping.WelfareDecile => CoverageDimension.WelfareDecile,
            _ => CoverageDimension.City,
        },
        Kecamatan = kecamatanCodes.Select(c => c.Trim()).ToHashSet(StringComparer.Ordinal),
        Kelurahan = kelurahanCodes.Select(c => Wilayah.ToDottedCode(c.Trim()) ?? c).ToHashSet(StringComparer.Ordinal),
        Occupations = occupations.ToHashSet(),
        Agencies = agencies.ToHashSet(StringComparer.Ordinal),
        FundingSources = fundingSources.ToHashSet(),
        WelfareDeciles = welfareDeciles.ToHashSet(),
    };
}
