using Exchange.Server.Hosting;
using Exchange.Server.Tests.Infrastructure;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests;

/// <summary>The APBD enrollment estimate over real channels: a seeded set submitted, the estimate against a count made here.</summary>
public sealed class ApbdEstimateTests
{
    /// <summary>A hypothetical halving from 2026-07-01 (an example, not a regulation): Rp 8,400 a month at the minimum.</summary>
    private static readonly string[] HalvedFromJuly2026 =
    [
        "--Exchange:Contributions:Periods:0:EffectiveFrom=2015-07-01", "--Exchange:Contributions:Periods:0:JkkPercent=1",
        "--Exchange:Contributions:Periods:0:MinimumIncomeRupiah=1000000", "--Exchange:Contributions:Periods:0:JkmRupiah=6800",
        "--Exchange:Contributions:Periods:1:EffectiveFrom=2026-07-01", "--Exchange:Contributions:Periods:1:JkkPercent=0.5",
        "--Exchange:Contributions:Periods:1:MinimumIncomeRupiah=1000000", "--Exchange:Contributions:Periods:1:JkmRupiah=3400",
    ];

    private sealed record Seeded(WorkerRecord Worker, Participant? Participant);

    [Fact]
    public async Task The_estimate_is_the_eligible_workers_counted_here_times_the_rate_times_the_months()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var (workers, results) = await SubmitSeededSetAsync(gateway);
        var eligible = Eligible(workers, results);
        Assert.Equal(5, eligible.Count);

        var estimate = await Reports(gateway, TestCallers.Bpjs).GetApbdEstimateAsync(
            new GetApbdEstimateRequest { FirstMonth = "2026-01", Months = 12, Grouping = CoverageGrouping.Kecamatan }).ResponseAsync.Within();

        Assert.Equal(eligible.Count, estimate.Total.EligibleCount);
        Assert.Equal(eligible.Count(e => e.Outcome == MatchOutcome.NotRegistered), estimate.Total.NotRegisteredCount);
        Assert.Equal(eligible.Count(e => e.Outcome == MatchOutcome.Lapsed), estimate.Total.LapsedCount);
        Assert.Equal(eligible.Count * 16_800L * 12, estimate.Total.TotalRupiah);
        Assert.Equal(12, estimate.Total.MonthlyCosts.Count);
        Assert.All(estimate.Total.MonthlyCosts, m => Assert.Equal(eligible.Count * 16_800L, m.Rupiah));
        Assert.Equal(("2026-01", "2026-12"), (estimate.Total.MonthlyCosts[0].Month, estimate.Total.MonthlyCosts[^1].Month));
        // Per kecamatan, as counted here from the records' kelurahan codes.
        var byKecamatan = eligible.GroupBy(e => e.Worker.KelurahanCode[..8]).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (long)g.Count(), g.Count() * 16_800L * 12));
        Assert.Equal(byKecamatan, estimate.Rows.Select(r => (r.Key, r.EligibleCount, r.TotalRupiah)));
        var rate = Assert.Single(estimate.Rates);
        Assert.Equal(("2015-07-01", 1.0, 1_000_000L, 6_800L, 16_800L),
            (rate.EffectiveFrom, rate.JkkPercent, rate.MinimumIncomeRupiah, rate.JkmRupiah, rate.MonthlyRupiahPerPerson));
        Assert.Contains("1-4", estimate.EligibilityRule);
        Assert.Equal(("2026-01", 12, gateway.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            (estimate.FirstMonth, estimate.Months, estimate.AsOf));
    }

    [Fact]
    public async Task A_rate_that_takes_effect_inside_the_range_prices_the_months_from_it()
    {
        await using var gateway = await RunningGateway.StartAsync(dataDirectory: null, HalvedFromJuly2026);
        var (workers, results) = await SubmitSeededSetAsync(gateway);
        var people = Eligible(workers, results).Count;

        var estimate = await Reports(gateway, TestCallers.Admin).GetApbdEstimateAsync(
            new GetApbdEstimateRequest { FirstMonth = "2026-01", Months = 12 }).ResponseAsync.Within();

        Assert.Equal(people * 16_800L * 6 + people * 8_400L * 6, estimate.Total.TotalRupiah);
        Assert.Equal([.. Enumerable.Repeat(people * 16_800L, 6), .. Enumerable.Repeat(people * 8_400L, 6)],
            estimate.Total.MonthlyCosts.Select(m => m.Rupiah));
        Assert.Equal(["2015-07-01", "2026-07-01"], estimate.Rates.Select(r => r.EffectiveFrom));
        Assert.Equal([16_800L, 8_400L], estimate.Rates.Select(r => r.MonthlyRupiahPerPerson));
    }

    [Fact]
    public async Task Bpjs_admin_and_observer_read_the_estimate_and_only_bpjs_lists_the_people_page_by_page()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var (workers, results) = await SubmitSeededSetAsync(gateway);
        var eligible = Eligible(workers, results);
        // Pages of two: at least three of them.
        Assert.True(eligible.Count > 4, $"only {eligible.Count} eligible in the seeded set");

        var listed = new List<ApbdEligiblePerson>();
        var request = new ListApbdEligiblePeopleRequest { PageSize = 2 };
        do
        {
            var page = await Reports(gateway, TestCallers.Bpjs).ListApbdEligiblePeopleAsync(request).ResponseAsync.Within();
            Assert.InRange(page.People.Count, 1, 2);
            Assert.Contains("1-4", page.EligibilityRule);
            listed.AddRange(page.People);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        Assert.Equal(eligible.Select(e => (e.Worker.Nik, e.Worker.FullName, e.Worker.KelurahanCode, e.Outcome)).OrderBy(p => p.Nik, StringComparer.Ordinal),
            listed.Select(p => (p.Nik, p.FullName, p.KelurahanCode, p.Outcome)));
        Assert.All(listed, p => Assert.NotEmpty(p.KelurahanName));
        // The same filters as the estimate: one kecamatan's people are that kecamatan's eligible.
        var kecamatan = eligible[0].Worker.KelurahanCode[..8];
        var one = await Reports(gateway, TestCallers.Bpjs).ListApbdEligiblePeopleAsync(
            new ListApbdEligiblePeopleRequest { KecamatanCodes = { kecamatan }, PageSize = 1000 }).ResponseAsync.Within();
        Assert.Equal(eligible.Count(e => e.Worker.KelurahanCode.StartsWith(kecamatan, StringComparison.Ordinal)), one.People.Count);
        Assert.Empty(one.NextPageToken);

        var badToken = await Assert.ThrowsAsync<RpcException>(() => Reports(gateway, TestCallers.Bpjs).ListApbdEligiblePeopleAsync(
            new ListApbdEligiblePeopleRequest { PageToken = "not-a-token" }).ResponseAsync.Within());
        RpcAssert.Refused(badToken, StatusCode.InvalidArgument, "PAGE_TOKEN_INVALID", "page_token");
        foreach (var caller in new[] { TestCallers.Admin, TestCallers.Observer })
        {
            var counts = await Reports(gateway, caller).GetApbdEstimateAsync(new GetApbdEstimateRequest()).ResponseAsync.Within();
            Assert.Equal(eligible.Count, counts.Total.EligibleCount);
        }
        foreach (var caller in new[] { TestCallers.Admin, TestCallers.Observer, TestCallers.AgencyA })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() =>
                Reports(gateway, caller).ListApbdEligiblePeopleAsync(new ListApbdEligiblePeopleRequest()).ResponseAsync.Within());
            RpcAssert.Refused(refused, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
        }
        var agency = await Assert.ThrowsAsync<RpcException>(() =>
            Reports(gateway, TestCallers.AgencyA).GetApbdEstimateAsync(new GetApbdEstimateRequest()).ResponseAsync.Within());
        RpcAssert.Refused(agency, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
    }

    [Fact]
    public async Task Without_a_range_it_prices_the_12_months_from_next_month_and_a_range_out_of_bounds_is_refused()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var reports = Reports(gateway, TestCallers.Bpjs);

        // The gateway's today is 20 June 2025 in Bogor.
        var estimate = await reports.GetApbdEstimateAsync(new GetApbdEstimateRequest()).ResponseAsync.Within();
        Assert.Equal(("2025-07", 12), (estimate.FirstMonth, estimate.Months));
        Assert.Equal(0, estimate.Total.TotalRupiah);

        foreach (var (request, code, field) in new[]
                 {
                     (new GetApbdEstimateRequest { Months = 121 }, "ESTIMATE_MONTHS_INVALID", "months"),
                     (new GetApbdEstimateRequest { Months = -1 }, "ESTIMATE_MONTHS_INVALID", "months"),
                     (new GetApbdEstimateRequest { FirstMonth = "2026-13" }, "ESTIMATE_FIRST_MONTH_MALFORMED", "first_month"),
                     (new GetApbdEstimateRequest { FirstMonth = "2015-06" }, "ESTIMATE_BEFORE_RATES", "first_month"),
                 })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => reports.GetApbdEstimateAsync(request).ResponseAsync.Within());
            RpcAssert.Refused(refused, StatusCode.InvalidArgument, code, field);
        }
    }

    [Fact]
    public async Task Contribution_settings_that_are_not_valid_refuse_the_start_with_the_problems()
    {
        using var data = new TempDirectory("exchange-contributions-");

        var unordered = await Assert.ThrowsAsync<GatewayStartRefusedException>(() => RunningGateway.StartAsync(data.Path,
            [.. HalvedFromJuly2026.Select(s => s.Replace("2015-07-01", "2027-01-01", StringComparison.Ordinal))]));
        Assert.Contains("Exchange:Contributions is not valid", unordered.Message);
        Assert.Contains("oldest first", unordered.Message);

        var decile = await Assert.ThrowsAsync<GatewayStartRefusedException>(() =>
            RunningGateway.StartAsync(data.Path, "--Exchange:Contributions:Eligibility:MaximumWelfareDecile=11"));
        Assert.Contains("welfare deciles 1-11", decile.Message);

        // Items the binder cannot convert, and misspelt keys, would otherwise leave the defaults in force unseen.
        var unreadable = await Assert.ThrowsAsync<GatewayStartRefusedException>(() => RunningGateway.StartAsync(data.Path,
            [.. HalvedFromJuly2026.Select(s => s.Replace("2026-07-01", "next-year", StringComparison.Ordinal))]));
        Assert.Contains("cannot be read: Failed to convert configuration value 'next-year' at 'Exchange:Contributions:Periods:1:EffectiveFrom'", unreadable.Message);
        var occupation = await Assert.ThrowsAsync<GatewayStartRefusedException>(() =>
            RunningGateway.StartAsync(data.Path, "--Exchange:Contributions:Eligibility:Occupations:0=GuruHonorer"));
        Assert.Contains("cannot be read", occupation.Message);
        Assert.Contains("GuruHonorer", occupation.Message);
        var misspelt = await Assert.ThrowsAsync<GatewayStartRefusedException>(() =>
            RunningGateway.StartAsync(data.Path, "--Exchange:Contributions:Eligibility:MaximumWelfareDecil=3"));
        Assert.Contains("Exchange:Contributions cannot be read", misspelt.Message);
        Assert.Contains("MaximumWelfareDecil", misspelt.Message);
    }

    private static ReportService.ReportServiceClient Reports(RunningGateway gateway, TestCallers.TestCaller caller) => new(gateway.As(caller));

    /// <summary>The workers who count, by the rule's default (NOT_REGISTERED or LAPSED, decile 1-4), from the records and their answers.</summary>
    private static List<(WorkerRecord Worker, MatchOutcome Outcome)> Eligible(IReadOnlyList<WorkerRecord> workers, IReadOnlyList<RecordResult> results) =>
        [.. workers.Zip(results, (w, r) => (Worker: w, r.Outcome))
            .Where(e => e.Outcome is MatchOutcome.NotRegistered or MatchOutcome.Lapsed && e.Worker.HasWelfareDecile && e.Worker.WelfareDecile is >= 1 and <= 4)];

    /// <summary>
    /// Twelve workers of every outcome, deciles and kecamatan mixed, the registry synced for those who are participants, submitted
    /// as DINSOS; returns them and their answers, in order.
    /// </summary>
    private static async Task<(IReadOnlyList<WorkerRecord> Workers, IReadOnlyList<RecordResult> Results)> SubmitSeededSetAsync(RunningGateway gateway)
    {
        Seeded[] set =
        [
            Unregistered(1, "Dedi Kurniawan", 1, "32.71.01.1001"),
            Unregistered(2, "Ujang Suherman", 2, "32.71.02.1001"),
            Unregistered(3, "Agus Setiawan", 4, "32.71.02.1001"),
            Unregistered(4, "Bambang Hermawan", 5, "32.71.01.1001"),
            Unregistered(5, "Cecep Supriatna", null, "32.71.01.1001"),
            Registered(6, "Yayan Sopyan", 3, "32.71.03.1001", ParticipantStatus.Ended),
            Registered(7, "Asep Saepudin", 2, "32.71.01.1001", ParticipantStatus.Active, monthsOwed: 5),
            Registered(8, "Endang Rukmana", 8, "32.71.01.1001", ParticipantStatus.Ended),
            Registered(9, "Odih Juhana", 1, "32.71.01.1001", ParticipantStatus.Active),
            Registered(10, "Tatang Sutarman", 2, "32.71.01.1001", ParticipantStatus.Active, monthsOwed: 2),
            Registered(11, "Komar Sudrajat", 1, "32.71.01.1001", ParticipantStatus.Deceased),
            PossibleMatch(12, "Iis Sumiati", 1),
        ];
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, set.Where(s => s.Participant is not null).Select(s => s.Participant!));
        using var stream = await SubmitStream.OpenAsync(gateway.Submission, GatewayFixture.NewBatchId());
        var workers = set.Select(s => s.Worker).ToList();
        var results = (await stream.SendAsync(0, workers)).Results.ToList();
        // Every outcome the rule must tell apart is in the set.
        Assert.Equal([MatchOutcome.NotRegistered, MatchOutcome.NotRegistered, MatchOutcome.NotRegistered, MatchOutcome.NotRegistered,
            MatchOutcome.NotRegistered, MatchOutcome.Lapsed, MatchOutcome.Lapsed, MatchOutcome.Lapsed, MatchOutcome.Active, MatchOutcome.Grace,
            MatchOutcome.Deceased, MatchOutcome.PossibleMatch], results.Select(r => r.Outcome));
        await stream.FinishAsync();
        return (workers, results);
    }

    private static Seeded Unregistered(int serial, string name, int? decile, string kelurahan) => new(Worker(serial, name, decile, kelurahan), null);

    private static Seeded Registered(int serial, string name, int? decile, string kelurahan, ParticipantStatus status, int monthsOwed = 0)
    {
        var worker = Worker(serial, name, decile, kelurahan);
        return new(worker, Participants.Of(worker, status, monthsOwed));
    }

    // Same name, birth date and kelurahan under a NIK from elsewhere: a possible match only.
    private static Seeded PossibleMatch(int serial, string name, int? decile)
    {
        var worker = Worker(serial, name, decile, "32.71.01.1001", Sex.Female);
        var participant = Participants.Of(worker);
        participant.Nik = Workers.Nik(77, sex: Sex.Female, region: "320101");
        return new(worker, participant);
    }

    private static WorkerRecord Worker(int serial, string name, int? decile, string kelurahan, Sex sex = Sex.Male)
    {
        var worker = Workers.Valid(serial, sex);
        worker.FullName = name;
        worker.KelurahanCode = kelurahan;
        if (decile is { } value)
        {
            worker.WelfareDecile = value;
        }
        else
        {
            worker.ClearWelfareDecile();
        }
        return worker;
    }
}
