using Exchange.Core.Matching;
using Exchange.Core.Names;
using Jamsostek.Exchange.V1;
using Xunit.Abstractions;
using static Exchange.Core.Tests.Matching.Registry;

namespace Exchange.Core.Tests.Matching;

public class RegistryIndexTests(ITestOutputHelper output)
{
    [Fact]
    public void Fifty_thousand_participants_stay_compact_and_each_finds_themselves()
    {
        // Speed is the benchmark's to measure (tests/Exchange.Benchmarks), not a test's on a shared machine.
        var participants = SyntheticRegistry.Generate(50_000, seed: 1);

        var index = RegistryIndex.Build(participants);

        Assert.Equal(50_000, index.Count);
        var bytesPerParticipant = (double)index.ApproximateBytes / index.Count;
        output.WriteLine($"{bytesPerParticipant:F1} bytes per participant, {index.DistinctWords} words");
        Assert.InRange(bytesPerParticipant, 20, 200);

        var workers = SyntheticRegistry.NoisyWorkers(participants, seed: 2).ToList();
        var results = workers.Select(worker => Matcher.Match(worker, index, Today)).ToList();

        // The small name pool makes namesakes born the same day in one kecamatan: a mistyped serial
        // that lands on one of them cannot be told apart, so such a match counts as explained.
        var byNik = participants.ToDictionary(p => p.Nik, StringComparer.Ordinal);
        bool IsThemselves(int i) =>
            byNik[results[i].ParticipantNik!] is var matched
            && (matched == participants[i]
                || (matched.BirthDate == participants[i].BirthDate && PersonName.Compare(matched.FullName, participants[i].FullName).Agreement == NameAgreement.Exact));
        var automatic = 0;
        var found = 0;
        for (var i = 0; i < results.Count; i++)
        {
            var isAutomatic = results[i].Outcome is MatchOutcome.Active or MatchOutcome.Grace or MatchOutcome.Lapsed;
            if (isAutomatic)
            {
                automatic++;
                Assert.True(IsThemselves(i), $"record {i} matched someone else");
            }
            found += (isAutomatic || results[i].Outcome == MatchOutcome.PossibleMatch) && IsThemselves(i) ? 1 : 0;
        }
        // One worker in ten has a mistyped serial and the names are common: those go to review.
        Assert.True(automatic > 0.85 * results.Count, $"{automatic} automatic of {results.Count}");
        Assert.True(found > 0.99 * results.Count, $"{found} found of {results.Count}");
    }

    [Fact]
    public void Strangers_are_not_registered()
    {
        var index = RegistryIndex.Build(SyntheticRegistry.Generate(20_000, seed: 3));
        var strangers = SyntheticRegistry.Generate(2_000, seed: 4)
            .Select(p => new MatchSubject("3174" + p.Nik[4..], p.FullName, p.BirthDate?.AddYears(70), p.Sex, p.KelurahanCode));

        Assert.All(strangers, stranger => Assert.Equal(MatchOutcome.NotRegistered, Matcher.Match(stranger, index, Today).Outcome));
    }

    [Fact]
    public void A_nik_that_is_not_16_digits_is_refused_without_repeating_it()
    {
        var error = Assert.Throws<ArgumentException>(() => Index(Participant("32710121078500", "Asep", "1985-07-21")));

        Assert.DoesNotContain("32710121078500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nik_held_twice_is_refused() =>
        Assert.Throws<ArgumentException>(() => Index(
            Participant("3271012107850001", "Asep", "1985-07-21"),
            Participant("3271012107850001", "Asep Saepudin", "1985-07-21")));

    [Fact]
    public void Participants_without_birth_date_or_address_are_found_by_nik()
    {
        var participant = new RegistryParticipant("3271012107850001", "Asep Saepudin", null, Sex.Unspecified, Segment.Bpu, ParticipantStatus.Active, Month("2025-06"), null);

        var result = Match(Worker("3271012107850001", "Asep Saepudin", "1985-07-21"), participant);

        Assert.Equal(MatchOutcome.Active, result.Outcome);
        Assert.Equal([MatchReason.NikExact, MatchReason.NameAgrees], result.Reasons);
    }
}
