using Exchange.Core.Matching;
using Jamsostek.Exchange.V1;
using static Exchange.Core.Tests.Matching.Registry;

namespace Exchange.Core.Tests.Matching;

/// <summary>
/// The participants one NIK edit away are found wherever the index keeps them: in the block of the
/// birth date their NIK carries, or apart when it carries none of theirs.
/// </summary>
public class OneEditNeighbourTests
{
    [Theory]
    [InlineData("3271012107850004")] // serial digit
    [InlineData("3271012107860001")] // year digit
    [InlineData("3271012107580001")] // year digits swapped
    public void A_participant_whose_nik_does_not_carry_their_birth_date_is_found_one_edit_away(string workerNik)
    {
        // BPJS corrected the birth date; the NIK still carries the old one.
        var corrected = Participant("3271012107850001", "Asep Saepudin", "1986-02-03");

        var result = Match(Worker(workerNik, "Asep Saepudin", "1986-02-03"), corrected);

        Assert.Equal((MatchOutcome.Active, "3271012107850001"), (result.Outcome, result.ParticipantNik));
        Assert.Equal(MatchReason.NikOneEdit, result.Reasons[0]);
    }

    [Fact]
    public void A_rare_namesake_whose_nik_names_a_near_birth_date_is_proposed_for_review()
    {
        // Both NIKs carry their holders' birth dates, a year apart: the NIKs disagree, the birth dates
        // are near, and only a rare name in the same kelurahan reaches review.
        var registered = Participant("3271012107850001", "Asep Saepudin Hidayat", "1985-07-21");

        var result = Match(Worker("3271012107860001", "Asep Saepudin Hidayat", "1986-07-21"), registered);

        Assert.Equal((MatchOutcome.PossibleMatch, "3271012107850001"), (result.Outcome, result.ParticipantNik));
        Assert.True(result.Score >= MatchModel.ReviewThreshold);
    }

    [Theory]
    [InlineData("Asep Saepudin", Kelurahan)]                // a common name
    [InlineData("Asep Saepudin Hidayat", "32.71.02.1002")]  // another kelurahan
    public void A_namesake_whose_nik_names_another_birth_date_is_not_proposed_without_a_rare_name_and_the_kelurahan(string name, string kelurahan)
    {
        var registered = Participant("3271012107850001", name, "1985-07-21");

        var result = Match(Worker("3271012107860001", name, "1986-07-21", kelurahan: kelurahan), registered);

        Assert.Equal(MatchOutcome.NotRegistered, result.Outcome);
    }

    [Fact]
    public void Registry_order_does_not_change_any_result_when_some_niks_do_not_carry_the_birth_date()
    {
        var participants = SyntheticRegistry.Generate(2_000, seed: 21)
            .Select((p, i) => (i % 5) switch
            {
                0 => p with { BirthDate = p.BirthDate?.AddDays(1) },
                1 => p with { BirthDate = null },
                _ => p,
            })
            .ToList();
        var workers = SyntheticRegistry.NoisyWorkers(participants, seed: 22).Take(800).ToList();

        var first = RegistryIndex.Build(participants);
        var second = RegistryIndex.Build(participants.OrderBy(p => p.Nik, StringComparer.Ordinal).Reverse().ToList());

        foreach (var worker in workers)
        {
            var a = Matcher.Match(worker, first, Today);
            var b = Matcher.Match(worker, second, Today);
            Assert.Equal((a.Outcome, a.Segment, a.Score, a.ParticipantNik), (b.Outcome, b.Segment, b.Score, b.ParticipantNik));
            Assert.Equal(a.Reasons, b.Reasons);
        }
    }
}
