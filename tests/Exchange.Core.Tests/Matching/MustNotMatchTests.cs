using Exchange.Core.Matching;
using Jamsostek.Exchange.V1;
using static Exchange.Core.Tests.Matching.Registry;

namespace Exchange.Core.Tests.Matching;

/// <summary>Look-alikes that are different people.</summary>
public class MustNotMatchTests
{
    [Fact]
    public void Two_people_named_Asep_with_different_birth_dates_in_one_kelurahan_do_not_match()
    {
        var registered = Participant("3271011203850002", "Asep", "1985-03-12");

        var result = Match(Worker("3271010107900005", "Asep", "1990-07-01"), registered);

        Assert.Equal(MatchOutcome.NotRegistered, result.Outcome);
    }

    [Fact]
    public void Each_Asep_in_one_kelurahan_matches_only_himself()
    {
        var older = Participant("3271011203850002", "Asep", "1985-03-12", status: ParticipantStatus.Ended);
        var younger = Participant("3271010107900005", "Asep", "1990-07-01");
        var index = Index(older, younger);

        var result = Matcher.Match(Worker("3271010107900005", "Asep", "1990-07-01"), index, Today);

        Assert.Equal((MatchOutcome.Active, "3271010107900005"), (result.Outcome, result.ParticipantNik));
    }

    [Fact]
    public void Joko_is_not_Yoko()
    {
        var yoko = Participant("3271031508800011", "Yoko", "1980-08-15");

        var unrelatedNik = Match(Worker("3271041508800003", "Joko", "1980-08-15"), yoko);
        var oneEditNik = Match(Worker("3271031508800012", "Joko", "1980-08-15"), yoko);

        Assert.Equal(MatchOutcome.NotRegistered, unrelatedNik.Outcome);
        Assert.Equal(MatchOutcome.NotRegistered, oneEditNik.Outcome);
    }

    [Fact]
    public void Djoko_is_Joko()
    {
        var joko = Participant("3271031508800011", "Djoko Santoso", "1980-08-15");

        // The kecamatan digit mistyped: 04 for 03.
        Assert.Equal(MatchOutcome.Active, Match(Worker("3271041508800011", "Joko Santoso", "1980-08-15"), joko).Outcome);
    }

    [Fact]
    public void A_nik_one_digit_off_whose_name_differs_is_not_automatic()
    {
        var registered = Participant("3271051010750021", "Ujang Supriatna", "1975-10-10");

        var result = Match(Worker("3271051010750024", "Dedi Kurniawan", "1975-10-10"), registered);

        Assert.NotEqual(MatchOutcome.Active, result.Outcome);
        Assert.Equal(MatchOutcome.NotRegistered, result.Outcome);
    }

    [Theory]
    [InlineData("Asep")]
    [InlineData("Ujang")]
    [InlineData("Dede")]
    [InlineData("Euis")]
    public void A_common_Sundanese_name_with_birth_date_and_kelurahan_is_never_automatic(string name)
    {
        var registered = Participant("3271064402880013", name, "1988-02-04", Sex.Female);

        var result = Match(Worker("3271060402880006", name, "1988-02-04", Sex.Female), registered);

        Assert.Equal(MatchOutcome.PossibleMatch, result.Outcome);
        Assert.Equal(Segment.Unspecified, result.Segment);
        Assert.DoesNotContain(MatchReason.NikExact, result.Reasons);
        Assert.DoesNotContain(MatchReason.NikOneEdit, result.Reasons);
    }

    [Fact]
    public void A_common_name_and_birth_date_with_another_sex_and_no_address_is_not_even_possible()
    {
        var registered = Participant("3271064402880013", "Ade", "1988-02-04", Sex.Female);

        Assert.Equal(MatchOutcome.NotRegistered, Match(Worker("3271060402880006", "Ade", "1988-02-04", Sex.Male, kelurahan: null), registered).Outcome);
    }

    [Fact]
    public void Names_sharing_one_word_are_not_a_possible_match()
    {
        var registered = Participant("3271011203850002", "Muhammad Rizki", "1985-03-12");

        Assert.Equal(MatchOutcome.NotRegistered, Match(Worker("3271020101900001", "Muhammad Fauzi", "1985-03-12"), registered).Outcome);
    }
}
