using Exchange.Core.Names;
using Exchange.Core.Validation;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Tests.Validation;

/// <summary>
/// Control and display characters in free text (issue 12): refused in every free-text field, names keep to the
/// characters names have, and zero-width marks are let through and left out when names are compared.
/// </summary>
public sealed class TextCharacterTests
{
    private static readonly WorkerRecordValidator Validator = new(new ValidationRules(), BogorClock.StartAt(BogorClock.JustAfterMidnight));

    private static readonly ParticipantValidator Participants = new();

    private static IReadOnlyList<Finding> Errors(Action<WorkerRecord> change)
    {
        var record = WorkerRecords.Complete();
        change(record);
        return [.. Findings.From(Validator.Validate(record)).Where(f => f.Severity == FindingSeverity.Error)];
    }

    [Theory]
    [InlineData("DADANG\nSURYANA", "U+000A", "7")]
    [InlineData("DADANG\0", "U+0000", "7")]
    [InlineData("DADANG\tSURYANA", "U+0009", "7")]
    [InlineData("\u202EANAYRUS GNADAD", "U+202E", "1")]
    [InlineData("DADANG\u2066SURYANA\u2069", "U+2066", "7")]
    [InlineData("DADANG\u200FSURYANA", "U+200F", "7")]
    [InlineData("DADANG\u2028SURYANA", "U+2028", "7")]
    [InlineData("DADANG\u0085", "U+0085", "7")]
    public void A_control_or_bidi_character_in_a_name_is_refused_with_the_character_and_where_it_is(string name, string shown, string position)
    {
        var finding = Assert.Single(Errors(r => r.FullName = name));

        Assert.Equal(("full_name", ViolationCodes.TextControlCharacter), (finding.Field, finding.Code));
        Assert.Equal([shown, position], finding.Arguments);
        Assert.Contains(shown, Messages.Describe(finding.Code, finding.Arguments, Language.English), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("address", "Jl. Batu Tulis No. 12\r\nRT 03/RW 05")]
    [InlineData("address", "Jl. Batu Tulis \u202E21 .oN")]
    [InlineData("phone", "081234567890\n")]
    [InlineData("phone", "\t081234567890")]
    [InlineData("kelurahan_code", "32.71.01.1001\t")]
    public void Every_free_text_field_refuses_control_characters(string field, string value)
    {
        var findings = Errors(r =>
        {
            switch (field)
            {
                case "address":
                    r.Address = value;
                    break;
                case "phone":
                    r.Phone = value;
                    break;
                default:
                    r.KelurahanCode = value;
                    break;
            }
        });

        var finding = Assert.Single(findings);
        Assert.Equal((field, ViolationCodes.TextControlCharacter), (finding.Field, finding.Code));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"DADANG\")", "=")]
    [InlineData("+DADANG", "+")]
    [InlineData("@DADANG", "@")]
    [InlineData("-DADANG", "-")]
    [InlineData(" -DADANG", "-")]
    [InlineData("DADANG (SURYANA)", "(")]
    [InlineData("DADANG \"SURYANA\"", "\"")]
    [InlineData("DADANG;SURYANA", ";")]
    [InlineData("DADANG\u00ADSURYANA", "U+00AD")]
    [InlineData("DADANG \U0001F600", "U+D83D")]
    public void A_name_with_a_character_names_do_not_have_is_refused_so_no_export_can_run_it_as_a_formula(string name, string shown)
    {
        var finding = Assert.Single(Errors(r => r.FullName = name));

        Assert.Equal(("full_name", ViolationCodes.NameCharacterNotAllowed), (finding.Field, finding.Code));
        Assert.Equal([shown], finding.Arguments);
    }

    [Theory]
    [InlineData("H. Ma'ruf Amin")]
    [InlineData("Ma’ruf bin Abdullah")]
    [InlineData("Drs. H. Ahmad, M.M.")]
    [InlineData("Siti Nur-Aini")]
    [InlineData("RR. Ayu Kusuma-Wardhani, S.Pd.")]
    [InlineData("Dadang\u00A0Suryana")]
    [InlineData("Dadang Suryana\u200B")]
    [InlineData("\uFEFFDadang Sur\u200Dyana")]
    [InlineData("José Ñoño Çelik")]
    [InlineData("Ахмад")]
    [InlineData("محمد")]
    [InlineData("Dedé")]
    public void Names_as_people_write_them_stay_accepted(string name)
    {
        Assert.Empty(Errors(r => r.FullName = name));
    }

    [Fact]
    public void Zero_width_marks_are_left_out_when_names_are_compared()
    {
        Assert.Equal(["DADANG", "SURYANA"], PersonName.ComparisonWords("\uFEFFDA\u200BDANG SUR\u200C\u200D\u2060YANA"));
        Assert.Equal(NameAgreement.Exact, PersonName.Compare("DA\u200BDANG SURYANA", "DADANG SURYANA").Agreement);
    }

    [Theory]
    [InlineData("full_name", "DADANG\nSURYANA")]
    [InlineData("full_name", "\u202EANAYRUS GNADAD")]
    [InlineData("kelurahan_code", "32.71.01.1001\n")]
    public void A_registry_participant_with_control_characters_is_refused_too(string field, string value)
    {
        var participant = new Participant
        {
            Nik = "3271012107850001",
            FullName = "DADANG SURYANA",
            BirthDate = "1985-07-21",
            Sex = Sex.Male,
            Segment = Segment.Pu,
            Status = ParticipantStatus.Active,
            KelurahanCode = "32.71.01.1001",
        };
        if (field == "full_name")
        {
            participant.FullName = value;
        }
        else
        {
            participant.KelurahanCode = value;
        }

        var finding = Assert.Single(Findings.From(Participants.Validate(participant)));
        Assert.Equal((field, ViolationCodes.TextControlCharacter), (finding.Field, finding.Code));
    }
}
