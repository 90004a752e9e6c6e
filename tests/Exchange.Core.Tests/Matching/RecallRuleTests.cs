using Exchange.Core.Matching;
using Jamsostek.Exchange.V1;
using static Exchange.Core.Tests.Matching.Registry;

namespace Exchange.Core.Tests.Matching;

/// <summary>
/// A registered member whose NIK is one edit away and whose name and birth date agree is never
/// NOT_REGISTERED, wherever the edit is; precision stays: twins and mistyped NIKs on other people are
/// not merged automatically.
/// </summary>
public class RecallRuleTests
{
    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    public void A_member_one_nik_edit_away_with_agreeing_name_and_birth_date_is_never_not_registered(int seed)
    {
        var participants = SyntheticRegistry.Generate(20_000, seed);
        var index = RegistryIndex.Build(participants);
        var registered = participants.Select(p => p.Nik).ToHashSet(StringComparer.Ordinal);
        var random = new Random(seed);
        var tried = 0;
        foreach (var participant in participants.Take(3_000))
        {
            if (OneEdit(participant.Nik, random) is not { } typed || registered.Contains(typed))
            {
                continue;
            }
            tried++;
            // Another kelurahan on file: the case the independent set found.
            var worker = new MatchSubject(typed, participant.FullName, participant.BirthDate, participant.Sex, "32.71.05.1001");

            var result = Matcher.Match(worker, index, Today);

            Assert.True(result.Outcome != MatchOutcome.NotRegistered,
                $"seed {seed}: {participant.FullName} {participant.BirthDate} NIK {typed} against {participant.Nik} came back NOT_REGISTERED");
        }
        Assert.True(tried > 2_000, $"seed {seed}: only {tried} cases");
    }

    [Fact]
    public void Twins_a_serial_apart_are_never_merged_automatically()
    {
        // Same birth date, family name and kelurahan; only Dede is registered.
        var dede = Participant("3271012107850001", "Dede Kurniawan", "1985-07-21");

        var dodi = Match(Worker("3271012107850002", "Dodi Kurniawan", "1985-07-21"), dede);
        var dodiOnDedesNik = Match(Worker("3271012107850001", "Dodi Kurniawan", "1985-07-21"), dede);

        Assert.NotEqual(MatchOutcome.Active, dodi.Outcome);
        Assert.Equal(MatchOutcome.PossibleMatch, dodiOnDedesNik.Outcome);
    }

    [Fact]
    public void Two_registered_twins_one_edit_away_from_the_worker_both_fit_and_go_to_review()
    {
        var first = Participant("3271012107850001", "Asep Saepudin Wiranatakusumah", "1985-07-21");
        var second = Participant("3271012107850003", "Asep Saepudin Wiranatakusumah", "1985-07-21");

        var result = Match(Worker("3271012107850002", "Asep Saepudin Wiranatakusumah", "1985-07-21"), first, second);

        Assert.Equal(MatchOutcome.PossibleMatch, result.Outcome);
        Assert.Equal(2, result.Explanation.OneEditCandidates);
        Assert.True(result.Explanation.BlockedByRivals);
    }

    [Fact]
    public void A_nik_with_day_and_month_swapped_finds_the_member_through_the_birth_date()
    {
        // Born 10 June 1982; the agency typed 06 10 for 10 06 in the NIK. Four digits differ.
        var acep = Participant("3271021006820002", "Acep Hidayat", "1982-06-10", kelurahan: null);

        var result = Match(Worker("3271020610820002", "Acep Hidayat", "1982-06-10"), acep);

        Assert.Equal(acep.Nik, result.ParticipantNik);
        Assert.NotEqual(MatchOutcome.NotRegistered, result.Outcome);
        Assert.Equal(NikLevel.OtherDateDigits, result.Explanation.Vector.Nik);
        Assert.Equal(0, result.Explanation.Weights.BirthDate);
    }

    [Fact]
    public void A_record_whose_date_was_read_the_wrong_way_round_finds_the_member()
    {
        // Odah was born 10 January 1980; her record says 1 October, in the NIK and the birth date alike.
        var odah = Participant("3201075001800001", "Odah", "1980-01-10", Sex.Female);

        var result = Match(Worker("3201074110800001", "Odah", "1980-10-01", Sex.Female), odah);

        Assert.Equal((MatchOutcome.PossibleMatch, odah.Nik), (result.Outcome, result.ParticipantNik));
        Assert.Equal(NikLevel.DayMonthSwapped, result.Explanation.Vector.Nik);
    }

    [Fact]
    public void A_papuan_record_whose_date_was_read_the_wrong_way_round_finds_the_member()
    {
        // A NIK from province 91 (Papua) packs to a negative number: "no NIK" must not be a sign test.
        var yakobus = Participant("9171011001800001", "Yakobus Wenda", "1980-01-10");

        var result = Match(Worker("9171010110800001", "Yakobus Wenda", "1980-10-01"), yakobus);

        Assert.Equal(yakobus.Nik, result.ParticipantNik);
        Assert.NotEqual(MatchOutcome.NotRegistered, result.Outcome);
        Assert.Equal(NikLevel.DayMonthSwapped, result.Explanation.Vector.Nik);
    }

    [Fact]
    public void A_moluccan_nik_with_its_date_digits_mistyped_finds_the_member_through_the_stated_birth_date()
    {
        // Province 81 (Maluku); day and month typed the wrong way round in the NIK only, the birth date right.
        var maria = Participant("8171021006820002", "Maria Pattinama", "1982-06-10", kelurahan: null);

        var result = Match(Worker("8171020610820002", "Maria Pattinama", "1982-06-10"), maria);

        Assert.Equal(maria.Nik, result.ParticipantNik);
        Assert.Equal(NikLevel.OtherDateDigits, result.Explanation.Vector.Nik);
    }

    [Fact]
    public void A_member_whose_record_carries_another_number_from_their_papers_is_reviewed()
    {
        // Nining's record carries her family card's number (issued 12 March 2015), not her NIK; BPJS
        // has no kelurahan for her. A NIK that does carry her stated birth date is someone else's.
        var participants = SyntheticRegistry.Generate(20_000, seed: 7);
        var nining = Participant("3271016705880003", "Nining Suryani", "1988-05-27", Sex.Female, kelurahan: null);
        var index = RegistryIndex.Build([.. participants, nining]);

        var familyCard = Matcher.Match(Worker("3271011203150281", "Nining Suryani", "1988-05-27", Sex.Female), index, Today);
        var namesake = Matcher.Match(Worker("3271046705880019", "Nining Suryani", "1988-05-27", Sex.Female), index, Today);

        Assert.Equal((MatchOutcome.PossibleMatch, nining.Nik), (familyCard.Outcome, familyCard.ParticipantNik));
        Assert.Equal(NikLevel.OtherNumber, familyCard.Explanation.Vector.Nik);
        Assert.Equal(MatchOutcome.NotRegistered, namesake.Outcome);
    }

    [Fact]
    public void A_twin_whose_name_is_a_letter_off_is_never_merged_automatically()
    {
        // Yanti submitted with her own NIK; only her twin Yani, a serial below, is registered. The
        // name is rare and the kelurahan agrees: a serial typo with an exact name would be automatic.
        var yani = Participant("3271015101900001", "Yani Khairunnisa Wiranatakusumah", "1990-01-11", Sex.Female);

        var yanti = Match(Worker("3271015101900002", "Yanti Khairunnisa Wiranatakusumah", "1990-01-11", Sex.Female), yani);
        var typo = Match(Worker("3271015101900002", "Yani Khairunnisa Wiranatakusumah", "1990-01-11", Sex.Female), yani);

        Assert.Equal(MatchOutcome.PossibleMatch, yanti.Outcome);
        Assert.Equal(MatchOutcome.Active, typo.Outcome);
    }

    [Theory]
    [InlineData("Abdi", "ANDI")]   // a letter of a short name mistyped
    [InlineData("Sifi", "SITI")]
    [InlineData("Xiti", "SITI")]   // even the first letter, when the registry does not know the word
    [InlineData("Ujhri", "JUHRI")] // first letters swapped: neither the block nor the tail bit agrees
    public void A_mistyped_short_name_one_nik_digit_off_is_still_a_member(string typed, string registered)
    {
        var participants = SyntheticRegistry.Generate(20_000, seed: 5);
        var member = Participant("1271052506840001", registered, "1984-06-25", kelurahan: null);
        var index = RegistryIndex.Build([.. participants, member]);

        var result = Matcher.Match(Worker("1271052506840002", typed, "1984-06-25", kelurahan: null), index, Today);

        Assert.Equal((MatchOutcome.PossibleMatch, member.Nik), (result.Outcome, result.ParticipantNik));
    }

    [Fact]
    public void Two_known_names_a_letter_apart_are_two_names()
    {
        // In a registry large enough to know its names, Dede and Dedi are both names, not typos of each other.
        var participants = SyntheticRegistry.Generate(20_000, seed: 6);
        var dede = Participant("1271052506840001", "Dede", "1984-06-25", kelurahan: null);
        var index = RegistryIndex.Build([.. participants, dede]);

        var result = Matcher.Match(Worker("1271052506840002", "Dedi", "1984-06-25", kelurahan: null), index, Today);

        Assert.Equal(MatchOutcome.NotRegistered, result.Outcome);
    }

    // One random substitution or adjacent swap anywhere in the 16 digits that still looks like a NIK.
    private static string? OneEdit(string nik, Random random)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var digits = nik.ToCharArray();
            var at = random.Next(16);
            if (random.Next(3) == 0 && at < 15)
            {
                (digits[at], digits[at + 1]) = (digits[at + 1], digits[at]);
            }
            else
            {
                digits[at] = (char)('0' + (digits[at] - '0' + random.Next(1, 10)) % 10);
            }
            var typed = new string(digits);
            if (typed != nik && Exchange.Core.Identity.Nik.Inspect(typed, out _) == Exchange.Core.Identity.NikProblem.None)
            {
                return typed;
            }
        }
        return null;
    }
}
