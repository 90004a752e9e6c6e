using System.Globalization;
using Exchange.Core.Batches;
using Exchange.Core.Contributions;
using Exchange.Core.Coverage;
using Exchange.Core.Matching;
using Exchange.Core.Reference;
using Exchange.Core.Registry;
using Exchange.Core.Validation;
using Jamsostek.Exchange.V1;
using Fixture = Exchange.Core.Tests.Matching.Registry;

namespace Exchange.Core.Tests.Coverage;

public sealed class ApbdEstimateTests
{
    private static readonly DateOnly Today = Fixture.Today;
    private static readonly CalendarMonth January2026 = new(2026, 1);

    /// <summary>A hypothetical halving from 2026-07-01 (not a regulation): Rp 8,400 a month at the minimum.</summary>
    private static readonly ContributionRates HalvedFromJuly2026 = new([
        ContributionRates.Pp44Of2015,
        new ContributionRate { EffectiveFrom = new DateOnly(2026, 7, 1), JkkPercent = 0.5m, MinimumIncomeRupiah = 1_000_000, JkmRupiah = 3_400 },
    ]);

    /// <summary>One worker of the seeded set: their record and the outcome the registry below gives them today.</summary>
    private sealed record Seeded(WorkerRecord Record, MatchOutcome Outcome)
    {
        /// <summary>Their participant in the registry; null for none.</summary>
        public (ParticipantStatus Status, string LastPaid)? Participant { get; init; }
    }

    // Participants born in the 1970s, unregistered workers in the 1990s: no NIK of one is an edit from the other's.
    private static readonly Seeded[] Set =
    [
        Unregistered(1, "Asep Saepudin", "32.71.01.1001", Occupation.PedagangPasar, 1),
        Unregistered(2, "Ujang Hidayat", "32.71.01.1002", Occupation.GuruNgaji, 2),
        Unregistered(3, "Euis Komariah", "32.71.01.1001", Occupation.Marbot, 4),
        Unregistered(4, "Iis Sumiati", "32.71.02.1001", Occupation.PedagangPasar, 3),
        Unregistered(5, "Dede Rohman", "32.71.02.1001", Occupation.GuruNgaji, 5),
        Unregistered(6, "Ade Suryana", "32.71.02.1002", Occupation.PedagangPasar, null),
        Registered(11, "Dedi Kurniawan", "32.71.01.1001", Occupation.GuruNgaji, 2, ParticipantStatus.Active, "2023-01", MatchOutcome.Lapsed),
        Registered(12, "Bambang Hermawan", "32.71.02.1001", Occupation.PedagangPasar, 7, ParticipantStatus.Ended, "2025-05", MatchOutcome.Lapsed),
        Registered(13, "Agus Setiawan", "32.71.01.1001", Occupation.PedagangPasar, 1, ParticipantStatus.Active, "2025-06", MatchOutcome.Active),
        Registered(14, "Yayan Sopyan", "32.71.02.1001", Occupation.GuruNgaji, 1, ParticipantStatus.Active, "2025-04", MatchOutcome.Grace),
        Registered(15, "Cecep Supriatna", "32.71.01.1002", Occupation.PedagangPasar, 1, ParticipantStatus.Deceased, "2025-06", MatchOutcome.Deceased),
    ];

    [Fact]
    public void The_seeded_set_has_the_outcomes_the_estimate_is_reckoned_from()
    {
        var (workers, _) = Projection(Set);

        Assert.Equal(Set.Select(s => (s.Record.Nik, s.Outcome)).OrderBy(s => s.Nik, StringComparer.Ordinal),
            workers.Select(new CoverageQuery(), Today).Select(w => (w.Subject.Nik, w.Outcome)));
    }

    [Fact]
    public void The_estimate_is_the_eligible_people_times_the_rate_times_the_months()
    {
        var (workers, _) = Projection(Set);
        var estimate = new ApbdEstimator(workers, ContributionRates.Default, new EligibilityRule()).Estimate(new CoverageQuery(), January2026, 12, Today);

        // Deciles 1-4, NOT_REGISTERED or LAPSED: Asep, Ujang, Euis, Iis and the lapsed Dedi.
        var eligible = Set.Where(s => s.Outcome is MatchOutcome.NotRegistered or MatchOutcome.Lapsed
            && s.Record.HasWelfareDecile && s.Record.WelfareDecile is >= 1 and <= 4).ToList();
        Assert.Equal(5, eligible.Count);
        Assert.Equal((4L, 1L, 5L), (estimate.Total.NotRegistered, estimate.Total.Lapsed, estimate.Total.Eligible));
        Assert.Equal(5L * 16_800 * 12, estimate.Total.TotalRupiah);
        Assert.All(estimate.Total.MonthlyCosts, m => Assert.Equal(5L * 16_800, m.Rupiah));
        Assert.Equal(Enumerable.Range(0, 12).Select(January2026.Plus), estimate.Total.MonthlyCosts.Select(m => m.Month));
        Assert.Equal([ContributionRates.Pp44Of2015], estimate.Rates);
        Assert.Equal(eligible.Select(s => s.Record.Nik).Order(StringComparer.Ordinal), estimate.Eligible.Select(w => w.Subject.Nik));
        Assert.Equal(("32.71", "Kota Bogor"), (estimate.Total.Key, estimate.Total.Name));
    }

    [Fact]
    public void Rows_group_like_the_coverage_report_and_add_up_to_the_total()
    {
        var (workers, _) = Projection(Set);
        var estimate = new ApbdEstimator(workers, ContributionRates.Default, new EligibilityRule())
            .Estimate(new CoverageQuery { Grouping = CoverageDimension.Kecamatan }, January2026, 3, Today);

        // Bogor Selatan: Asep, Ujang, Euis (not registered) and Dedi (lapsed); Bogor Timur: Iis.
        Assert.Equal([("32.71.01", 3L, 1L), ("32.71.02", 1L, 0L)], estimate.Rows.Select(r => (r.Key, r.NotRegistered, r.Lapsed)));
        Assert.Equal([4L * 16_800 * 3, 1L * 16_800 * 3], estimate.Rows.Select(r => r.TotalRupiah));
        Assert.Equal(estimate.Total.TotalRupiah, estimate.Rows.Sum(r => r.TotalRupiah));
    }

    [Fact]
    public void A_rate_that_takes_effect_inside_the_range_prices_the_months_from_it()
    {
        var (workers, _) = Projection(Set);
        var estimate = new ApbdEstimator(workers, HalvedFromJuly2026, new EligibilityRule()).Estimate(new CoverageQuery(), January2026, 12, Today);

        Assert.Equal(5L * 16_800 * 6 + 5L * 8_400 * 6, estimate.Total.TotalRupiah);
        Assert.Equal([.. Enumerable.Repeat(5L * 16_800, 6), .. Enumerable.Repeat(5L * 8_400, 6)], estimate.Total.MonthlyCosts.Select(m => m.Rupiah));
        Assert.Equal(HalvedFromJuly2026.Periods, estimate.Rates);
        // A range wholly before the change pays the old rate only, and names only it.
        var before = new ApbdEstimator(workers, HalvedFromJuly2026, new EligibilityRule()).Estimate(new CoverageQuery(), January2026, 6, Today);
        Assert.Equal(5L * 16_800 * 6, before.Total.TotalRupiah);
        Assert.Equal([ContributionRates.Pp44Of2015], before.Rates);
    }

    [Fact]
    public void Given_occupations_and_deciles_only_those_workers_count()
    {
        var (workers, _) = Projection(Set);
        var guruNgaji = new EligibilityRule { MaximumWelfareDecile = 10, Occupations = [Occupation.GuruNgaji] };

        var estimate = new ApbdEstimator(workers, ContributionRates.Default, guruNgaji).Estimate(new CoverageQuery(), January2026, 1, Today);

        // Ujang (decile 2) and Dede (decile 5), not registered; Dedi, lapsed. Yayan teaches too, but is in grace.
        Assert.Equal((2L, 1L), (estimate.Total.NotRegistered, estimate.Total.Lapsed));
        Assert.Contains("GuruNgaji", estimate.Rule);
    }

    [Fact]
    public void Deceased_possible_matches_and_the_protected_never_count_whatever_their_decile()
    {
        var possible = Unregistered(21, "Neneng Hasanah", "32.71.01.1001", Occupation.PedagangPasar, 1);
        // The same person, as far as name, birth date and kelurahan go, under a NIK from elsewhere: a possible match.
        var participant = Fixture.Participant("320101" + possible.Record.Nik[6..12] + "0077", possible.Record.FullName, possible.Record.BirthDate);
        var (workers, _) = Projection([.. Set, possible with { Outcome = MatchOutcome.PossibleMatch }], participant);
        Assert.Equal(MatchOutcome.PossibleMatch, workers.Select(new CoverageQuery(), Today).Single(w => w.Subject.Nik == possible.Record.Nik).Outcome);

        var everyone = new EligibilityRule { MaximumWelfareDecile = 10 };
        var estimate = new ApbdEstimator(workers, ContributionRates.Default, everyone).Estimate(new CoverageQuery(), January2026, 1, Today);

        Assert.DoesNotContain(estimate.Eligible, w => w.Outcome is MatchOutcome.Deceased or MatchOutcome.PossibleMatch or MatchOutcome.Active or MatchOutcome.Grace);
        Assert.Equal(5 + 2, estimate.Total.Eligible);
    }

    [Fact]
    public void Agency_rows_count_a_worker_in_the_row_of_each_agency_that_submitted_them()
    {
        var (workers, index) = Projection(Set);
        Accept(workers, "disnaker", index, Set[0].Record);

        var estimate = new ApbdEstimator(workers, ContributionRates.Default, new EligibilityRule())
            .Estimate(new CoverageQuery { Grouping = CoverageDimension.Agency }, January2026, 1, Today);

        Assert.Equal([("dinsos", 5L), ("disnaker", 1L)], estimate.Rows.Select(r => (r.Key, r.Eligible)));
        Assert.Equal(5, estimate.Total.Eligible);
    }

    [Fact]
    public void Without_a_first_month_the_estimate_starts_next_month_for_12_months()
    {
        var (workers, _) = Projection(Set);

        var estimate = new ApbdEstimator(workers, ContributionRates.Default, new EligibilityRule()).Estimate(new CoverageQuery(), null, 0, Today);

        Assert.Equal((new CalendarMonth(2025, 7), 12), (estimate.First, estimate.Months));
        Assert.Equal(5L * 16_800 * 12, estimate.Total.TotalRupiah);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(121)]
    public void More_than_120_months_or_fewer_than_none_are_refused(int months)
    {
        var (workers, _) = Projection(Set);

        var refusal = Assert.Throws<IntakeRefusal>(() =>
            new ApbdEstimator(workers, ContributionRates.Default, new EligibilityRule()).Estimate(new CoverageQuery(), January2026, months, Today));

        Assert.Equal((ViolationCodes.EstimateMonthsInvalid, "months"), (refusal.Code, refusal.Field));
    }

    [Fact]
    public void A_range_that_starts_before_the_first_rate_is_refused()
    {
        var (workers, _) = Projection(Set);

        var refusal = Assert.Throws<IntakeRefusal>(() => new ApbdEstimator(workers, ContributionRates.Default, new EligibilityRule())
            .Estimate(new CoverageQuery(), new CalendarMonth(2015, 6), 12, Today));

        Assert.Equal((ViolationCodes.EstimateBeforeRates, "first_month"), (refusal.Code, refusal.Field));
        Assert.Equal(["2015-07-01"], refusal.Arguments);
    }

    private static Seeded Unregistered(int serial, string name, string kelurahan, Occupation occupation, int? decile) =>
        new(Record(serial, name, new DateOnly(1990, 1, 1).AddDays(serial * 40), kelurahan, occupation, decile), MatchOutcome.NotRegistered);

    private static Seeded Registered(int serial, string name, string kelurahan, Occupation occupation, int? decile, ParticipantStatus status,
        string lastPaid, MatchOutcome outcome) =>
        new(Record(serial, name, new DateOnly(1972, 1, 1).AddDays(serial * 40), kelurahan, occupation, decile), outcome)
        {
            Participant = (status, lastPaid),
        };

    private static WorkerRecord Record(int serial, string name, DateOnly birthDate, string kelurahan, Occupation occupation, int? decile)
    {
        var record = new WorkerRecord
        {
            Nik = string.Create(CultureInfo.InvariantCulture, $"327101{birthDate:ddMMyy}{serial:0000}"),
            FullName = name,
            BirthDate = birthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Sex = Sex.Male,
            KelurahanCode = kelurahan,
            Occupation = occupation,
            FundingSource = FundingSource.Apbd,
        };
        if (decile is { } value)
        {
            record.WelfareDecile = value;
        }
        return record;
    }

    private static (KnownWorkers Workers, RegistryIndex Index) Projection(IEnumerable<Seeded> set, params RegistryParticipant[] others)
    {
        var seeded = set.ToList();
        var index = Fixture.Index([
            .. seeded.Where(s => s.Participant is not null).Select(s =>
                Fixture.Participant(s.Record.Nik, s.Record.FullName, s.Record.BirthDate, status: s.Participant!.Value.Status, lastPaid: s.Participant.Value.LastPaid)),
            .. others]);
        var workers = new KnownWorkers(Wilayah.KotaBogor);
        workers.RegistryChanged(RegistryIndex.Empty, index, [], Today);
        Accept(workers, "dinsos", index, [.. seeded.Select(s => s.Record)]);
        return (workers, index);
    }

    /// <summary>As BatchIntake does: each record matched against <paramref name="index"/>, then taken in.</summary>
    private static void Accept(KnownWorkers workers, string agency, RegistryIndex index, params WorkerRecord[] records)
    {
        var verdicts = records.Select(r =>
            RecordVerdict.Matched([], Matcher.Match(Fixture.Worker(r.Nik, r.FullName, r.BirthDate, r.Sex, r.KelurahanCode), index, Today))).ToArray();
        workers.Accept(agency, records, verdicts, index, ReviewedPairs.Empty, Today);
    }
}
