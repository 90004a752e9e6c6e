using System.Globalization;
using Exchange.Core.Batches;
using Exchange.Core.Coverage;
using Exchange.Core.Matching;
using Exchange.Core.Reference;
using Exchange.Core.Tests.Matching;
using Jamsostek.Exchange.V1;
using Fixture = Exchange.Core.Tests.Matching.Registry;

namespace Exchange.Core.Tests.Coverage;

public sealed class KnownWorkersTests
{
    private static readonly DateOnly Today = Fixture.Today;

    [Fact]
    public void A_person_two_agencies_submitted_counts_once_with_the_attributes_of_the_latest_record()
    {
        var index = Fixture.Index();
        var workers = new KnownWorkers(Wilayah.KotaBogor);
        var asep = Record("3271011705880001", "Asep Saepudin", "32.71.01.1001", Occupation.PedagangPasar);
        var moved = Record("3271011705880001", "Asep Saepudin", "32.71.02.1001", Occupation.OjekOnline);
        Accept(workers, "dinsos", index, asep, Record("3271011705880002", "Ujang Hidayat", "32.71.01.1001", Occupation.PedagangPasar));
        Accept(workers, "disnaker", index, moved);

        Assert.Equal(2, workers.Count);
        var byKecamatan = workers.Report(new CoverageQuery { Grouping = CoverageDimension.Kecamatan }, Today);
        Assert.Equal(2, byKecamatan.Total.Workers);
        Assert.Equal(["32.71.01", "32.71.02"], byKecamatan.Rows.Select(r => r.Key));
        Assert.All(byKecamatan.Rows, r => Assert.Equal(1, r.Workers));
        // Counted under each agency that submitted them: the agency rows add up to more than the total.
        var byAgency = workers.Report(new CoverageQuery { Grouping = CoverageDimension.Agency }, Today);
        Assert.Equal([("dinsos", 2L), ("disnaker", 1L)], byAgency.Rows.Select(r => (r.Key, r.Workers)));
        Assert.Equal(2, byAgency.Total.Workers);
        var disnakersOnly = workers.Report(new CoverageQuery { Agencies = new HashSet<string> { "disnaker" } }, Today);
        Assert.Equal(1, disnakersOnly.Total.Workers);
    }

    [Fact]
    public void Enrolling_a_worker_in_the_registry_moves_them_to_active_and_touches_only_the_workers_it_concerns()
    {
        var before = Fixture.Index();
        var workers = Projection(before);
        var records = Enumerable.Range(1, 300)
            .Select(i => Record(Nik(i), i / 30 % 2 == 0 ? "Asep Saepudin" : "Ujang Hidayat", "32.71.01.1001", Occupation.PedagangPasar, BirthDate(i)))
            .ToArray();
        Accept(workers, "dinsos", before, records);
        Assert.Equal(300, workers.Report(new CoverageQuery(), Today).Total.Count(MatchOutcome.NotRegistered));

        var enrolled = records.Take(10).Select(r => Fixture.Participant(r.Nik, r.FullName, r.BirthDate)).ToArray();
        var after = Fixture.Index(enrolled);
        var touched = workers.RegistryChanged(before, after, [.. enrolled.Select(p => Packed(p.Nik))], Today);

        var report = workers.Report(new CoverageQuery(), Today);
        Assert.Equal(10, report.Total.Count(MatchOutcome.Active));
        // Namesakes born the same day become possible matches of the 10; nobody else moves.
        Assert.Equal(290, report.Total.Count(MatchOutcome.NotRegistered) + report.Total.Count(MatchOutcome.PossibleMatch));
        // The 10 and their namesakes, no more: of those born the same day whose name may share a word with
        // theirs (the 64-bit signatures), only the ones one of the 10 is a proposal for.
        Assert.Equal(10 + report.Total.Count(MatchOutcome.PossibleMatch), touched);
    }

    [Fact]
    public void A_worker_with_a_papuan_nik_is_matched_again_when_they_enrol()
    {
        // Province 91 packs to a negative number, which must not read as "no NIK".
        var before = Fixture.Index();
        var workers = Projection(before);
        var record = Record("9171011705880001", "Yakobus Wenda", "32.71.01.1001", Occupation.PedagangPasar);
        Accept(workers, "dinsos", before, record);
        var after = Fixture.Index(Fixture.Participant(record.Nik, record.FullName, record.BirthDate));

        Assert.Equal(1, workers.RegistryChanged(before, after, [Packed(record.Nik)], Today));

        var worker = Assert.Single(workers.Select(new CoverageQuery(), Today));
        Assert.Equal((MatchOutcome.Active, record.Nik), (worker.Outcome, worker.ParticipantNik));
    }

    [Fact]
    public void Standing_moves_with_the_calendar_without_any_sync()
    {
        var index = Fixture.Index(Fixture.Participant("3271011705880001", "Asep Saepudin", "1988-05-17", lastPaid: "2025-05"));
        var workers = Projection(index);
        Accept(workers, "dinsos", index, Record("3271011705880001", "Asep Saepudin", "32.71.01.1001", Occupation.PedagangPasar));

        Assert.Equal(1, workers.Report(new CoverageQuery(), new DateOnly(2025, 6, 15)).Total.Count(MatchOutcome.Active));
        Assert.Equal(1, workers.Report(new CoverageQuery(), new DateOnly(2025, 6, 16)).Total.Count(MatchOutcome.Grace));
        Assert.Equal(1, workers.Report(new CoverageQuery(), new DateOnly(2025, 9, 16)).Total.Count(MatchOutcome.Lapsed));
    }

    [Fact]
    public void The_deceased_leave_the_denominator_and_possible_matches_widen_the_range()
    {
        var index = Fixture.Index(
            Fixture.Participant("3271011705880001", "Asep Saepudin", "1988-05-17"),
            Fixture.Participant("3271011705880002", "Ujang Hidayat", "1988-05-17", status: ParticipantStatus.Deceased),
            Fixture.Participant("3271011705889003", "Dede Kurniawan", "1988-05-17"));
        var workers = Projection(index);
        // The third: same name, birth date and kelurahan under a NIK from elsewhere, a possible match of a protected participant.
        Accept(workers, "dinsos", index,
            Record("3271011705880001", "Asep Saepudin", "32.71.01.1001", Occupation.PedagangPasar),
            Record("3271011705880002", "Ujang Hidayat", "32.71.01.1001", Occupation.PedagangPasar),
            Record("3271031705880007", "Dede Kurniawan", "32.71.01.1001", Occupation.PedagangPasar),
            Record("3271011705880004", "Agus Permana", "32.71.01.1001", Occupation.PedagangPasar));

        var total = workers.Report(new CoverageQuery(), Today).Total;
        Assert.Equal(1, total.Count(MatchOutcome.Deceased));
        Assert.Equal(1, total.Count(MatchOutcome.PossibleMatch));
        Assert.Equal(3, total.Living);
        Assert.Equal(1 / 3.0, total.CoverageLow, 12);
        Assert.Equal(2 / 3.0, total.CoverageHigh, 12);
    }

    [Fact]
    public void A_chunk_answered_against_an_older_registry_is_matched_again_against_the_projections()
    {
        var old = Fixture.Index();
        var current = Fixture.Index(Fixture.Participant("3271011705880001", "Asep Saepudin", "1988-05-17"));
        var workers = new KnownWorkers(Wilayah.KotaBogor);
        workers.RegistryChanged(old, current, [Packed("3271011705880001")], Today);

        // Answered NOT_REGISTERED by a stream that still held the old index.
        Accept(workers, "dinsos", old, Record("3271011705880001", "Asep Saepudin", "32.71.01.1001", Occupation.PedagangPasar));

        Assert.Equal(1, workers.Report(new CoverageQuery(), Today).Total.Count(MatchOutcome.Active));
    }

    /// <summary>
    /// The rule that decides whom a registry change concerns, against matching everyone again: after
    /// inserts, updates (names, birth dates, payments) and removals of a noisy registry, the
    /// projection answers exactly what a projection built afresh on the new registry answers.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(2025)]
    public void Re_matching_only_the_concerned_workers_gives_what_matching_everyone_gives(int seed)
    {
        var random = new Random(seed);
        var participants = SyntheticRegistry.Generate(3_000, seed);
        var subjects = SyntheticRegistry.NoisyWorkers(participants, seed).ToList();
        var records = subjects.Select((s, i) => new WorkerRecord
        {
            Nik = s.Nik,
            FullName = s.FullName,
            BirthDate = s.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            Sex = s.Sex,
            KelurahanCode = s.KelurahanCode ?? "",
            Occupation = (Occupation)(1 + (i % 5)),
        }).ToArray();
        // Half the people are in the registry at first.
        var first = participants.Where((_, i) => i % 2 == 0).ToList();
        var before = Fixture.Index([.. first]);
        var incremental = new KnownWorkers(Wilayah.KotaBogor);
        incremental.RegistryChanged(Fixture.Index(), before, [], Today);
        Accept(incremental, "dinsos", Fixture.Index(), records);

        // About one participant in ten changes: removed, paid less, renamed, born a day later, or newly registered.
        var next = first.Where(_ => random.Next(40) != 0).Select(p => random.Next(40) switch
        {
            0 => p with { LastPaidMonth = Fixture.Month("2025-01") },
            1 => p with { FullName = "Siti Aminah" },
            2 => p with { BirthDate = p.BirthDate!.Value.AddDays(1) },
            _ => p,
        }).Concat(participants.Where((_, i) => i % 2 == 1 && random.Next(20) == 0)).ToList();
        var after = Fixture.Index([.. next]);
        var changed = first.Select(p => p.Nik).Union(next.Select(p => p.Nik))
            .Where(nik => first.FirstOrDefault(p => p.Nik == nik) != next.FirstOrDefault(p => p.Nik == nik))
            .Select(Packed).ToList();
        var touched = incremental.RegistryChanged(before, after, changed, Today);

        var afresh = new KnownWorkers(Wilayah.KotaBogor);
        afresh.RegistryChanged(Fixture.Index(), after, [], Today);
        Accept(afresh, "dinsos", Fixture.Index(), records);
        foreach (var grouping in new[] { CoverageDimension.City, CoverageDimension.Kelurahan, CoverageDimension.Occupation })
        {
            Assert.Equal(Flatten(afresh.Report(new CoverageQuery { Grouping = grouping }, Today)),
                Flatten(incremental.Report(new CoverageQuery { Grouping = grouping }, Today)));
        }
        // About one worker per change: the holder of the NIK, and the few for whom the participant is a proposal.
        Assert.InRange(touched, changed.Count / 2, changed.Count * 2);
    }

    [Fact]
    public void Each_change_of_a_workers_state_is_one_entry_for_the_log_with_the_standing_before()
    {
        var asep = Fixture.Participant("3271011705880001", "Asep Saepudin", "1988-05-17", lastPaid: "2025-05");
        var before = Fixture.Index();
        var workers = Projection(before);
        var record = Record("3271011705880001", "Asep Saepudin", "32.71.01.1001", Occupation.PedagangPasar);
        Accept(workers, "dinsos", before, record);
        Accept(workers, "dinsos", before, record);
        var first = Assert.Single(workers.TakePending());
        Assert.Equal((MatchOutcome.Unspecified, MatchOutcome.NotRegistered), Outcomes(first));

        var after = Fixture.Index(asep);
        workers.RegistryChanged(before, after, [Packed(asep.Nik)], Today);
        var enrolled = Assert.Single(workers.TakePending());
        Assert.Equal((MatchOutcome.NotRegistered, MatchOutcome.Active), Outcomes(enrolled));
        Assert.Equal(Today, enrolled.Day);

        // Paid up to May: ACTIVE on the 15th of June, GRACE from the 16th; a day changes nothing else.
        Assert.Equal(0, workers.Sweep(new DateOnly(2025, 6, 15)));
        Assert.Equal(1, workers.Sweep(new DateOnly(2025, 6, 16)));
        Assert.Equal(0, workers.Sweep(new DateOnly(2025, 6, 17)));
        var grace = Assert.Single(workers.TakePending());
        Assert.Equal((MatchOutcome.Active, MatchOutcome.Grace, new DateOnly(2025, 6, 16)), (Outcomes(grace).Item1, Outcomes(grace).Item2, grace.Day));
        Assert.Empty(workers.TakePending());
    }

    [Fact]
    public void Entries_the_log_did_not_take_go_back_before_those_made_since()
    {
        var index = Fixture.Index();
        var workers = Projection(index);
        Accept(workers, "dinsos", index, Record("3271011705880001", "Asep Saepudin", "32.71.01.1001", Occupation.PedagangPasar));
        var refused = workers.TakePending();
        Accept(workers, "dinsos", index, Record("3271011705880002", "Ujang Hidayat", "32.71.01.1001", Occupation.PedagangPasar));
        workers.ReturnPending(refused);

        Assert.Equal([Packed("3271011705880001"), Packed("3271011705880002")], workers.TakePending().Select(e => e.Nik));
    }

    private static (MatchOutcome, MatchOutcome) Outcomes(OutcomeLogEntry entry)
    {
        var state = WorkerStateCodec.Decode(entry.State, Wilayah.KotaBogor);
        return (state.PreviousOutcome, state.Worker.Outcome);
    }

    [Theory]
    [InlineData("3271011705880001")]
    [InlineData("0000000000000000")]
    [InlineData("9999999999999999")]
    public void A_NIK_held_as_its_value_packs_as_its_text_does(string nik)
    {
        // The registry keeps NIKs as values; the projection and the matcher compare them packed.
        Assert.True(NikNumber.TryParse(nik, out var value));
        Assert.Equal(Packed(nik), NikNumber.Pack(value));
    }

    private static IEnumerable<string> Flatten(CoverageReport report) =>
        report.Rows.Append(report.Total).Select(r =>
            $"{r.Key} {r.Workers} {r.PossiblyProtected} {string.Join(",", r.Outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}={o.Value}"))}");

    /// <summary>A projection serving this registry, as the gateway's is once loaded.</summary>
    private static KnownWorkers Projection(RegistryIndex index)
    {
        var workers = new KnownWorkers(Wilayah.KotaBogor);
        workers.RegistryChanged(RegistryIndex.Empty, index, [], Today);
        return workers;
    }

    /// <summary>As BatchIntake does: each record matched against <paramref name="index"/>, then taken in.</summary>
    private static void Accept(KnownWorkers workers, string agency, RegistryIndex index, params WorkerRecord[] records)
    {
        var verdicts = records.Select(r =>
            RecordVerdict.Matched([], Matcher.Match(Fixture.Worker(r.Nik, r.FullName, r.BirthDate, r.Sex, r.KelurahanCode), index, Today))).ToArray();
        workers.Accept(agency, records, verdicts, index, ReviewedPairs.Empty, Today);
    }

    private static WorkerRecord Record(string nik, string name, string kelurahan, Occupation occupation, string birthDate = "1988-05-17") => new()
    {
        Nik = nik,
        FullName = name,
        BirthDate = birthDate,
        Sex = Sex.Male,
        KelurahanCode = kelurahan,
        Occupation = occupation,
        FundingSource = FundingSource.Apbd,
        WelfareDecile = 3,
    };

    // Thirty birth days, ten people each, half of them with each name.
    private static string BirthDate(int i) => new DateOnly(1988, 5, 1).AddDays(i % 30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Nik(int i)
    {
        var date = DateOnly.ParseExact(BirthDate(i), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"327101{date.Day:00}{date.Month:00}{date.Year % 100:00}{i:0000}");
    }

    private static long Packed(string nik) => NikNumber.TryParsePacked(nik, out var packed) ? packed : throw new ArgumentException("not a NIK", nameof(nik));
}
