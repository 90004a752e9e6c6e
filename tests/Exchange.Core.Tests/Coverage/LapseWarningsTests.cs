using System.Globalization;
using Exchange.Core.Batches;
using Exchange.Core.Coverage;
using Exchange.Core.Matching;
using Exchange.Core.Reference;
using Exchange.Core.Registry;
using Exchange.Core.Validation;
using Jamsostek.Exchange.V1;
using Fixture = Exchange.Core.Tests.Matching.Registry;

namespace Exchange.Core.Tests.Coverage;

public sealed class LapseWarningsTests
{
    // 15 June 2025: paid up to February, today is the last protected day; up to March, 15 July.
    private static readonly DateOnly Today = Fixture.Today;

    [Fact]
    public void APBD_funded_workers_protected_today_are_warned_of_the_last_protected_day_soonest_first()
    {
        var warnings = Warnings();

        var page = warnings.List(null, 30, null, 100, Today);

        Assert.Equal([("Dedi Kurniawan", "2025-06-15", 0, MatchOutcome.Grace), ("Asep Saepudin", "2025-07-15", 30, MatchOutcome.Grace)],
            page.Warnings.Select(w => (w.Worker.Subject.FullName, Day(w.LastProtectedDay), w.DaysLeft, w.Worker.Outcome)));
        Assert.Null(page.Next);
        // Further ahead, the one paid up to April too; never the self-funded one, the lapsed one or the unregistered one.
        Assert.Equal(["Dedi Kurniawan", "Asep Saepudin", "Ujang Hidayat"], warnings.List(null, 61, null, 100, Today).Warnings.Select(w => w.Worker.Subject.FullName));
    }

    [Fact]
    public void A_worker_paid_up_to_a_month_is_warned_until_the_last_protected_day_and_not_after()
    {
        var warnings = Warnings();

        Assert.Contains("Asep Saepudin", Names(warnings.List(null, 30, null, 100, new DateOnly(2025, 7, 15))));
        Assert.DoesNotContain("Asep Saepudin", Names(warnings.List(null, 30, null, 100, new DateOnly(2025, 7, 16))));
    }

    [Fact]
    public void An_agency_is_warned_only_of_the_workers_it_submitted()
    {
        var warnings = Warnings();

        Assert.Equal(["Asep Saepudin"], Names(warnings.List("disnaker", 30, null, 100, Today)));
        Assert.Equal(["Dedi Kurniawan", "Asep Saepudin"], Names(warnings.List("dinsos", 30, null, 100, Today)));
        Assert.Empty(warnings.List("dinkop", 30, null, 100, Today).Warnings);
    }

    [Fact]
    public void Pages_continue_after_the_last_warning_of_the_page_before()
    {
        var warnings = Warnings();

        var first = warnings.List(null, 61, null, 2, Today);
        Assert.Equal(["Dedi Kurniawan", "Asep Saepudin"], Names(first));
        var cursor = Assert.IsType<LapseWarningCursor>(first.Next);
        var second = warnings.List(null, 61, cursor, 2, Today);
        Assert.Equal(["Ujang Hidayat"], Names(second));
        Assert.Null(second.Next);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(367)]
    public void Days_beyond_a_year_ahead_are_refused(int days)
    {
        var refusal = Assert.Throws<IntakeRefusal>(() => Warnings().List(null, days, null, 100, Today));

        Assert.Equal((ViolationCodes.WarningDaysInvalid, "within_days"), (refusal.Code, refusal.Field));
    }

    [Fact]
    public void No_days_given_looks_30_days_ahead()
    {
        var warnings = Warnings();

        Assert.Equal(Names(warnings.List(null, 30, null, 100, Today)), Names(warnings.List(null, 0, null, 100, Today)));
    }

    private static string[] Names(LapseWarningPage page) => [.. page.Warnings.Select(w => w.Worker.Subject.FullName)];

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static LapseWarnings Warnings()
    {
        WorkerRecord[] records =
        [
            Record(1, "Asep Saepudin", FundingSource.Apbd),
            Record(2, "Dedi Kurniawan", FundingSource.Apbd),
            Record(3, "Ujang Hidayat", FundingSource.Apbd),
            Record(4, "Bambang Hermawan", FundingSource.Self),
            Record(5, "Agus Setiawan", FundingSource.Apbd),
            Record(6, "Yayan Sopyan", FundingSource.Apbd),
        ];
        var index = Fixture.Index(
            Participant(records[0], "2025-03"),
            Participant(records[1], "2025-02"),
            Participant(records[2], "2025-04"),
            Participant(records[3], "2025-02"),
            Participant(records[4], "2025-01"));
        var workers = new KnownWorkers(Wilayah.KotaBogor);
        workers.RegistryChanged(RegistryIndex.Empty, index, [], Today);
        Accept(workers, "dinsos", index, records);
        Accept(workers, "disnaker", index, records[0]);
        return new LapseWarnings(workers);
    }

    private static RegistryParticipant Participant(WorkerRecord worker, string lastPaid) =>
        Fixture.Participant(worker.Nik, worker.FullName, worker.BirthDate, lastPaid: lastPaid);

    private static WorkerRecord Record(int serial, string name, FundingSource funding)
    {
        var birthDate = new DateOnly(1980, 1, 1).AddDays(serial * 40);
        return new WorkerRecord
        {
            Nik = string.Create(CultureInfo.InvariantCulture, $"327101{birthDate:ddMMyy}{serial:0000}"),
            FullName = name,
            BirthDate = birthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Sex = Sex.Male,
            KelurahanCode = Fixture.Kelurahan,
            Occupation = Occupation.PedagangPasar,
            FundingSource = funding,
            WelfareDecile = 2,
        };
    }

    /// <summary>As BatchIntake does: each record matched against <paramref name="index"/>, then taken in.</summary>
    private static void Accept(KnownWorkers workers, string agency, RegistryIndex index, params WorkerRecord[] records)
    {
        var verdicts = records.Select(r =>
            RecordVerdict.Matched([], Matcher.Match(Fixture.Worker(r.Nik, r.FullName, r.BirthDate, r.Sex, r.KelurahanCode), index, Today))).ToArray();
        workers.Accept(agency, records, verdicts, index, ReviewedPairs.Empty, Today);
    }
}
