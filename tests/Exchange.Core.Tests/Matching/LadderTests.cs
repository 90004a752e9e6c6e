using Exchange.Core.Matching;
using Jamsostek.Exchange.V1;
using static Exchange.Core.Tests.Matching.Registry;

namespace Exchange.Core.Tests.Matching;

/// <summary>Each rung of the matching ladder (docs/architecture.md, Matching).</summary>
public class LadderTests
{
    // Male, born 21 July 1985, first registered in Bogor Selatan.
    private const string AsepNik = "3271012107850001";
    private static readonly RegistryParticipant Asep = Participant(AsepNik, "Asep Saepudin", "1985-07-21");

    [Fact]
    public void Exact_nik_with_agreeing_name_and_birth_date_is_automatic()
    {
        var result = Match(Worker(AsepNik, "H. Asep Saepudin", "1985-07-21"), Asep);

        Assert.Equal(MatchOutcome.Active, result.Outcome);
        Assert.Equal(Segment.Bpu, result.Segment);
        Assert.Equal(AsepNik, result.ParticipantNik);
        Assert.Equal(
            [MatchReason.NikExact, MatchReason.NameAgrees, MatchReason.BirthDateAgrees, MatchReason.SexAgrees, MatchReason.KelurahanAgrees],
            result.Reasons);
        Assert.True(result.Score > 40);
    }

    [Fact]
    public void Exact_nik_with_agreeing_name_and_another_birth_date_is_automatic()
    {
        var result = Match(Worker(AsepNik, "Asep Saepudin", "1990-01-02"), Asep);

        Assert.Equal(MatchOutcome.Active, result.Outcome);
        Assert.Contains(MatchReason.BirthDateDisagrees, result.Reasons);
    }

    [Fact]
    public void Exact_nik_with_a_partial_name_and_no_birth_date_is_automatic() =>
        Assert.Equal(MatchOutcome.Active, Match(Worker(AsepNik, "Asep", null), Asep).Outcome);

    [Fact]
    public void Exact_nik_with_another_name_but_the_corrected_birth_date_is_automatic()
    {
        // The registry holds a corrected birth date that the NIK digits do not carry.
        var corrected = Participant(AsepNik, "Asep Saepudin", "1986-02-03");

        var result = Match(Worker(AsepNik, "Ujang", "1986-02-03"), corrected);

        Assert.Equal(MatchOutcome.Active, result.Outcome);
        Assert.Equal([MatchReason.NikExact, MatchReason.NameDisagrees, MatchReason.BirthDateAgrees, MatchReason.SexAgrees, MatchReason.KelurahanAgrees], result.Reasons);
    }

    [Fact]
    public void Exact_nik_with_another_name_and_only_the_birth_date_the_nik_carries_goes_to_review()
    {
        // A mistyped serial lands on someone born the same day: the birth date proves nothing.
        var result = Match(Worker(AsepNik, "Ujang Sutisna", "1985-07-21"), Asep);

        Assert.Equal(MatchOutcome.PossibleMatch, result.Outcome);
    }

    [Fact]
    public void Exact_nik_where_neither_name_nor_birth_date_agrees_goes_to_review()
    {
        var result = Match(Worker(AsepNik, "Ujang Sutisna", "1990-01-02"), Asep);

        Assert.Equal(MatchOutcome.PossibleMatch, result.Outcome);
        Assert.Equal(Segment.Unspecified, result.Segment);
        Assert.Equal(AsepNik, result.ParticipantNik);
        Assert.Equal([MatchReason.NikExact, MatchReason.NameDisagrees, MatchReason.BirthDateDisagrees, MatchReason.SexAgrees, MatchReason.KelurahanAgrees], result.Reasons);
    }

    [Fact]
    public void Exact_nik_with_a_partial_name_and_a_wrong_birth_date_goes_to_review() =>
        Assert.Equal(MatchOutcome.PossibleMatch, Match(Worker(AsepNik, "Asep", "1990-01-02"), Asep).Outcome);

    [Fact]
    public void Exact_nik_with_agreeing_name_but_wrong_birth_date_and_sex_goes_to_review() =>
        Assert.Equal(MatchOutcome.PossibleMatch, Match(Worker(AsepNik, "Asep Saepudin", "1990-01-02", Sex.Female), Asep).Outcome);

    [Fact]
    public void Nik_with_one_substituted_digit_and_agreeing_name_and_birth_date_is_automatic()
    {
        // The kecamatan digit: 02 for 01.
        var result = Match(Worker("3271022107850001", "Asep Saepudin", "1985-07-21"), Asep);

        Assert.Equal(MatchOutcome.Active, result.Outcome);
        Assert.Equal(AsepNik, result.ParticipantNik);
        Assert.Equal(MatchReason.NikOneEdit, result.Reasons[0]);
    }

    [Fact]
    public void Nik_with_one_adjacent_swap_and_agreeing_name_and_birth_date_is_automatic()
    {
        // Year digits 85 typed as 58.
        var result = Match(Worker("3271012107580001", "Asep Saefudin", "1985-07-21"), Asep);

        Assert.Equal(MatchOutcome.Active, result.Outcome);
        Assert.Equal(AsepNik, result.ParticipantNik);
        Assert.Equal(MatchReason.NikOneEdit, result.Reasons[0]);
    }

    [Fact]
    public void Nik_one_edit_away_with_agreeing_name_but_another_birth_date_is_not_automatic() =>
        Assert.Equal(MatchOutcome.PossibleMatch, Match(Worker("3271012107850004", "Asep Saepudin", "1990-01-02"), Asep).Outcome);

    [Fact]
    public void Nik_one_edit_away_with_only_a_partial_name_is_not_even_reviewed()
    {
        // One common word on a neighbouring serial, born the same day as every neighbour is: too little.
        Assert.Equal(MatchOutcome.NotRegistered, Match(Worker("3271012107850004", "Asep", "1985-07-21"), Asep).Outcome);
    }

    [Fact]
    public void Nik_one_edit_away_in_the_serial_with_a_common_name_goes_to_review()
    {
        // The participants around a NIK were born the same day, so only the name speaks: not enough for automatic.
        var result = Match(Worker("3271012107850004", "Asep Saepudin", "1985-07-21", kelurahan: null), Asep);

        Assert.Equal(MatchOutcome.PossibleMatch, result.Outcome);
        Assert.Equal(MatchReason.NikOneEdit, result.Reasons[0]);
    }

    [Fact]
    public void A_weak_exact_nik_match_with_a_rival_one_edit_away_goes_to_review()
    {
        // "Yusuf Hidayat" on the NIK of Yusuf Hidayat Kurniawan, only partly his name; Yusuf Hidayat,
        // born the same day, is one digit away.
        var kurniawan = Participant("3271020608890002", "Yusuf Hidayat Kurniawan", "1989-08-06");
        var hidayat = Participant("3271020608890001", "Yusuf Hidayat", "1989-08-06");

        var result = Match(Worker("3271020608890002", "Yusuf Hidayat", "1989-08-06", kelurahan: null), kurniawan, hidayat);

        Assert.Equal(MatchOutcome.PossibleMatch, result.Outcome);
    }

    [Fact]
    public void A_mistyped_nik_that_lands_on_someone_else_finds_the_person_one_edit_away()
    {
        // A serial typo: automatic only because the whole name is exact and rare enough.
        var rare = Participant(AsepNik, "Asep Saepudin Wiranatakusumah", "1985-07-21");
        var ujang = Participant("3271012107850002", "Ujang Sutisna", "1985-07-21", status: ParticipantStatus.Ended);

        var result = Match(Worker("3271012107850002", "Asep Saepudin Wiranatakusumah", "1985-07-21"), rare, ujang);

        Assert.Equal(MatchOutcome.Active, result.Outcome);
        Assert.Equal(AsepNik, result.ParticipantNik);
    }

    [Fact]
    public void Two_participants_one_edit_away_who_both_fit_go_to_review()
    {
        var twin = Participant("3271012107850003", "Asep Saepudin", "1985-07-21");

        var result = Match(Worker("3271012107850002", "Asep Saepudin", "1985-07-21"), Asep, twin);

        Assert.Equal(MatchOutcome.PossibleMatch, result.Outcome);
        Assert.Equal(AsepNik, result.ParticipantNik); // equal scores: the lower NIK
    }

    [Fact]
    public void Name_birth_date_and_kelurahan_alone_are_only_a_possible_match()
    {
        // Everything agrees except a NIK from another region entirely.
        var result = Match(Worker("3201234508920007", "Asep Saepudin", "1985-07-21"), Asep);

        Assert.Equal(MatchOutcome.PossibleMatch, result.Outcome);
        Assert.Equal(AsepNik, result.ParticipantNik);
        Assert.Equal([MatchReason.NameAgrees, MatchReason.BirthDateAgrees, MatchReason.SexAgrees, MatchReason.KelurahanAgrees], result.Reasons);
        Assert.True(result.Score >= MatchModel.ReviewThreshold);
    }

    [Fact]
    public void Name_and_birth_date_with_a_malformed_nik_are_only_a_possible_match() =>
        Assert.Equal(MatchOutcome.PossibleMatch, Match(Worker("3.27101E+15", "Asep Saepudin", "1985-07-21"), Asep).Outcome);

    [Fact]
    public void Nothing_close_is_not_registered()
    {
        var result = Match(Worker("3271054411900003", "Euis Komariah", "1990-11-04", Sex.Female), Asep);

        Assert.Equal(MatchOutcome.NotRegistered, result.Outcome);
        Assert.Equal(Segment.Unspecified, result.Segment);
        Assert.Equal(0, result.Score);
        Assert.Equal([MatchReason.NoCandidate], result.Reasons);
        Assert.Null(result.ParticipantNik);
    }

    [Fact]
    public void An_empty_registry_registers_no_one() =>
        Assert.Equal(MatchOutcome.NotRegistered, Matcher.Match(Worker(AsepNik, "Asep Saepudin", "1985-07-21"), RegistryIndex.Empty, Today).Outcome);

    [Theory]
    [InlineData(ParticipantStatus.Active, "2025-05", MatchOutcome.Active)]
    [InlineData(ParticipantStatus.Active, "2025-03", MatchOutcome.Grace)]
    [InlineData(ParticipantStatus.Active, "2024-12", MatchOutcome.Lapsed)]
    [InlineData(ParticipantStatus.Active, null, MatchOutcome.Lapsed)]
    [InlineData(ParticipantStatus.Ended, "2025-06", MatchOutcome.Lapsed)]
    [InlineData(ParticipantStatus.Deceased, "2025-06", MatchOutcome.Deceased)]
    [InlineData(ParticipantStatus.Deceased, null, MatchOutcome.Deceased)]
    public void An_automatic_match_reports_the_participants_standing(ParticipantStatus status, string? lastPaid, MatchOutcome expected)
    {
        var participant = Participant(AsepNik, "Asep Saepudin", "1985-07-21", status: status, lastPaid: lastPaid, segment: Segment.Pu);

        var result = Match(Worker(AsepNik, "Asep Saepudin", "1985-07-21"), participant);

        Assert.Equal((expected, Segment.Pu), (result.Outcome, result.Segment));
    }

    [Fact]
    public void The_index_reports_a_participants_standing_for_review_decisions()
    {
        var index = Index(Participant(AsepNik, "Asep Saepudin", "1985-07-21", lastPaid: "2025-03", segment: Segment.Pmi));

        Assert.Equal((MatchOutcome.Grace, Segment.Pmi), index.StandingOf(AsepNik, Today));
        Assert.Null(index.StandingOf("3271012107850002", Today));
    }

    [Fact]
    public void The_index_keeps_a_deceased_participants_status_for_review_decisions_and_screens()
    {
        var index = Index(Participant(AsepNik, "Asep Saepudin", "1985-07-21", status: ParticipantStatus.Deceased, segment: Segment.Bpu));

        Assert.Equal((MatchOutcome.Deceased, Segment.Bpu), index.StandingOf(AsepNik, Today));
        Assert.Equal(ParticipantStatus.Deceased, index.Describe(AsepNik)!.Status);
    }
}
