using System.Globalization;
using Exchange.Core.Batches;
using Exchange.Core.Reference;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Grpc;

/// <summary>Coverage (UCJ) over the workers agencies submitted: each worker counted once, by their latest result.</summary>
public sealed class ReportEndpoint(IBatchLedger ledger, TimeProvider clock) : ReportService.ReportServiceBase
{
    private const string Denominator =
        "distinct workers (by NIK) accepted in agency submissions; each counted once with the outcome of their latest accepted record";

    public override async Task<GetCoverageReportResponse> GetCoverageReport(GetCoverageReportRequest request, ServerCallContext context)
    {
        var latest = new Dictionary<string, (string Kelurahan, Occupation Occupation, MatchOutcome Outcome)>(StringComparer.Ordinal);
        await foreach (var record in ledger.ScanAcceptedAsync(context.CancellationToken))
        {
            var worker = record.Worker;
            latest[worker.Nik] = (Wilayah.ToDottedCode(worker.KelurahanCode.Trim()) ?? "", worker.Occupation, record.Verdict.Outcome);
        }

        var wilayah = Wilayah.KotaBogor;
        var kelurahan = wilayah.AllKelurahan.ToDictionary(k => k.Code);
        var rows = new SortedDictionary<string, CoverageRow>(StringComparer.Ordinal);
        var total = NewRow(wilayah.CityCode, wilayah.CityName);
        foreach (var (place, occupation, outcome) in latest.Values)
        {
            var (key, name) = request.Grouping switch
            {
                CoverageGrouping.Kecamatan when kelurahan.TryGetValue(place, out var k) => (k.KecamatanCode, k.KecamatanName),
                CoverageGrouping.Kelurahan when kelurahan.TryGetValue(place, out var k) => (k.Code, k.Name),
                CoverageGrouping.Occupation => (((int)occupation).ToString("00", CultureInfo.InvariantCulture), occupation.ToString()),
                _ => (wilayah.CityCode, wilayah.CityName),
            };
            if (!rows.TryGetValue(key, out var row))
            {
                rows[key] = row = NewRow(key, name);
            }
            Count(row, outcome);
            Count(total, outcome);
        }

        var response = new GetCoverageReportResponse
        {
            Total = Finish(total),
            Denominator = Denominator,
            GeneratedAt = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        response.Rows.AddRange(rows.Values.Select(Finish));
        return response;
    }

    private static CoverageRow NewRow(string key, string name) => new() { Key = key, Name = name };

    private static void Count(CoverageRow row, MatchOutcome outcome)
    {
        row.WorkerCount++;
        var counted = row.OutcomeCounts.FirstOrDefault(c => c.Outcome == outcome);
        if (counted is null)
        {
            row.OutcomeCounts.Add(counted = new CoverageOutcomeCount { Outcome = outcome });
        }
        counted.Count++;
    }

    private static CoverageRow Finish(CoverageRow row)
    {
        var covered = row.OutcomeCounts.Where(c => c.Outcome is MatchOutcome.Active or MatchOutcome.Grace).Sum(c => c.Count);
        row.CoverageRatio = row.WorkerCount == 0 ? 0 : covered / (double)row.WorkerCount;
        var ordered = row.OutcomeCounts.OrderBy(c => c.Outcome).ToList();
        row.OutcomeCounts.Clear();
        row.OutcomeCounts.AddRange(ordered);
        return row;
    }
}
