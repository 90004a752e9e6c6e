using Exchange.Core.Matching;
using Jamsostek.Exchange.V1;
using static Exchange.Core.Tests.Matching.Registry;

namespace Exchange.Core.Tests.Matching;

/// <summary>BPJS's decision on a worker and a participant decides every later record of that worker, until the participant's identity changes.</summary>
public class ReviewedPairTests
{
    // Everything agrees but the NIK, from another region: a possible match on its own.
    private static readonly RegistryParticipant Asep = Participant("3271012107850001", "Asep Saepudin", "1985-07-21");
    private static readonly MatchSubject Worker = Registry.Worker("3201234508920007", "H. Asep Saepudin", "1985-07-21");

    private static ReviewedPairs Decided(RegistryIndex index, ReviewDecision decision, MatchSubject? worker = null) =>
        ReviewedPairs.Of([new ReviewedPair(WorkerIdentity.Of(worker ?? Worker), Asep.Nik, index.IdentityOf(Asep.Nik)!, decision)]);

    [Fact]
    public void Without_a_decision_the_worker_is_a_possible_match() =>
        Assert.Equal(MatchOutcome.PossibleMatch, Match(Worker, Asep).Outcome);

    [Fact]
    public void Same_person_makes_the_worker_the_participant_with_the_reviewed_reason()
    {
        var index = Index(Asep);

        var result = Matcher.Match(Worker, index, Decided(index, ReviewDecision.SamePerson), Today);

        Assert.Equal((MatchOutcome.Active, Asep.Nik, "REVIEWED_SAME_PERSON"), (result.Outcome, result.ParticipantNik, result.Explanation.Rung));
        Assert.Contains(MatchReason.Reviewed, result.Reasons);
    }

    [Fact]
    public void The_same_worker_written_with_other_titles_is_the_same_worker()
    {
        var index = Index(Asep);
        var pairs = Decided(index, ReviewDecision.SamePerson);

        var result = Matcher.Match(Worker with { FullName = "ASEP SAEPUDIN, S.Pd." }, index, pairs, Today);

        Assert.Equal(MatchOutcome.Active, result.Outcome);
    }

    [Fact]
    public void Different_person_leaves_the_participant_out()
    {
        var index = Index(Asep);

        var result = Matcher.Match(Worker, index, Decided(index, ReviewDecision.DifferentPerson), Today);

        Assert.Equal((MatchOutcome.NotRegistered, DecisionTable.NoCandidate), (result.Outcome, result.Explanation.Rung));
    }

    [Fact]
    public void Another_worker_is_not_decided_by_it()
    {
        var index = Index(Asep);
        var pairs = Decided(index, ReviewDecision.SamePerson);

        var otherBirthDate = Matcher.Match(Worker with { BirthDate = new DateOnly(1985, 7, 22) }, index, pairs, Today);
        var otherNik = Matcher.Match(Worker with { Nik = "3201234508920008" }, index, pairs, Today);

        Assert.NotEqual("REVIEWED_SAME_PERSON", otherBirthDate.Explanation.Rung);
        Assert.NotEqual("REVIEWED_SAME_PERSON", otherNik.Explanation.Rung);
    }

    [Fact]
    public void A_change_to_the_participants_identity_reopens_the_pair()
    {
        var pairs = Decided(Index(Asep), ReviewDecision.DifferentPerson);
        var corrected = Index(Asep with { FullName = "Asep Saepudin Hidayat" });
        var moved = Index(Asep with { KelurahanCode = "32.71.02.1001", LastPaidMonth = Month("2025-01") });

        // The name changed: matched afresh. Only the address and payments changed: the decision holds.
        Assert.Equal(MatchOutcome.PossibleMatch, Matcher.Match(Worker, corrected, pairs, Today).Outcome);
        Assert.Equal(MatchOutcome.NotRegistered, Matcher.Match(Worker, moved, pairs, Today).Outcome);
    }

    [Fact]
    public void A_later_decision_on_the_same_pair_replaces_the_earlier()
    {
        var index = Index(Asep);
        var identity = index.IdentityOf(Asep.Nik)!;
        var pairs = ReviewedPairs.Empty
            .With(new ReviewedPair(WorkerIdentity.Of(Worker), Asep.Nik, identity, ReviewDecision.DifferentPerson))
            .With(new ReviewedPair(WorkerIdentity.Of(Worker), Asep.Nik, identity, ReviewDecision.SamePerson));

        Assert.Equal(1, pairs.Count);
        Assert.Equal(MatchOutcome.Active, Matcher.Match(Worker, index, pairs, Today).Outcome);
    }
}
