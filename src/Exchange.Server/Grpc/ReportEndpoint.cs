using System.Globalization;
using Exchange.Core.Coverage;
using Exchange.Core.Reference;
using Exchange.Core.Time;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Grpc;

/// <summary>Coverage (UCJ) over the known workers (<see cref="KnownWorkers"/>): reads the request, asks the projection, maps.</summary>
public sealed class ReportEndpoint(KnownWorkers knownWorkers, TimeProvider clock) : ReportService.ReportServiceBase
{
    public override Task<GetCoverageReportResponse> GetCoverageReport(GetCoverageReportRequest request, ServerCallContext context)
    {
        var query = new CoverageQuery
        {
            Grouping = request.Grouping switch
            {
                CoverageGrouping.Kecamatan => CoverageDimension.Kecamatan,
                CoverageGrouping.Kelurahan => CoverageDimension.Kelurahan,
                CoverageGrouping.Occupation => CoverageDimension.Occupation,
                CoverageGrouping.Agency => CoverageDimension.Agency,
                CoverageGrouping.FundingSource => CoverageDimension.FundingSource,
                CoverageGrouping.WelfareDecile => CoverageDimension.WelfareDecile,
                _ => CoverageDimension.City,
            },
            Kecamatan = request.KecamatanCodes.Select(c => c.Trim()).ToHashSet(StringComparer.Ordinal),
            Kelurahan = request.KelurahanCodes.Select(c => Wilayah.ToDottedCode(c.Trim()) ?? c).ToHashSet(StringComparer.Ordinal),
            Occupations = request.Occupations.ToHashSet(),
            Agencies = request.Agencies.ToHashSet(StringComparer.Ordinal),
            FundingSources = request.FundingSources.ToHashSet(),
            WelfareDeciles = request.WelfareDeciles.ToHashSet(),
        };
        var report = knownWorkers.Report(query, Wib.Today(clock));
        var response = new GetCoverageReportResponse
        {
            Total = Map(report.Total),
            Denominator = CoverageReport.Population,
            CoverageDefinition = CoverageReport.Definition,
            RangeDefinition = request.Grouping == CoverageGrouping.Agency
                ? $"{CoverageReport.RangeDefinition}; {CoverageReport.AgencyNote}"
                : CoverageReport.RangeDefinition,
            AsOf = report.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            GeneratedAt = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        response.Rows.AddRange(report.Rows.Select(Map));
        return Task.FromResult(response);
    }

    private static Jamsostek.Exchange.V1.CoverageRow Map(Core.Coverage.CoverageRow row)
    {
        var mapped = new Jamsostek.Exchange.V1.CoverageRow
        {
            Key = row.Key,
            Name = row.Name,
            WorkerCount = row.Workers,
            CoverageRatio = row.Coverage,
            CoverageLow = row.CoverageLow,
            CoverageHigh = row.CoverageHigh,
            PossiblyProtectedCount = row.PossiblyProtected,
        };
        mapped.OutcomeCounts.AddRange(row.Outcomes.OrderBy(o => o.Key).Select(o => new CoverageOutcomeCount { Outcome = o.Key, Count = o.Value }));
        return mapped;
    }
}
