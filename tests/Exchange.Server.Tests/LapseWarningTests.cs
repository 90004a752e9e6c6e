using Exchange.Server.Tests.Infrastructure;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests;

/// <summary>Lapse warnings for the payer over real channels, on a clock the test moves.</summary>
public sealed class LapseWarningTests
{
    // DINKOP may state the APBD purpose here too, so two agencies each have workers of their own to be warned of.
    private static readonly string[] BothAgenciesPayApbd =
    [
        "--Exchange:Security:Purposes:ApbdEnrollment:Agencies:0=DINSOS", "--Exchange:Security:Purposes:ApbdEnrollment:Agencies:1=DINKOP",
    ];

    private static WorkerRecord Worker(int serial, string name, FundingSource funding = FundingSource.Apbd)
    {
        var worker = Workers.Valid(serial);
        worker.FullName = name;
        worker.FundingSource = funding;
        return worker;
    }

    private static Participant PaidUpTo(WorkerRecord worker, string month)
    {
        var participant = Participants.Of(worker);
        participant.LastPaidMonth = month;
        return participant;
    }

    [Fact]
    public async Task A_worker_paid_up_to_March_is_warned_until_15_July_and_not_once_lapsed()
    {
        await using var gateway = await RunningGateway.StartAsync(BogorClock.NoonOn(new DateOnly(2025, 6, 20)));
        var march = Worker(1, "Dedi Kurniawan");
        var april = Worker(2, "Ujang Suherman");
        var selfFunded = Worker(3, "Agus Setiawan", FundingSource.Self);
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, [PaidUpTo(march, "2025-03"), PaidUpTo(april, "2025-04"), PaidUpTo(selfFunded, "2025-03")]);
        await SubmitAsync(gateway.Submission, march, april, selfFunded);
        var admin = Reports(gateway, TestCallers.Admin);

        var warnings = await admin.ListLapseWarningsAsync(new ListLapseWarningsRequest()).ResponseAsync.Within();
        var warning = Assert.Single(warnings.Warnings);
        Assert.Equal((march.Nik, march.FullName, MatchOutcome.Grace, "2025-07-15", 25), (warning.Nik, warning.FullName, warning.Outcome, warning.LastProtectedDay, warning.DaysLeft));
        Assert.Equal(("2025-06-20", march.KelurahanCode), (warnings.AsOf, warning.KelurahanCode));
        Assert.Equal(["DINSOS"], warning.Agencies);
        Assert.Equal(2, (await admin.ListLapseWarningsAsync(new ListLapseWarningsRequest { WithinDays = 60 }).ResponseAsync.Within()).Warnings.Count);

        gateway.Clock.Advance(TimeSpan.FromDays(25));
        warning = Assert.Single((await admin.ListLapseWarningsAsync(new ListLapseWarningsRequest()).ResponseAsync.Within()).Warnings);
        Assert.Equal((march.Nik, 0), (warning.Nik, warning.DaysLeft));

        gateway.Clock.Advance(TimeSpan.FromDays(1));
        var later = await admin.ListLapseWarningsAsync(new ListLapseWarningsRequest()).ResponseAsync.Within();
        Assert.Equal([april.Nik], later.Warnings.Select(w => w.Nik));
        Assert.Equal("2025-07-16", later.AsOf);
        var report = await admin.GetCoverageReportAsync(new GetCoverageReportRequest()).ResponseAsync.Within();
        // The self-funded worker paid up to March lapsed the same day, unwarned: the city does not pay for them.
        Assert.Contains(new CoverageOutcomeCount { Outcome = MatchOutcome.Lapsed, Count = 2 }, report.Total.OutcomeCounts);
    }

    [Fact]
    public async Task An_agency_sees_only_its_own_workers_with_NIK_name_outcome_and_date_and_observers_are_refused()
    {
        await using var gateway = await RunningGateway.StartAsync(dataDirectory: null, BothAgenciesPayApbd);
        var dinsos = Worker(1, "Dedi Kurniawan");
        var dinkop = Worker(2, "Ujang Suherman");
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, [PaidUpTo(dinsos, "2025-03"), PaidUpTo(dinkop, "2025-03")]);
        await SubmitAsync(gateway.Submission, dinsos);
        await SubmitAsync(new SubmissionService.SubmissionServiceClient(gateway.As(TestCallers.AgencyB)), dinkop);

        foreach (var (caller, worker) in new[] { (TestCallers.AgencyA, dinsos), (TestCallers.AgencyB, dinkop) })
        {
            var own = Assert.Single((await Reports(gateway, caller).ListLapseWarningsAsync(new ListLapseWarningsRequest()).ResponseAsync.Within()).Warnings);
            Assert.Equal(new LapseWarning { Nik = worker.Nik, FullName = worker.FullName, Outcome = MatchOutcome.Grace, LastProtectedDay = "2025-07-15", DaysLeft = 25 }, own);
        }
        foreach (var caller in new[] { TestCallers.Bpjs, TestCallers.Admin })
        {
            var all = await Reports(gateway, caller).ListLapseWarningsAsync(new ListLapseWarningsRequest()).ResponseAsync.Within();
            Assert.Equal([dinsos.Nik, dinkop.Nik], all.Warnings.Select(w => w.Nik));
        }
        var observer = await Assert.ThrowsAsync<RpcException>(() =>
            Reports(gateway, TestCallers.Observer).ListLapseWarningsAsync(new ListLapseWarningsRequest()).ResponseAsync.Within());
        RpcAssert.Refused(observer, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
    }

    [Fact]
    public async Task An_agency_not_allowed_the_APBD_purpose_is_refused()
    {
        await using var gateway = await RunningGateway.StartAsync();

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            Reports(gateway, TestCallers.AgencyB).ListLapseWarningsAsync(new ListLapseWarningsRequest()).ResponseAsync.Within());

        RpcAssert.Refused(refused, StatusCode.PermissionDenied, "LAPSE_WARNINGS_PURPOSE_REQUIRED");
    }

    [Fact]
    public async Task Pages_follow_one_another_soonest_first_and_bad_pages_or_days_are_refused()
    {
        await using var gateway = await RunningGateway.StartAsync();
        WorkerRecord[] workers = [Worker(1, "Dedi Kurniawan"), Worker(2, "Ujang Suherman"), Worker(3, "Agus Setiawan")];
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot,
            [PaidUpTo(workers[0], "2025-04"), PaidUpTo(workers[1], "2025-03"), PaidUpTo(workers[2], "2025-03")]);
        await SubmitAsync(gateway.Submission, workers);
        var bpjs = Reports(gateway, TestCallers.Bpjs);

        var first = await bpjs.ListLapseWarningsAsync(new ListLapseWarningsRequest { WithinDays = 90, PageSize = 2 }).ResponseAsync.Within();
        var second = await bpjs.ListLapseWarningsAsync(new ListLapseWarningsRequest { WithinDays = 90, PageSize = 2, PageToken = first.NextPageToken }).ResponseAsync.Within();

        Assert.Equal([workers[1].Nik, workers[2].Nik], first.Warnings.Select(w => w.Nik));
        Assert.Equal([workers[0].Nik], second.Warnings.Select(w => w.Nik));
        Assert.Equal(["2025-07-15", "2025-07-15", "2025-08-15"], first.Warnings.Concat(second.Warnings).Select(w => w.LastProtectedDay));
        Assert.Empty(second.NextPageToken);
        foreach (var (request, code, field) in new[]
                 {
                     (new ListLapseWarningsRequest { WithinDays = 367 }, "WARNING_DAYS_INVALID", "within_days"),
                     (new ListLapseWarningsRequest { PageSize = 1001 }, "PAGE_SIZE_INVALID", "page_size"),
                     (new ListLapseWarningsRequest { PageToken = "not-a-token" }, "PAGE_TOKEN_INVALID", "page_token"),
                 })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => bpjs.ListLapseWarningsAsync(request).ResponseAsync.Within());
            RpcAssert.Refused(refused, StatusCode.InvalidArgument, code, field);
        }
    }

    private static ReportService.ReportServiceClient Reports(RunningGateway gateway, TestCallers.TestCaller caller) => new(gateway.As(caller));

    private static async Task SubmitAsync(SubmissionService.SubmissionServiceClient client, params WorkerRecord[] workers)
    {
        using var stream = await SubmitStream.OpenAsync(client, GatewayFixture.NewBatchId(), Purpose.ApbdEnrollment);
        Assert.All((await stream.SendAsync(0, workers)).Results, r => Assert.NotEqual(MatchOutcome.NotRegistered, r.Outcome));
        await stream.FinishAsync();
    }
}
