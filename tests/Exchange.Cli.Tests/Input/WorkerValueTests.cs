using Exchange.Cli.Input;
using Jamsostek.Exchange.V1;

namespace Exchange.Cli.Tests.Input;

public sealed class WorkerValueTests
{
    [Theory]
    [InlineData("3271011705880001", "3271011705880001")]
    [InlineData("  3271011705880001 ", "3271011705880001")]
    [InlineData("3271 0117 0588 0001", "3271011705880001")]
    [InlineData("3271.0117.0588.0001", "3271011705880001")]
    [InlineData("3271-0117-0588-0001", "3271011705880001")]
    [InlineData("'3271011705880001", "3271011705880001")]
    [InlineData("", "")]
    // Plausibility is the gateway's: an unknown province or serial 0000 passes untouched.
    [InlineData("9971011705880000", "9971011705880000")]
    public void A_NIK_of_16_digits_passes_through(string nik, string sent)
    {
        var line = TestFiles.OneLine("nama", "Asep", nik);

        Assert.Empty(line.Problems);
        Assert.Equal(sent, line.Record!.Nik);
    }

    [Theory]
    [InlineData("3.27101E+15", ProblemCodes.NikSpreadsheetNumber)]
    [InlineData("3,27101E+15", ProblemCodes.NikSpreadsheetNumber)]
    [InlineData("3.27101e15", ProblemCodes.NikSpreadsheetNumber)]
    [InlineData("3271012107850000.0", ProblemCodes.NikSpreadsheetNumber)]
    [InlineData("3271012107850000,00", ProblemCodes.NikSpreadsheetNumber)]
    [InlineData("3.271.012.107.850.000", ProblemCodes.NikSpreadsheetNumber)]
    [InlineData("327101170588001", ProblemCodes.NikDigitsLost)]
    [InlineData("3271 0117 0588 001", ProblemCodes.NikDigitsLost)]
    [InlineData("32710117058800011", ProblemCodes.NikTooManyDigits)]
    [InlineData("32710117O5880001", ProblemCodes.NikNotDigits)]
    [InlineData("3271011705880001\u200B", ProblemCodes.NikNotDigits)]
    [InlineData("\u0663\u0662\u0667\u0661\u0660\u0661\u0661\u0667\u0660\u0665\u0668\u0668\u0660\u0660\u0660\u0661", ProblemCodes.NikNotDigits)]
    [InlineData("-3271011705880001", ProblemCodes.NikNotDigits)]
    [InlineData("3271/0117/0588/0001", ProblemCodes.NikNotDigits)]
    public void A_NIK_the_file_broke_is_not_sent_and_the_message_never_quotes_it(string nik, string code)
    {
        var problem = TestFiles.OneProblem(TestFiles.OneLine("nama", "Asep Saepudin", nik));

        Assert.Equal(("nik", code), (problem.Field, problem.Code));
        Assert.DoesNotContain("Asep", problem.Message, StringComparison.Ordinal);
        if (code != ProblemCodes.NikSpreadsheetNumber)
        {
            // The spreadsheet form is shown: it is what the officer sees, and no longer a NIK.
            Assert.DoesNotContain("3271", problem.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("1988-05-17", "1988-05-17")]
    [InlineData("1988-5-7", "1988-05-07")]
    [InlineData("17/05/1988", "1988-05-17")]
    [InlineData("7/5/1988", "1988-05-07")]
    [InlineData("17-05-1988", "1988-05-17")]
    [InlineData("29/02/2000", "2000-02-29")]
    [InlineData("", "")]
    public void Dates_are_read_day_first_and_sent_as_iso(string text, string sent)
    {
        var line = TestFiles.OneLine("tanggal_lahir", text);

        Assert.Empty(line.Problems);
        Assert.Equal(sent, line.Record!.BirthDate);
    }

    [Theory]
    [InlineData("31/02/1990", "is no day on the calendar")]
    [InlineData("29/02/1900", "is no day on the calendar")]
    [InlineData("05/17/1988", "is no day on the calendar")]
    [InlineData("1988-13-01", "is no day on the calendar")]
    [InlineData("17/05/88", "is not a date the CLI reads")]
    [InlineData("17.05.1988", "is not a date the CLI reads")]
    [InlineData("17 Mei 1988", "is not a date the CLI reads")]
    [InlineData("17/05-1988", "is not a date the CLI reads")]
    [InlineData("\u0661\u0667/05/1988", "is not a date the CLI reads")]
    public void A_date_in_no_known_form_or_no_calendar_day_is_unreadable(string text, string says)
    {
        var problem = TestFiles.OneProblem(TestFiles.OneLine("tgl_lahir", text));

        Assert.Equal(("birth_date", ProblemCodes.DateUnreadable), (problem.Field, problem.Code));
        Assert.Contains(says, problem.Message, StringComparison.Ordinal);
        Assert.Contains("DD/MM/YYYY", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("L", Sex.Male)]
    [InlineData("laki-laki", Sex.Male)]
    [InlineData("Laki Laki", Sex.Male)]
    [InlineData("PRIA", Sex.Male)]
    [InlineData("M", Sex.Male)]
    [InlineData("Male", Sex.Male)]
    [InlineData("SEX_MALE", Sex.Male)]
    [InlineData("P", Sex.Female)]
    [InlineData("Perempuan", Sex.Female)]
    [InlineData("wanita", Sex.Female)]
    [InlineData("F", Sex.Female)]
    [InlineData("female", Sex.Female)]
    [InlineData("SEX_FEMALE", Sex.Female)]
    [InlineData("", Sex.Unspecified)]
    public void Sex_is_read_in_Indonesian_or_English(string text, Sex sex)
    {
        Assert.Equal(sex, TestFiles.OneLine("jk", text).Record!.Sex);
    }

    [Theory]
    [InlineData("PEDAGANG_KAKI_LIMA", Occupation.PedagangKakiLima)]
    [InlineData("OCCUPATION_PEDAGANG_KAKI_LIMA", Occupation.PedagangKakiLima)]
    [InlineData("PedagangKakiLima", Occupation.PedagangKakiLima)]
    [InlineData("Pedagang Kaki Lima", Occupation.PedagangKakiLima)]
    [InlineData("pkl", Occupation.PedagangKakiLima)]
    [InlineData("Ojek Online", Occupation.OjekOnline)]
    [InlineData("OJOL", Occupation.OjekOnline)]
    [InlineData("Ketua RT/RW", Occupation.KetuaRtRw)]
    [InlineData("Tenaga Non ASN", Occupation.TenagaNonAsn)]
    [InlineData("Tenaga Non-ASN", Occupation.TenagaNonAsn)]
    [InlineData("Pekerja Rumah Tangga", Occupation.PekerjaRumahTangga)]
    [InlineData("Lainnya", Occupation.Other)]
    [InlineData("", Occupation.Unspecified)]
    public void Occupation_is_read_as_code_label_or_short_form(string text, Occupation occupation)
    {
        Assert.Equal(occupation, TestFiles.OneLine("pekerjaan", text).Record!.Occupation);
    }

    [Fact]
    public void Every_occupation_has_an_Indonesian_label()
    {
        Assert.Equal(Enum.GetValues<Occupation>().Where(o => o != Occupation.Unspecified).Order(),
            Vocabularies.OccupationLabels.Select(l => l.Occupation).Order());
    }

    [Fact]
    public void An_unknown_occupation_names_valid_ones()
    {
        var problem = TestFiles.OneProblem(TestFiles.OneLine("pekerjaan", "Guru Honorer"));

        Assert.Equal(new LineProblem("occupation", ProblemCodes.OccupationUnknown,
            "occupation \"Guru Honorer\" is not on the gateway's list: write one such as Pedagang Kaki Lima, Ojek Online, Buruh Harian Lepas or Lainnya (the README lists them all)"),
            problem);
    }

    [Theory]
    [InlineData("SELF", FundingSource.Self)]
    [InlineData("FUNDING_SOURCE_SELF", FundingSource.Self)]
    [InlineData("Mandiri", FundingSource.Self)]
    [InlineData("apbd", FundingSource.Apbd)]
    [InlineData("Apbn", FundingSource.Apbn)]
    [InlineData("Sponsor", FundingSource.Sponsor)]
    [InlineData("CSR", FundingSource.Sponsor)]
    [InlineData("", FundingSource.Unspecified)]
    public void Funding_source_is_read_as_code_or_Indonesian(string text, FundingSource source)
    {
        Assert.Equal(source, TestFiles.OneLine("sumber_dana", text).Record!.FundingSource);
    }

    [Theory]
    [InlineData("jk", "X", "sex", ProblemCodes.SexUnknown, "write L or P")]
    [InlineData("sumber_dana", "Pemda", "funding_source", ProblemCodes.FundingSourceUnknown, "write Mandiri, APBD, APBN or Sponsor (CSR)")]
    [InlineData("penghasilan", "1.5 juta", "monthly_income_rupiah", ProblemCodes.NumberUnreadable, "write it in digits, as 1500000 or 1.500.000")]
    [InlineData("penghasilan", "1.500.000,50", "monthly_income_rupiah", ProblemCodes.NumberUnreadable, "whole number of rupiah")]
    [InlineData("penghasilan", "1.5E+06", "monthly_income_rupiah", ProblemCodes.NumberUnreadable, "whole number of rupiah")]
    [InlineData("penghasilan", "99999999999999999999", "monthly_income_rupiah", ProblemCodes.NumberUnreadable, "whole number of rupiah")]
    [InlineData("desil", "tiga", "welfare_decile", ProblemCodes.NumberUnreadable, "write it in digits, as 3")]
    [InlineData("kode_pekerjaan_ktp", "8.5", "ktp_occupation_code", ProblemCodes.NumberUnreadable, "write it in digits, as 3")]
    public void An_unreadable_value_names_its_field_and_the_fix(string column, string value, string field, string code, string fix)
    {
        var problem = TestFiles.OneProblem(TestFiles.OneLine(column, value));

        Assert.Equal((field, code), (problem.Field, problem.Code));
        Assert.Contains($"\"{value}\"", problem.Message, StringComparison.Ordinal);
        Assert.Contains(fix, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1500000", 1_500_000)]
    [InlineData("Rp 1.500.000", 1_500_000)]
    [InlineData("Rp1.500.000,-", 1_500_000)]
    [InlineData("Rp. 1.500.000,00", 1_500_000)]
    [InlineData("1,500,000", 1_500_000)]
    [InlineData("1,500,000.00", 1_500_000)]
    [InlineData("1500000.0", 1_500_000)]
    [InlineData("750.000", 750_000)]
    [InlineData("0", 0)]
    // The gateway says INCOME_NEGATIVE.
    [InlineData("-500000", -500_000)]
    public void Income_is_read_in_rupiah_as_forms_write_it(string text, long rupiah)
    {
        Assert.Equal(rupiah, TestFiles.OneLine("penghasilan", text).Record!.MonthlyIncomeRupiah);
    }

    [Fact]
    public void Empty_numbers_are_left_out_of_the_record()
    {
        var record = TestFiles.OneLine("penghasilan;desil;kode_pekerjaan_ktp", ";;").Record!;

        Assert.False(record.HasMonthlyIncomeRupiah || record.HasWelfareDecile || record.HasKtpOccupationCode);
    }

    [Theory]
    [InlineData("32.71.05.1006", "32.71.05.1006")]
    [InlineData("3271051006", "3271051006")]
    [InlineData("Tegallega", "32.71.03.1007")]
    [InlineData("RANGGA MEKAR", "32.71.01.1006")]
    [InlineData("Ranggamekar", "32.71.01.1006")]
    // Not a Kota Bogor name: the gateway says KELURAHAN_UNKNOWN.
    [InlineData("Cikini", "Cikini")]
    [InlineData("32.01.05.2001", "32.01.05.2001")]
    public void A_kelurahan_code_passes_through_and_a_Kota_Bogor_name_becomes_its_code(string text, string sent)
    {
        Assert.Equal(sent, TestFiles.OneLine("kelurahan", text).Record!.KelurahanCode);
    }

    [Fact]
    public void Values_are_trimmed_and_several_problems_of_one_line_are_all_reported()
    {
        var line = TestFiles.OneLine("nama;tanggal_lahir;jk;pekerjaan", "  Asep \t;31/02/1990;Z;Guru", nik: "3.27101E+15");

        Assert.Null(line.Record);
        Assert.Equal(["nik", "birth_date", "sex", "occupation"], line.Problems.Select(p => p.Field));
    }

    [Fact]
    public void A_quoted_value_is_shown_short_and_without_control_characters()
    {
        var problem = TestFiles.OneProblem(TestFiles.OneLine("jk", "\u001B[2J\u202E" + new string('x', 100)));

        Assert.Contains("\"?[2J?" + new string('x', 35) + "…\"", problem.Message, StringComparison.Ordinal);
    }
}
