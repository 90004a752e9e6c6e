using System.Globalization;
using Exchange.Core.Time;
using Exchange.Server.Tests.Infrastructure;
using Exchange.Synthetic;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests;

/// <summary>
/// The projection of known workers over real channels: each person once whichever agencies sent them, a registry sync
/// moving the report and the agencies' change streams, and a past day answered as it was.
/// </summary>
public sealed class CoverageProjectionTests
{
    private static readonly string[] Given = ["Asep", "Ujang", "Dede", "Agus", "Budi", "Iwan", "Yusuf", "Cecep", "Jajang", "Dadang"];
    private static readonly string[] Family = ["Saepudin", "Hidayat", "Supriatna", "Kurniawan", "Permana", "Sutisna", "Setiawan", "Hermawan", "Mulyana", "Nugraha", "Fauzi", "Ramdani"];

    /// <summary>Person <paramref name="i"/>: a name and a birth date of their own, so nobody is anyone else's namesake.</summary>
    private static WorkerRecord Person(int i)
    {
        var worker = Workers.Valid(i);
        var birthDate = Workers.BirthDate.AddDays(i * 3);
        worker.BirthDate = birthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        worker.Nik = Workers.Nik(i, birthDate);
        worker.FullName = $"{Given[i % Given.Length]} {Family[i / Given.Length]}";
        return worker;
    }

    [Fact]
    public async Task People_two_agencies_sent_count_once_a_sync_moves_report_and_watch_and_the_day_before_stays_as_it_was()
    {
        await using var gateway = await RunningGateway.StartAsync(BogorClock.StartAt(BeforeMidnight(new DateOnly(2025, 6, 20))));
        var people = Enumerable.Range(1, 100).Select(Person).ToList();
        // Every third person is an ACTIVE participant; agency A sends people 1-60, agency B 41-100.
        var registered = people.Where((_, i) => i % 3 == 0).ToList();
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, registered.Select(p => Participants.Of(p)));
        await SubmitAsync(gateway, TestCallers.AgencyA, people[..60]);
        await SubmitAsync(gateway, TestCallers.AgencyB, people[40..]);
        var reports = new ReportService.ReportServiceClient(gateway.As(TestCallers.Bpjs));

        var before = await reports.GetCoverageReportAsync(new GetCoverageReportRequest()).ResponseAsync.Within();
        Assert.Equal(100, before.Total.WorkerCount);
        Assert.Equal(Counts((MatchOutcome.Active, registered.Count), (MatchOutcome.NotRegistered, 100 - registered.Count)), Counts(before.Total));
        var byAgency = await reports.GetCoverageReportAsync(new GetCoverageReportRequest { Grouping = CoverageGrouping.Agency }).ResponseAsync.Within();
        Assert.Equal([60L, 60L], byAgency.Rows.Select(r => r.WorkerCount));
        var oneAgency = new GetCoverageReportRequest { Grouping = CoverageGrouping.Agency, Agencies = { byAgency.Rows[^1].Key } };
        var oneAgencyBefore = await reports.GetCoverageReportAsync(oneAgency).ResponseAsync.Within();

        using var watchA = Watch(gateway, TestCallers.AgencyA);
        using var watchB = Watch(gateway, TestCallers.AgencyB);
        var dayOfSubmission = gateway.Today;
        gateway.Clock.Advance(PastMidnight);

        // Ten people only agency A sent enroll.
        var enrolled = people.Take(40).Where(p => !registered.Contains(p)).Take(10).ToList();
        await Participants.SyncAsync(gateway.Registry, SyncMode.Incremental, enrolled.Select(p => Participants.Of(p)));

        var after = await reports.GetCoverageReportAsync(new GetCoverageReportRequest()).ResponseAsync.Within();
        Assert.Equal(Counts((MatchOutcome.Active, registered.Count + 10), (MatchOutcome.NotRegistered, 90 - registered.Count)), Counts(after.Total));
        var changes = await ReadChangesAsync(watchA, 10);
        Assert.Equal(enrolled.Select(p => p.Nik).Order(), changes.Select(c => c.Nik).Order());
        Assert.All(changes, c => Assert.Equal((MatchOutcome.NotRegistered, MatchOutcome.Active, gateway.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            (c.PreviousOutcome, c.Outcome, c.ChangedOn)));

        // Agency B was told none of them: the first change it hears of is one of its own.
        var ownOfB = people.Skip(60).First(p => !registered.Contains(p));
        await Participants.SyncAsync(gateway.Registry, SyncMode.Incremental, [Participants.Of(ownOfB)]);
        Assert.Equal([ownOfB.Nik], (await ReadChangesAsync(watchB, 1)).Select(c => c.Nik));

        var day = dayOfSubmission.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var dayBefore = await reports.GetCoverageReportAsync(new GetCoverageReportRequest { AsOf = day }).ResponseAsync.Within();
        Assert.Equal(Counts(before.Total), Counts(dayBefore.Total));
        Assert.Equal(before.Total.WorkerCount, dayBefore.Total.WorkerCount);
        // Grouped and filtered the same way as then, too: the past is counted by the rule today's report counts by.
        Assert.Equal(Rows(byAgency), Rows(await reports.GetCoverageReportAsync(
            new GetCoverageReportRequest { Grouping = CoverageGrouping.Agency, AsOf = day }).ResponseAsync.Within()));
        oneAgency.AsOf = day;
        Assert.Equal(Rows(oneAgencyBefore), Rows(await reports.GetCoverageReportAsync(oneAgency).ResponseAsync.Within()));
        Assert.NotEqual(Rows(oneAgencyBefore), Rows(await reports.GetCoverageReportAsync(new GetCoverageReportRequest
            { Grouping = CoverageGrouping.Agency, Agencies = { byAgency.Rows[^1].Key } }).ResponseAsync.Within()));
    }

    [Fact]
    public async Task A_watch_resumed_from_a_cursor_gets_only_what_came_after_and_a_bad_cursor_or_day_is_refused()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var people = Enumerable.Range(1, 3).Select(Person).ToList();
        await SubmitAsync(gateway, TestCallers.AgencyA, people);
        using (var watch = Watch(gateway, TestCallers.AgencyA))
        {
            await Participants.SyncAsync(gateway.Registry, SyncMode.Incremental, [Participants.Of(people[0])]);
            var first = Assert.Single(await ReadChangesAsync(watch, 1));
            await Participants.SyncAsync(gateway.Registry, SyncMode.Incremental, [Participants.Of(people[1])]);
            await ReadChangesAsync(watch, 1);

            using var resumed = Watch(gateway, TestCallers.AgencyA, first.Cursor);
            Assert.Equal([people[1].Nik], (await ReadChangesAsync(resumed, 1)).Select(c => c.Nik));
        }

        using var bad = Watch(gateway, TestCallers.AgencyA, "tomorrow");
        RpcAssert.Refused(await Assert.ThrowsAsync<RpcException>(() => bad.ResponseStream.MoveNext().Within()),
            StatusCode.InvalidArgument, "CURSOR_INVALID", "cursor");
        var reports = new ReportService.ReportServiceClient(gateway.As(TestCallers.Bpjs));
        var future = gateway.Today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        RpcAssert.Refused(await Assert.ThrowsAsync<RpcException>(() => reports.GetCoverageReportAsync(new GetCoverageReportRequest { AsOf = future }).ResponseAsync.Within()),
            StatusCode.InvalidArgument, "AS_OF_INVALID", "as_of");
    }

    [Fact]
    public async Task The_calendar_alone_tells_an_agency_that_its_worker_fell_into_grace()
    {
        await using var gateway = await RunningGateway.StartAsync(BogorClock.StartAt(BeforeMidnight(new DateOnly(2025, 7, 15))));
        var person = Person(1);
        // Paid up to June: ACTIVE until 15 July, in grace from the 16th.
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, [Participants.Of(person)]);
        await SubmitAsync(gateway, TestCallers.AgencyA, [person]);
        using var watch = Watch(gateway, TestCallers.AgencyA);

        gateway.Clock.Advance(PastMidnight);

        var change = Assert.Single(await ReadChangesAsync(watch, 1));
        Assert.Equal((person.Nik, MatchOutcome.Active, MatchOutcome.Grace, "2025-07-16"), (change.Nik, change.PreviousOutcome, change.Outcome, change.ChangedOn));
        var reports = new ReportService.ReportServiceClient(gateway.As(TestCallers.Bpjs));
        var report = await reports.GetCoverageReportAsync(new GetCoverageReportRequest()).ResponseAsync.Within();
        Assert.Equal(Counts((MatchOutcome.Grace, 1)), Counts(report.Total));
    }

    // Days turn by a few minutes of the test clock: each second advanced runs the gateway's periodic timers.
    private static readonly TimeSpan PastMidnight = TimeSpan.FromMinutes(3);

    private static DateTimeOffset BeforeMidnight(DateOnly day) => new(day.ToDateTime(new TimeOnly(23, 58)), Wib.Offset);

    private static AsyncServerStreamingCall<WatchOutcomeChangesResponse> Watch(RunningGateway gateway, TestCallers.TestCaller caller, string cursor = "") =>
        new SubmissionService.SubmissionServiceClient(gateway.As(caller))
            .WatchOutcomeChanges(new WatchOutcomeChangesRequest { Cursor = cursor }, cancellationToken: new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);

    private static async Task<List<OutcomeChange>> ReadChangesAsync(AsyncServerStreamingCall<WatchOutcomeChangesResponse> call, int count)
    {
        var changes = new List<OutcomeChange>();
        while (changes.Count < count)
        {
            Assert.True(await call.ResponseStream.MoveNext().Within(), $"the watch ended after {changes.Count} of {count} changes");
            changes.AddRange(call.ResponseStream.Current.Changes);
        }
        Assert.Equal(count, changes.Count);
        return changes;
    }

    [Fact]
    public async Task Generated_people_two_agencies_sent_in_overlapping_parts_count_once_as_the_generators_truth_says()
    {
        await using var gateway = await RunningGateway.StartAsync();
        // Clean records, so the truth is what a report must say: each person's standing, or NOT_REGISTERED.
        var data = SyntheticGenerator.Generate(new SyntheticOptions
        {
            Seed = 23, SubmittedCount = 300, RegistrySize = 1_000, AsOf = gateway.Today, Noise = NoiseRates.None,
        });
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, data.Registry);
        var submitted = data.Submitted;
        var ofA = submitted.Take(180).ToList();
        var ofB = submitted.Skip(120).ToList();
        await SubmitAsync(gateway, TestCallers.AgencyA, [.. ofA.Select(l => l.Record)]);
        await SubmitAsync(gateway, TestCallers.AgencyB, [.. ofB.Select(l => l.Record)]);

        var people = ofA.Concat(ofB).Where(l => !l.Truth.IsInvalid).DistinctBy(l => l.Truth.Person.Id).ToList();
        var truth = people.GroupBy(l => l.Truth.ExpectedOutcome).ToDictionary(g => g.Key, g => (long)g.Count());
        var reports = new ReportService.ReportServiceClient(gateway.As(TestCallers.Bpjs));
        var report = await reports.GetCoverageReportAsync(new GetCoverageReportRequest()).ResponseAsync.Within();
        Assert.Equal(people.Count, report.Total.WorkerCount);
        Assert.Equal(truth, Counts(report.Total));
        Assert.True(truth.Count >= 4, "the data set should hold members of several standings and non-members");
        var byAgency = await reports.GetCoverageReportAsync(new GetCoverageReportRequest { Grouping = CoverageGrouping.Agency }).ResponseAsync.Within();
        Assert.Equal([180L, 180L], byAgency.Rows.Select(r => r.WorkerCount));
    }

    [Fact]
    public async Task A_gateway_started_again_with_nothing_changed_logs_nobody_again()
    {
        using var data = new TempDirectory("exchange-relog-");
        var people = Enumerable.Range(1, 5).Select(Person).ToList();
        await using (var first = await RunningGateway.StartAsync(data.Path, RunningGateway.OnSqlite))
        {
            await Participants.SyncAsync(first.Registry, SyncMode.Snapshot, [Participants.Of(people[0])]);
            await SubmitAsync(first, TestCallers.AgencyA, people);
        }
        // Written by the time the gateway stopped: each person once.
        Assert.Equal(5, LoggedEntries(data.Path));

        // The rebuilt projection is compared with each worker's last state logged: the same states, no new entries.
        await using (await RunningGateway.StartAsync(data.Path, RunningGateway.OnSqlite))
        {
        }
        Assert.Equal(5, LoggedEntries(data.Path));
    }

    private static long LoggedEntries(string dataDirectory)
    {
        using var connection = HeldDatabase.Open(Path.Combine(dataDirectory, "exchange.db"));
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM outcome_log";
        return (long)count.ExecuteScalar()!;
    }

    private static async Task SubmitAsync(RunningGateway gateway, TestCallers.TestCaller agency, IReadOnlyList<WorkerRecord> records)
    {
        using var stream = await SubmitStream.OpenAsync(new SubmissionService.SubmissionServiceClient(gateway.As(agency)), GatewayFixture.NewBatchId());
        await stream.SendAsync(0, [.. records]);
        await stream.FinishAsync();
    }

    private static Dictionary<MatchOutcome, long> Counts(params (MatchOutcome Outcome, int Count)[] counts) =>
        counts.Where(c => c.Count > 0).ToDictionary(c => c.Outcome, c => (long)c.Count);

    private static Dictionary<MatchOutcome, long> Counts(CoverageRow row) => row.OutcomeCounts.ToDictionary(c => c.Outcome, c => c.Count);

    private static List<string> Rows(GetCoverageReportResponse report) =>
        [.. report.Rows.Append(report.Total).Select(r => $"{r.Key} {r.Name} {r.WorkerCount} {r.CoverageHigh} {string.Join(",", r.OutcomeCounts.OrderBy(c => c.Outcome).Select(c => $"{c.Outcome}={c.Count}"))}")];
}
