using System.Globalization;
using Exchange.Core.Batches;
using Exchange.Core.Coverage;
using Exchange.Core.Matching;
using Exchange.Core.Reference;
using Exchange.Core.Time;
using Exchange.Core.Validation;
using Exchange.Server.Hosting;
using Exchange.Server.Security;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Grpc;

/// <summary>
/// Coverage (UCJ), the APBD estimate and the lapse warnings over the known workers (<see cref="KnownWorkers"/>): reads the
/// request, asks Core, maps.
/// </summary>
public sealed class ReportEndpoint(KnownWorkers knownWorkers, IOutcomeLog outcomeLog, ApbdEstimator estimator, LapseWarnings lapseWarnings,
    PurposePolicy purposes, TimeProvider clock) : ReportService.ReportServiceBase
{
    // Pages of lapse warnings and of eligible people.
    private const int DefaultPage = 100;
    private const int MaxPage = 1000;

    public override async Task<GetCoverageReportResponse> GetCoverageReport(GetCoverageReportRequest request, ServerCallContext context)
    {
        var today = Wib.Today(clock);
        var day = today;
        if (request.AsOf.Length > 0
            && (!DateOnly.TryParseExact(request.AsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day) || day > today))
        {
            throw new IntakeRefusal(RefusalKind.InvalidArgument, ViolationCodes.AsOfInvalid, "as_of",
                [ClientText.Safe(request.AsOf), today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]);
        }
        var query = CoverageQueries.From(request.Grouping, request.KecamatanCodes, request.KelurahanCodes, request.Occupations,
            request.Agencies, request.FundingSources, request.WelfareDeciles);
        // Today from the projection; a past day from the history.
        var report = day == today
            ? knownWorkers.Report(query, day)
            : await KnownWorkers.ReportAsOfAsync(outcomeLog, Wilayah.KotaBogor, query, day, context.CancellationToken);
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
        return response;
    }

    public override Task<GetApbdEstimateResponse> GetApbdEstimate(GetApbdEstimateRequest request, ServerCallContext context)
    {
        CalendarMonth? first = null;
        if (request.FirstMonth.Length > 0)
        {
            first = CalendarMonth.TryParse(request.FirstMonth, out var month)
                ? month
                : throw new IntakeRefusal(RefusalKind.InvalidArgument, ViolationCodes.EstimateFirstMonthMalformed, "first_month", []);
        }
        var query = CoverageQueries.From(request.Grouping, request.KecamatanCodes, request.KelurahanCodes, request.Occupations,
            request.Agencies, request.FundingSources, request.WelfareDeciles);
        var estimate = estimator.Estimate(query, first, request.Months, Wib.Today(clock));
        var response = new GetApbdEstimateResponse
        {
            Total = Map(estimate.Total),
            FirstMonth = estimate.First.ToString(),
            Months = estimate.Months,
            EligibilityRule = estimate.Rule,
            CostDefinition = ApbdEstimator.CostDefinition,
            AsOf = Day(estimate.AsOf),
            GeneratedAt = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        response.Rows.AddRange(estimate.Rows.Select(Map));
        response.Rates.AddRange(estimate.Rates.Select(r => new ContributionRatePeriod
        {
            EffectiveFrom = Day(r.EffectiveFrom),
            JkkPercent = (double)r.JkkPercent,
            MinimumIncomeRupiah = r.MinimumIncomeRupiah,
            JkmRupiah = r.JkmRupiah,
            MonthlyRupiahPerPerson = r.MinimumMonthlyRupiah,
        }));
        return Task.FromResult(response);
    }

    public override Task<ListApbdEligiblePeopleResponse> ListApbdEligiblePeople(ListApbdEligiblePeopleRequest request, ServerCallContext context)
    {
        var size = PageSize(request.PageSize);
        string? after = null;
        if (request.PageToken.Length > 0)
        {
            after = PageToken.DecodeNik(request.PageToken)
                ?? throw new IntakeRefusal(RefusalKind.InvalidArgument, ViolationCodes.PageTokenInvalid, "page_token", []);
        }
        var query = CoverageQueries.From(CoverageGrouping.City, request.KecamatanCodes, request.KelurahanCodes, request.Occupations,
            request.Agencies, request.FundingSources, request.WelfareDeciles);
        var today = Wib.Today(clock);
        var (people, more) = estimator.People(query, after, size, today);
        context.Audit().AddRecords(people.Count);
        var response = new ListApbdEligiblePeopleResponse { EligibilityRule = estimator.Rule, AsOf = Day(today) };
        response.People.AddRange(people.Select(w => new ApbdEligiblePerson
        {
            Nik = w.Subject.Nik,
            FullName = w.Subject.FullName,
            KelurahanCode = w.Kelurahan?.Code ?? "",
            KelurahanName = w.Kelurahan?.Name ?? "",
            Outcome = w.Outcome,
        }));
        if (more)
        {
            response.NextPageToken = PageToken.Encode(people[^1].Subject.Nik);
        }
        return Task.FromResult(response);
    }

    public override Task<ListLapseWarningsResponse> ListLapseWarnings(ListLapseWarningsRequest request, ServerCallContext context)
    {
        var size = PageSize(request.PageSize);
        LapseWarningCursor? after = null;
        if (request.PageToken.Length > 0)
        {
            after = PageToken.DecodeDayAndNik(request.PageToken) is var (day, nik)
                ? new LapseWarningCursor(day, nik)
                : throw new IntakeRefusal(RefusalKind.InvalidArgument, ViolationCodes.PageTokenInvalid, "page_token", []);
        }
        // An agency sees the workers it submitted, and only when it may state the purpose whose contributions the city pays.
        var agency = context.Caller().Role == CallerRole.Agency ? context.Agency() : null;
        if (agency is not null && !purposes.Allows(agency, Purpose.ApbdEnrollment))
        {
            throw new IntakeRefusal(RefusalKind.PermissionDenied, ViolationCodes.LapseWarningsPurposeRequired, null, [nameof(Purpose.ApbdEnrollment)]);
        }
        var today = Wib.Today(clock);
        var page = lapseWarnings.List(agency, request.WithinDays, after, size, today);
        context.Audit().AddRecords(page.Warnings.Count);
        var response = new ListLapseWarningsResponse { AsOf = Day(today), Definition = LapseWarnings.Definition };
        response.Warnings.AddRange(page.Warnings.Select(w =>
        {
            var warning = new Jamsostek.Exchange.V1.LapseWarning
            {
                Nik = w.Worker.Subject.Nik,
                FullName = w.Worker.Subject.FullName,
                Outcome = w.Worker.Outcome,
                LastProtectedDay = Day(w.LastProtectedDay),
                DaysLeft = w.DaysLeft,
            };
            // NIK, name, outcome and date are all an agency needs to act; where the worker lives now and who else
            // submitted them may come from another agency's records.
            if (agency is null)
            {
                warning.KelurahanCode = w.Worker.Kelurahan?.Code ?? "";
                warning.Agencies.AddRange(w.Worker.Agencies);
            }
            return warning;
        }));
        if (page.Next is { } next)
        {
            response.NextPageToken = PageToken.Encode(next.LastProtectedDay, next.Nik);
        }
        return Task.FromResult(response);
    }

    // 1 to MaxPage; 0 for the default.
    private static int PageSize(int requested) => requested is < 0 or > MaxPage
        ? throw new IntakeRefusal(RefusalKind.InvalidArgument, ViolationCodes.PageSizeInvalid, "page_size", [MaxPage.ToString(CultureInfo.InvariantCulture)])
        : requested == 0 ? DefaultPage : requested;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Jamsostek.Exchange.V1.ApbdEstimateRow Map(Core.Coverage.ApbdEstimateRow row)
    {
        var mapped = new Jamsostek.Exchange.V1.ApbdEstimateRow
        {
            Key = row.Key,
            Name = row.Name,
            EligibleCount = row.Eligible,
            NotRegisteredCount = row.NotRegistered,
            LapsedCount = row.Lapsed,
            TotalRupiah = row.TotalRupiah,
        };
        mapped.MonthlyCosts.AddRange(row.MonthlyCosts.Select(m => new ApbdMonthCost { Month = m.Month.ToString(), Rupiah = m.Rupiah }));
        return mapped;
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
