using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Exchange.Server.Security;
using Exchange.Server.Tests.Infrastructure;
using Grpc.Core.Interceptors;
using Exchange.Synthetic;
using Jamsostek.Exchange.V1;
using Microsoft.Playwright;

namespace Exchange.Server.Tests;

/// <summary>
/// The dashboard (wwwroot/dashboard) in headless Chromium against a real gateway's REST endpoint, over a seeded data set
/// synced and submitted through gRPC: the charts carry the numbers gRPC reports, refusals read as messages, and a review
/// decided on the page is decided in the gateway. A screenshot is left in TestResults/ beside the test binary.
/// </summary>
public sealed class DashboardTests : IAsyncLifetime
{
    private static readonly string[] Outcomes =
    [
        "MATCH_OUTCOME_ACTIVE", "MATCH_OUTCOME_GRACE", "MATCH_OUTCOME_LAPSED",
        "MATCH_OUTCOME_NOT_REGISTERED", "MATCH_OUTCOME_POSSIBLE_MATCH", "MATCH_OUTCOME_DECEASED",
    ];

    private static readonly DateOnly SeededDay = new(2025, 6, 30);

    private RunningGateway _gateway = null!;
    private HttpClient _rest = null!;

    public async Task InitializeAsync()
    {
        // The last day of a month: a day later the trend's month ends include one with the seeded workers in the history.
        _gateway = await RunningGateway.StartAsync(BogorClock.NoonOn(SeededDay), RunningGateway.WithRestEndpoint);
        _rest = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        {
            BaseAddress = _gateway.RestAddress,
            Timeout = TaskTimeouts.Default,
        };
    }

    public async Task DisposeAsync()
    {
        _rest.Dispose();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task The_page_is_served_without_credentials_and_never_on_a_path_a_route_owns()
    {
        using var page = await _rest.GetAsync("/dashboard/").Within();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Cakupan", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        using var script = await _rest.GetAsync("/dashboard/dashboard.js").Within();
        Assert.Equal((HttpStatusCode.OK, "text/javascript"), (script.StatusCode, script.Content.Headers.ContentType?.MediaType));
        using var bare = await _rest.GetAsync("/dashboard").Within();
        Assert.Equal(("/dashboard/", true), (new Uri(_gateway.RestAddress, bare.Headers.Location!).AbsolutePath, (int)bare.StatusCode is >= 300 and < 400));
        using var missing = await _rest.GetAsync("/dashboard/secrets.json").Within();
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // The REST route keeps its path: a refusal as JSON, not a file.
        using var report = await _rest.GetAsync("/v1/coverage-report").Within();
        Assert.Equal((HttpStatusCode.Unauthorized, "application/json"), (report.StatusCode, report.Content.Headers.ContentType?.MediaType));
        // A gRPC call to a dashboard path is a call to an unknown method, on the gRPC endpoint, and gets no file.
        using var grpc = new HttpClient { BaseAddress = new Uri(_gateway.Address), Timeout = TaskTimeouts.Default };
        using var call = new HttpRequestMessage(HttpMethod.Post, "/dashboard/index.html")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(new byte[5]) { Headers = { ContentType = new MediaTypeHeaderValue("application/grpc") } },
        };
        using var answer = await grpc.SendAsync(call).Within();
        Assert.Equal("12", answer.Headers.GetValues("grpc-status").Single());
        Assert.Empty(await answer.Content.ReadAsByteArrayAsync());
    }

    [SkippableFact]
    public async Task The_charts_show_the_reported_numbers_refusals_are_readable_and_a_review_is_decided_on_the_page()
    {
        var executable = Chromium.ForTests(out var notInstalled);
        Skip.If(executable is null, notInstalled);
        var possibleMatch = await SeedAsync();
        // Into the next month: the seeded day is now a past month end, read from the history.
        _gateway.Clock.Advance(TimeSpan.FromDays(1));
        var reports = new ReportService.ReportServiceClient(_gateway.As(TestCallers.Bpjs));
        var byKecamatan = await reports.GetCoverageReportAsync(new GetCoverageReportRequest { Grouping = CoverageGrouping.Kecamatan }).ResponseAsync.Within();
        var byOccupation = await reports.GetCoverageReportAsync(new GetCoverageReportRequest { Grouping = CoverageGrouping.Occupation }).ResponseAsync.Within();
        Assert.True(byKecamatan.Rows.Count >= 3, $"the seeded set should spread over kecamatan, has {byKecamatan.Rows.Count}");

        await using var chromium = await Chromium.LaunchAsync(executable!);
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } }).Within();
        context.SetDefaultTimeout((float)TaskTimeouts.Default.TotalMilliseconds);
        var page = await context.NewPageAsync().Within();
        // Uncaught script errors (not refused calls, which the page shows).
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);
        await page.GotoAsync(new Uri(_gateway.RestAddress, "/dashboard/").ToString()).Within();

        // A wrong key, then an agency's: each refusal in words, with its reason, and no key kept.
        await SignInAsync(page, "exk_wrong");
        await AssertMessageAsync(page, "Tidak dikenali", "HTTP 401", "API_KEY_UNKNOWN");
        Assert.True(await page.Locator("#sign-in").IsVisibleAsync().Within());
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('exchange.apiKey')").Within());
        await SignInAsync(page, TestCallers.AgencyA.ApiKey);
        await AssertMessageAsync(page, "Tidak diizinkan", "HTTP 403", "ROLE_NOT_ALLOWED");

        await page.Locator("#sign-out").ClickAsync().Within();
        await SignInAsync(page, TestCallers.Bpjs.ApiKey);
        await LoadedAsync(page, "coverage");
        AssertChart(await ChartAsync(page, "#chart-kecamatan"), byKecamatan, row => row.Name);
        var occupations = await ChartAsync(page, "#chart-occupation");
        AssertChart(occupations, byOccupation, row => Label(occupations, row.Key));
        // Indonesian labels, not the enum's names: the crafted possible match is a Pedagang Pasar.
        Assert.Equal("Pedagang Pasar", Label(occupations, ((int)Occupation.PedagangPasar).ToString("00", CultureInfo.InvariantCulture)));
        AssertPercent(byKecamatan.Total.CoverageRatio, await page.Locator("#city-coverage").TextContentAsync().Within());
        Assert.Equal(byKecamatan.CoverageDefinition, await page.Locator("#coverage-definition").TextContentAsync().Within());
        Assert.Equal(byKecamatan.RangeDefinition, await page.Locator("#range-definition").TextContentAsync().Within());
        foreach (var label in new[] { "Aktif", "Masa tenggang", "Tidak aktif", "Belum terdaftar", "Kemungkinan cocok", "Meninggal" })
        {
            Assert.Contains(label, await page.Locator("#legend").InnerTextAsync().Within(), StringComparison.Ordinal);
        }
        await AssertTrendAsync(page, reports);
        var estimate = await reports.GetApbdEstimateAsync(new GetApbdEstimateRequest { Grouping = CoverageGrouping.Kecamatan }).ResponseAsync.Within();
        Assert.True(estimate.Total.EligibleCount > 0, "the seeded set should have workers eligible for APBD enrollment");
        Assert.Equal(estimate.Rows.Select(row => (row.Key, row.EligibleCount, row.TotalRupiah)), await ApbdChartAsync(page));
        Assert.Contains($"Rp {Thousands(estimate.Total.MonthlyCosts[0].Rupiah)} per bulan", await page.Locator("#apbd-summary").TextContentAsync().Within(),
            StringComparison.Ordinal);

        // The agency filter offers the agencies that submitted.
        Assert.Equal([TestCallers.AgencyB.Agency, TestCallers.AgencyA.Agency],
            (await page.Locator("#filter-agency input").EvaluateAllAsync<string[]>("boxes => boxes.map(box => box.value)").Within()).Order(StringComparer.Ordinal));

        // A filter on one kecamatan: the occupation chart is the report for that kecamatan.
        var kecamatan = byKecamatan.Rows[0].Key;
        await page.Locator("#filters summary", new PageLocatorOptions { HasText = "Kecamatan" }).ClickAsync().Within();
        await page.Locator($"#filter-kecamatan input[value='{kecamatan}']").CheckAsync().Within();
        await ReloadAsync(page, () => page.Locator("#filters button[type=submit]").ClickAsync());
        var filtered = await reports.GetCoverageReportAsync(new GetCoverageReportRequest
        {
            Grouping = CoverageGrouping.Occupation,
            KecamatanCodes = { kecamatan },
        }).ResponseAsync.Within();
        var filteredChart = await ChartAsync(page, "#chart-occupation");
        AssertChart(filteredChart, filtered, row => Label(filteredChart, row.Key));
        Assert.NotEqual(byOccupation.Total.WorkerCount, filtered.Total.WorkerCount);
        await ReloadAsync(page, () => page.Locator("#filters button[type=reset]").ClickAsync());
        await ScreenshotAsync(page, "dashboard.png");

        // The review page, signed in still (the key lives in the tab's sessionStorage).
        await page.Locator("nav a[href='review.html']").ClickAsync().Within();
        await LoadedAsync(page, "review");
        var waiting = (await _gateway.Registry.ListReviewItemsAsync(new ListReviewItemsRequest()).ResponseAsync.Within()).Items;
        var first = waiting[0];
        Assert.Equal(first.ReviewId, await page.Locator("#review-item").GetAttributeAsync("data-review-id").Within());
        var compared = await page.Locator("#review-compare tbody").InnerTextAsync().Within();
        Assert.Contains(first.Worker.FullName, compared, StringComparison.Ordinal);
        Assert.Contains(first.Candidate.FullName, compared, StringComparison.Ordinal);
        Assert.Contains(first.Explanation.Rung, await page.Locator("#explanation-rule").TextContentAsync().Within(), StringComparison.Ordinal);
        Assert.Equal(first.Explanation.Fields.Count, await page.Locator("#explanation-fields tbody tr").CountAsync().Within());
        await ScreenshotAsync(page, "dashboard-review.png");

        await ReloadAsync(page, () => page.Locator("#same-person").ClickAsync());
        Assert.Equal(first.ReviewId, await page.Locator("#review-result").GetAttributeAsync("data-review-id").Within());
        var all = (await _gateway.Registry.ListReviewItemsAsync(new ListReviewItemsRequest { IncludeResolved = true }).ResponseAsync.Within()).Items;
        Assert.Equal(ReviewDecision.SamePerson, all.Single(item => item.ReviewId == first.ReviewId).Decision);
        // The next one waiting takes its place (the crafted possible match is one of them, so there is at least that one).
        Assert.Contains(waiting, item => item.ReviewId == possibleMatch);
        if (waiting.Count > 1)
        {
            Assert.Equal(waiting[1].ReviewId, await page.Locator("#review-item").GetAttributeAsync("data-review-id").Within());
        }
        else
        {
            Assert.False(await page.Locator("#review-item").IsVisibleAsync().Within());
        }
        Assert.Empty(pageErrors);
    }

    [SkippableFact]
    public async Task Under_TLS_the_page_and_its_calls_use_the_main_port_and_the_browsers_client_certificate()
    {
        var executable = Chromium.ForTests(out var notInstalled);
        Skip.If(executable is null, notInstalled);
        var now = BogorClock.DefaultStart;
        using var files = new TempDirectory();
        using var ca = CertificateAuthority.Create("Exchange Test CA", now.AddYears(-1), now.AddYears(1));
        await File.WriteAllTextAsync(files.File("ca.crt.pem"), ca.Certificate.ExportCertificatePem());
        CertificateAuthority.WritePem(ca.IssueServerCertificate(now.AddDays(-1), now.AddYears(1)), files.File("server.crt.pem"), files.File("server.key.pem"));
        CertificateAuthority.WritePem(ca.IssueClientCertificate(TestCallers.Bpjs.Name, now.AddDays(-1), now.AddDays(30)),
            files.File("bpjs.crt.pem"), files.File("bpjs.key.pem"));
        await using var gateway = await RunningGateway.StartAsync(BogorClock.StartAt(now),
            "--urls", "https://127.0.0.1:0", "--Exchange:Security:AllowApiKeysWithoutTls=false",
            $"--Exchange:Security:ClientCaCertificate={files.File("ca.crt.pem")}",
            $"--Exchange:Security:ServerCertificate={files.File("server.crt.pem")}", $"--Exchange:Security:ServerKey={files.File("server.key.pem")}");
        using (var channel = DevSetupChannel.TrustingOnly(files.File("ca.crt.pem"), gateway.Address))
        {
            var agency = channel.Intercept(metadata =>
            {
                metadata.Add(CallerAuthenticator.ApiKeyHeader, TestCallers.AgencyA.ApiKey);
                return metadata;
            });
            await SubmitAsync(new SubmissionService.SubmissionServiceClient(agency), Workers.ValidMany(3));
        }

        await using var chromium = await Chromium.LaunchAsync(executable!);
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            // The gateway's certificate is from the test's own CA, which the browser does not know.
            IgnoreHTTPSErrors = true,
            ClientCertificates = [new ClientCertificate { Origin = gateway.Address, CertPath = files.File("bpjs.crt.pem"), KeyPath = files.File("bpjs.key.pem") }],
        }).Within();
        context.SetDefaultTimeout((float)TaskTimeouts.Default.TotalMilliseconds);
        var page = await context.NewPageAsync().Within();
        await page.GotoAsync($"{gateway.Address}/dashboard/").Within();
        await page.Locator("#use-certificate").ClickAsync().Within();
        await LoadedAsync(page, "coverage");
        Assert.Equal("Masuk dengan sertifikat klien", await page.Locator("#session-who").TextContentAsync().Within());
        var row = (await ChartAsync(page, "#chart-kecamatan")).Single();
        Assert.Equal((3L, 3L), (row.Workers, row.Counts["MATCH_OUTCOME_NOT_REGISTERED"]));
    }

    /// <summary>
    /// A seeded synthetic registry and submission, split between two agencies, plus one worker certain to be a possible
    /// match (so the review page has an item whatever the noise drew). Returns that worker's review id.
    /// </summary>
    private async Task<string> SeedAsync()
    {
        var data = SyntheticGenerator.Generate(new SyntheticOptions { Seed = 11, SubmittedCount = 400, RegistrySize = 1500, AsOf = _gateway.Today });
        var crafted = Workers.Valid(9001, Sex.Female);
        crafted.FullName = "Iis Sumiati";
        // Same name, birth date and kelurahan under a NIK from outside the city: proposed for review, never matched automatically.
        var namesake = Participants.Of(crafted);
        namesake.Nik = Workers.Nik(9077, sex: Sex.Female, region: "320101");
        await Participants.SyncAsync(_gateway.Registry, SyncMode.Snapshot, [.. data.Registry, namesake]);

        var records = data.Submitted.Select(labelled => labelled.Record).ToList();
        await SubmitAsync(_gateway.Submission, [.. records.Take(records.Count / 2), crafted]);
        await SubmitAsync(new SubmissionService.SubmissionServiceClient(_gateway.As(TestCallers.AgencyB)), records.Skip(records.Count / 2));
        var items = (await _gateway.Registry.ListReviewItemsAsync(new ListReviewItemsRequest { PageSize = 500 }).ResponseAsync.Within()).Items;
        return items.Single(item => item.Worker.Nik == crafted.Nik).ReviewId;
    }

    private static async Task SubmitAsync(SubmissionService.SubmissionServiceClient client, IEnumerable<WorkerRecord> records)
    {
        using var stream = await SubmitStream.OpenAsync(client, GatewayFixture.NewBatchId());
        await stream.SendAsync(0, records);
        await stream.FinishAsync();
    }

    private static async Task SignInAsync(IPage page, string apiKey)
    {
        await page.Locator("#api-key").FillAsync(apiKey).Within();
        await page.Locator("#sign-in-form button[type=submit]").ClickAsync().Within();
    }

    private static async Task AssertMessageAsync(IPage page, params string[] parts)
    {
        var message = page.Locator("#message");
        await message.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible }).Within();
        foreach (var part in parts)
        {
            await Assertions.Expect(message).ToContainTextAsync(part).Within();
        }
    }

    /// <summary>Waits until the page has loaded what it asked for; a refusal on the way fails with its message.</summary>
    private static async Task LoadedAsync(IPage page, string expected)
    {
        await page.WaitForSelectorAsync("body[data-loaded]").Within();
        var loaded = await page.Locator("body").GetAttributeAsync("data-loaded").Within();
        Assert.True(loaded == expected, $"the page did not load {expected}: {await page.Locator("#message").TextContentAsync().Within()}");
    }

    /// <summary>Does <paramref name="action"/>, and waits until the page has drawn what it asked for again.</summary>
    private static async Task ReloadAsync(IPage page, Func<Task> action)
    {
        var expected = await page.Locator("body").GetAttributeAsync("data-page").Within();
        await page.EvaluateAsync("delete document.body.dataset.loaded").Within();
        await action().Within();
        await LoadedAsync(page, expected!);
    }

    private sealed record ChartRow(string Key, string Label, long Workers, double Coverage, double Low, double High, string CoverageText,
        Dictionary<string, long> Counts);

    private static async Task<List<ChartRow>> ChartAsync(IPage page, string chart)
    {
        var json = await page.Locator($"{chart} g.row").EvaluateAllAsync<string>("""
            rows => JSON.stringify(rows.map(g => ({
              key: g.dataset.key, label: g.querySelector('.label').textContent, workers: Number(g.dataset.workers),
              coverage: Number(g.dataset.coverage), low: Number(g.dataset.coverageLow), high: Number(g.dataset.coverageHigh),
              coverageText: g.querySelector('.coverage').textContent,
              counts: Object.fromEntries([...g.querySelectorAll('rect[data-outcome]')].map(r => [r.dataset.outcome, Number(r.dataset.count)])),
            })))
            """).Within();
        return JsonSerializer.Deserialize<List<ChartRow>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    private static void AssertChart(List<ChartRow> chart, GetCoverageReportResponse report, Func<Jamsostek.Exchange.V1.CoverageRow, string> label)
    {
        Assert.Equal(report.Rows.Select(row => row.Key), chart.Select(row => row.Key));
        foreach (var (expected, drawn) in report.Rows.Zip(chart))
        {
            Assert.Equal(label(expected), drawn.Label);
            Assert.False(string.IsNullOrWhiteSpace(drawn.Label), $"row {expected.Key} has no label");
            Assert.Equal(expected.WorkerCount, drawn.Workers);
            var counts = Outcomes.ToDictionary(outcome => outcome,
                outcome => expected.OutcomeCounts.Where(c => c.Outcome.ToString() == Pascal(outcome)).Sum(c => c.Count));
            Assert.Equal(counts, drawn.Counts);
            Assert.Equal((expected.CoverageRatio, expected.CoverageLow, expected.CoverageHigh), (drawn.Coverage, drawn.Low, drawn.High));
            AssertPercent(expected.CoverageRatio, drawn.CoverageText);
        }
    }

    /// <summary>
    /// The trend: the five month ends before today, then today, each the city's report as of that day; none before the
    /// seeded day had workers yet, the later ones do.
    /// </summary>
    private async Task AssertTrendAsync(IPage page, ReportService.ReportServiceClient reports)
    {
        var json = await page.Locator("#chart-trend g.point").EvaluateAllAsync<string>(
            "points => JSON.stringify(points.map(p => [p.dataset.asOf, p.dataset.error ?? '', Number(p.dataset.workers), Number(p.dataset.coverage ?? 0)]))").Within();
        var points = JsonSerializer.Deserialize<List<JsonElement>>(json)!;
        var today = _gateway.Today;
        var days = Enumerable.Range(1, 5).Reverse().Select(back => new DateOnly(today.Year, today.Month, 1).AddMonths(-back + 1).AddDays(-1)).Append(today);
        Assert.Equal(days.Select(Day), points.Select(point => point[0].GetString()));
        foreach (var point in points)
        {
            var report = await reports.GetCoverageReportAsync(new GetCoverageReportRequest { AsOf = point[0].GetString() }).ResponseAsync.Within();
            Assert.Equal(("", report.Total.WorkerCount, report.Total.CoverageRatio), (point[1].GetString(), point[2].GetInt64(), point[3].GetDouble()));
            Assert.Equal(DateOnly.ParseExact(point[0].GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture) >= SeededDay, report.Total.WorkerCount > 0);
        }
    }

    private static async Task<List<(string, long, long)>> ApbdChartAsync(IPage page)
    {
        var json = await page.Locator("#chart-apbd g.row").EvaluateAllAsync<string>(
            "rows => JSON.stringify(rows.map(g => [g.dataset.key, Number(g.dataset.eligible), Number(g.dataset.rupiah)]))").Within();
        return [.. JsonSerializer.Deserialize<List<JsonElement>>(json)!.Select(row => (row[0].GetString()!, row[1].GetInt64(), row[2].GetInt64()))];
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Rupiah as the page writes them: thousands separated by dots.</summary>
    private static string Thousands(long value) => value.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.');

    private static string Label(List<ChartRow> chart, string key) => chart.Single(row => row.Key == key).Label;

    /// <summary>MATCH_OUTCOME_NOT_REGISTERED as the C# enum names it: NotRegistered.</summary>
    private static string Pascal(string outcome) => string.Concat(outcome["MATCH_OUTCOME_".Length..].Split('_')
        .Select(word => word[0] + word[1..].ToLowerInvariant()));

    /// <summary>A ratio as the page writes it: one decimal, a decimal comma, a space before % (within the rounding, which is the browser's).</summary>
    private static void AssertPercent(double ratio, string? text)
    {
        Assert.Matches(@"^\d{1,3},\d %$", text);
        Assert.InRange(double.Parse(text![..^2].Replace(',', '.'), CultureInfo.InvariantCulture), ratio * 100 - 0.0500001, ratio * 100 + 0.0500001);
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestResults", name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true }).Within();
        Console.WriteLine($"Dashboard screenshot: {path}");
    }
}
