using Exchange.Core.Validation;
using FluentValidation;
using FluentValidation.Results;
using FluentValidation.TestHelper;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Tests.Validation;

public sealed class WorkerRecordValidatorTests
{
    private static readonly WorkerRecordValidator Validator = new(new ValidationRules(), BogorClock.StartAt(BogorClock.JustAfterMidnight));

    // --- Whole records ---

    [Fact]
    public void Complete_record_has_no_findings_at_all()
    {
        var result = Validator.TestValidate(WorkerRecords.Complete());

        result.ShouldNotHaveAnyValidationErrors();
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Minimal_record_without_optional_fields_has_no_findings()
    {
        var record = WorkerRecords.Minimal();
        Assert.False(record.HasKtpOccupationCode || record.HasMonthlyIncomeRupiah || record.HasWelfareDecile);

        var result = Validator.TestValidate(record);

        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Each_field_gets_at_most_one_error()
    {
        var record = new WorkerRecord
        {
            Nik = "20710121078500", // too short and an unknown province
            FullName = new string('A', 150) + " 2" + new string('B', 60), // too long and has a digit
            BirthDate = "2030-02-30", // impossible and in the future
            Sex = (Sex)9,
            KelurahanCode = "3201012001",
            Address = new string('x', 501),
            Phone = "12345",
            Occupation = (Occupation)99,
            KtpOccupationCode = 0,
            MonthlyIncomeRupiah = -5,
            WelfareDecile = 0,
            FundingSource = (FundingSource)9,
        };

        var result = Validator.TestValidate(record);

        var codesByField = result.Errors.ToDictionary(f => f.PropertyName, f => f.ErrorCode);
        Assert.Equal(result.Errors.Count, codesByField.Count);
        Assert.Equal(new Dictionary<string, string>
        {
            ["nik"] = ViolationCodes.NikMalformed,
            ["full_name"] = ViolationCodes.NameTooLong,
            ["birth_date"] = ViolationCodes.BirthDateImpossible,
            ["sex"] = ViolationCodes.SexUnknown,
            ["kelurahan_code"] = ViolationCodes.KelurahanUnknown,
            ["address"] = ViolationCodes.AddressTooLong,
            ["phone"] = ViolationCodes.PhoneInvalid,
            ["occupation"] = ViolationCodes.OccupationUnknown,
            ["ktp_occupation_code"] = ViolationCodes.KtpOccupationCodeOutOfRange,
            ["monthly_income_rupiah"] = ViolationCodes.IncomeNegative,
            ["welfare_decile"] = ViolationCodes.WelfareDecileOutOfRange,
            ["funding_source"] = ViolationCodes.FundingSourceUnknown,
        }, codesByField);
        Assert.All(result.Errors, f => Assert.Equal(Severity.Error, f.Severity));
    }

    // --- NIK: rejections ---

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_nik_is_rejected(string nik)
    {
        AssertOnly(With(r => r.Nik = nik), "nik", ViolationCodes.NikRequired);
    }

    [Theory]
    [InlineData("3.27101E+15")]
    [InlineData("3,27101E+15")]
    [InlineData("3.27101e+15")]
    [InlineData("3.27101E15")]
    public void Nik_in_scientific_notation_is_rejected_with_its_own_code(string nik)
    {
        AssertOnly(With(r => r.Nik = nik), "nik", ViolationCodes.NikScientificNotation);
    }

    [Theory]
    [InlineData("327101210785001")] // 15 digits
    [InlineData("32710121078500011")] // 17 digits
    [InlineData("3271-0121-0785-0001")]
    [InlineData("327101210785000O")] // letter O for zero
    [InlineData(" 3271012107850001")]
    [InlineData("３２７１０１２１０７８５０００１")] // full-width digits
    public void Nik_that_is_not_16_digits_is_rejected(string nik)
    {
        AssertOnly(With(r => r.Nik = nik), "nik", ViolationCodes.NikMalformed);
    }

    [Fact]
    public void Malformed_nik_does_not_also_report_its_province()
    {
        AssertOnly(With(r => r.Nik = "20710121078500"), "nik", ViolationCodes.NikMalformed);
    }

    [Theory]
    [InlineData("2071012107850001", "20")]
    [InlineData("0071012107850001", "00")]
    [InlineData("9971012107850001", "99")]
    public void Nik_with_unknown_province_is_rejected_naming_the_province(string nik, string province)
    {
        var failure = AssertOnly(With(r => r.Nik = nik), "nik", ViolationCodes.NikUnknownProvince);

        Assert.Equal(new[] { province }, failure.CustomState);
    }

    [Theory]
    [InlineData("3271010007850001")] // day 00
    [InlineData("3271013207850001")] // day 32
    [InlineData("3271014007850001")] // day 40: neither a man's nor a woman's
    [InlineData("3271017207850001")] // day 72 (a woman's 32nd)
    [InlineData("3271012100850001")] // month 00
    [InlineData("3271012113850001")] // month 13
    [InlineData("3271013102850001")] // 31 February
    [InlineData("3271013104850001")] // 31 April
    [InlineData("3271012902010001")] // 29 February 1901 or 2001: no leap year either way
    [InlineData("3271016902010001")] // the same for a woman
    public void Nik_with_impossible_birth_date_digits_is_rejected(string nik)
    {
        AssertOnly(With(r => r.Nik = nik), "nik", ViolationCodes.NikImpossibleBirthDate);
    }

    [Fact]
    public void Nik_with_29_February_digits_of_a_leap_year_is_accepted()
    {
        var record = With(r =>
        {
            r.Nik = "3271012902000001";
            r.BirthDate = "2000-02-29";
        });

        Assert.Empty(Validator.TestValidate(record).Errors);
    }

    [Fact]
    public void Nik_with_serial_0000_is_rejected()
    {
        AssertOnly(With(r => r.Nik = "3271012107850000"), "nik", ViolationCodes.NikSerialZero);
    }

    // --- NIK: warnings ---

    [Fact]
    public void Female_nik_with_agreeing_birth_date_gives_no_warning()
    {
        var record = With(r =>
        {
            r.Nik = "3271016107850002"; // day 21 + 40
            r.BirthDate = "1985-07-21";
            r.Sex = Sex.Female;
        });

        Assert.Empty(Validator.TestValidate(record).Errors);
    }

    [Fact]
    public void Female_nik_with_disagreeing_birth_date_warns_and_stays_valid()
    {
        var record = With(r =>
        {
            r.Nik = "3271016107850002";
            r.BirthDate = "1985-07-22";
            r.Sex = Sex.Female;
        });

        var failure = AssertOnly(record, "nik", ViolationCodes.NikBirthDateMismatch, Severity.Warning);

        Assert.Null(failure.CustomState);
    }

    [Theory]
    [InlineData("1986-07-21")] // year
    [InlineData("1985-08-21")] // month
    public void Nik_date_digits_disagreeing_with_birth_date_warn(string birthDate)
    {
        AssertOnly(With(r => r.BirthDate = birthDate), "nik", ViolationCodes.NikBirthDateMismatch, Severity.Warning);
    }

    [Fact]
    public void No_birth_date_warning_when_the_birth_date_is_itself_wrong()
    {
        AssertOnly(With(r => r.BirthDate = "1985-13-21"), "birth_date", ViolationCodes.BirthDateImpossible);
    }

    [Fact]
    public void No_birth_date_warning_when_the_nik_is_itself_wrong()
    {
        var record = With(r =>
        {
            r.Nik = "3271012107850000";
            r.BirthDate = "1990-01-01";
        });

        AssertOnly(record, "nik", ViolationCodes.NikSerialZero);
    }

    [Fact]
    public void Male_nik_with_sex_female_warns()
    {
        AssertOnly(With(r => r.Sex = Sex.Female), "nik", ViolationCodes.NikSexMismatch, Severity.Warning);
    }

    [Fact]
    public void Female_nik_with_sex_male_warns()
    {
        AssertOnly(With(r => r.Nik = "3271016107850002"), "nik", ViolationCodes.NikSexMismatch, Severity.Warning);
    }

    [Fact]
    public void Female_nik_without_a_stated_sex_gives_no_warning()
    {
        var record = With(r =>
        {
            r.Nik = "3271016107850002";
            r.Sex = Sex.Unspecified;
        });

        Assert.Empty(Validator.TestValidate(record).Errors);
    }

    [Fact]
    public void Undefined_sex_is_rejected_without_a_nik_sex_warning()
    {
        var failure = AssertOnly(With(r => r.Sex = (Sex)7), "sex", ViolationCodes.SexUnknown);

        Assert.Equal(new[] { "7" }, failure.CustomState);
    }

    [Theory]
    [InlineData("3201012107850001", "3201")] // Kabupaten Bogor
    [InlineData("3171012107850001", "3171")] // Jakarta Selatan
    public void Nik_registered_outside_the_city_warns_and_is_accepted(string nik, string region)
    {
        var failure = AssertOnly(With(r => r.Nik = nik), "nik", ViolationCodes.NikRegionOutsideCity, Severity.Warning);

        Assert.Equal(new[] { region, "Kota Bogor" }, failure.CustomState);
    }

    // --- Name ---

    [Theory]
    [InlineData("")]
    [InlineData("  \t ")]
    public void Missing_name_is_rejected(string name)
    {
        AssertOnly(With(r => r.FullName = name), "full_name", ViolationCodes.NameRequired);
    }

    [Theory]
    [InlineData("Asep Saepud1n")]
    [InlineData("B4MBANG")]
    [InlineData("Siti 2")]
    [InlineData("Dede ٣")] // Arabic-Indic digit
    public void Name_with_digits_is_rejected(string name)
    {
        AssertOnly(With(r => r.FullName = name), "full_name", ViolationCodes.NameHasDigits);
    }

    [Theory]
    [InlineData("Ma'ruf Amin")]
    [InlineData("Hj. Siti Nurhaliza, S.Pd.")]
    [InlineData("Drs. H. Moch. Achmad Djoko-Tjahjono, M.M.")]
    [InlineData("R. A. Kartini")]
    [InlineData("Suparman")]
    public void Name_with_titles_apostrophes_dots_commas_and_hyphens_is_accepted(string name)
    {
        Assert.Empty(Validator.TestValidate(With(r => r.FullName = name)).Errors);
    }

    [Fact]
    public void Name_over_the_hard_limit_is_rejected_without_the_60_character_warning()
    {
        var name = new string('a', 201);

        var failure = AssertOnly(With(r => r.FullName = name), "full_name", ViolationCodes.NameTooLong);

        Assert.Equal(new[] { "201", "200" }, failure.CustomState);
    }

    [Fact]
    public void Name_at_the_hard_limit_is_accepted_with_only_the_60_character_warning()
    {
        var name = new string('a', 200);

        var failure = AssertOnly(With(r => r.FullName = name), "full_name", ViolationCodes.NameLongerThan60, Severity.Warning);

        Assert.Equal(new[] { "200", "60" }, failure.CustomState);
    }

    [Fact]
    public void Name_longer_than_60_without_titles_warns()
    {
        var name = "Siti Nurhaliza Kusumawardhani Purnamasari Anggraeni Wulandari";
        Assert.Equal(61, name.Length);

        var failure = AssertOnly(With(r => r.FullName = name), "full_name", ViolationCodes.NameLongerThan60, Severity.Warning);

        Assert.Equal(new[] { "61", "60" }, failure.CustomState);
    }

    [Fact]
    public void Name_of_60_characters_without_titles_does_not_warn()
    {
        var name = "Prof. Dr. Ir. H. " + new string('a', 27) + " " + new string('b', 32) + ", S.Pd., M.M.";

        Assert.Empty(Validator.TestValidate(With(r => r.FullName = name)).Errors);
    }

    [Fact]
    public void Name_limit_without_titles_is_configurable()
    {
        var validator = new WorkerRecordValidator(new ValidationRules { MaximumNameLengthWithoutTitles = 10 }, BogorClock.StartAt(BogorClock.JustAfterMidnight));

        var result = validator.TestValidate(With(r => r.FullName = "H. Asep Saepudin, S.Pd."));

        result.ShouldHaveValidationErrorFor("full_name")
            .WithErrorCode(ViolationCodes.NameLongerThan60)
            .WithSeverity(Severity.Warning)
            .WithCustomState(new[] { "13", "10" }, StringArrays.Equal);
        Assert.Single(result.Errors);
    }

    // --- Birth date and age ---

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Missing_birth_date_is_rejected(string birthDate)
    {
        AssertOnly(With(r => r.BirthDate = birthDate), "birth_date", ViolationCodes.BirthDateRequired);
    }

    [Theory]
    [InlineData("21-07-1985")]
    [InlineData("1985/07/21")]
    [InlineData("1985-7-21")]
    [InlineData("19850721")]
    [InlineData("1985-07-21T00:00:00")]
    [InlineData("1985-07-21\n")]
    [InlineData("21 Juli 1985")]
    public void Birth_date_not_written_as_yyyy_mm_dd_is_rejected(string birthDate)
    {
        AssertOnly(With(r => r.BirthDate = birthDate), "birth_date", ViolationCodes.BirthDateMalformed);
    }

    [Theory]
    [InlineData("2001-02-30")]
    [InlineData("2001-02-29")]
    [InlineData("1985-13-01")]
    [InlineData("1985-00-10")]
    [InlineData("1985-04-31")]
    [InlineData("0000-01-01")]
    public void Impossible_birth_date_is_rejected(string birthDate)
    {
        AssertOnly(With(r => r.BirthDate = birthDate), "birth_date", ViolationCodes.BirthDateImpossible);
    }

    [Fact]
    public void Birth_date_after_today_in_bogor_is_in_the_future()
    {
        AssertOnly(WorkerRecords.BornOn("2025-06-16"), "birth_date", ViolationCodes.BirthDateInFuture);
    }

    [Fact]
    public void Birth_date_of_today_is_an_age_of_zero()
    {
        var failure = AssertOnly(WorkerRecords.BornOn("2025-06-15"), "birth_date", ViolationCodes.AgeOutsideWorkingAge);

        Assert.Equal(new[] { "0", "18", "65" }, failure.CustomState);
    }

    [Theory]
    [InlineData("2007-06-15")] // 18 today in Bogor, though still 14 June in UTC
    [InlineData("1960-06-15")] // 65 today
    [InlineData("1959-06-16")] // 65, turns 66 tomorrow
    [InlineData("2004-02-29")] // leap-day birthday
    public void Age_inside_the_working_age_window_is_accepted(string birthDate)
    {
        Assert.Empty(Validator.TestValidate(WorkerRecords.BornOn(birthDate)).Errors);
    }

    [Theory]
    [InlineData("2007-06-16", "17")] // turns 18 tomorrow
    [InlineData("1959-06-15", "66")] // turned 66 today
    [InlineData("2015-01-01", "10")]
    public void Age_outside_the_working_age_window_is_rejected(string birthDate, string age)
    {
        var failure = AssertOnly(WorkerRecords.BornOn(birthDate), "birth_date", ViolationCodes.AgeOutsideWorkingAge);

        Assert.Equal(new[] { age, "18", "65" }, failure.CustomState);
    }

    [Fact]
    public void Working_age_window_is_configurable()
    {
        var validator = new WorkerRecordValidator(new ValidationRules { MinimumAge = 15, MaximumAge = 70 }, BogorClock.StartAt(BogorClock.JustAfterMidnight));

        Assert.Empty(validator.TestValidate(WorkerRecords.BornOn("2008-01-01")).Errors);
        Assert.Empty(validator.TestValidate(WorkerRecords.BornOn("1956-01-01")).Errors);
    }

    [Fact]
    public void Minimum_age_above_maximum_age_is_refused()
    {
        Assert.Throws<ArgumentException>(() =>
            new WorkerRecordValidator(new ValidationRules { MinimumAge = 70, MaximumAge = 65 }, BogorClock.StartAt(BogorClock.JustAfterMidnight)));
    }

    // --- Kelurahan and address ---

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Missing_kelurahan_is_rejected(string code)
    {
        AssertOnly(With(r => r.KelurahanCode = code), "kelurahan_code", ViolationCodes.KelurahanRequired);
    }

    [Theory]
    [InlineData("32.01.01.2001")] // Kabupaten Bogor, dotted
    [InlineData("3201012001")] // Kabupaten Bogor, plain
    [InlineData("32.71.07.1001")] // no kecamatan 07 in Kota Bogor
    [InlineData("3271011099")]
    [InlineData("32.71.01")] // a kecamatan, not a kelurahan
    [InlineData("Batu Tulis")]
    public void Kelurahan_not_in_the_reference_data_is_rejected(string code)
    {
        var failure = AssertOnly(With(r => r.KelurahanCode = code), "kelurahan_code", ViolationCodes.KelurahanUnknown);

        Assert.Equal(new[] { "Kota Bogor" }, failure.CustomState);
    }

    [Theory]
    [InlineData("3271011001")]
    [InlineData("32.71.06.1001")]
    [InlineData(" 32.71.01.1001 ")]
    public void Kelurahan_code_dotted_or_plain_is_accepted(string code)
    {
        Assert.Empty(Validator.TestValidate(With(r => r.KelurahanCode = code)).Errors);
    }

    [Fact]
    public void Address_over_the_limit_is_rejected()
    {
        var failure = AssertOnly(With(r => r.Address = new string('x', 501)), "address", ViolationCodes.AddressTooLong);

        Assert.Equal(new[] { "501", "500" }, failure.CustomState);
    }

    [Fact]
    public void Address_at_the_limit_is_accepted()
    {
        Assert.Empty(Validator.TestValidate(With(r => r.Address = new string('x', 500))).Errors);
    }

    // --- Phone ---

    [Theory]
    [InlineData("081234567890")]
    [InlineData("0812-3456-7890")]
    [InlineData("0812 3456 7890")]
    [InlineData("+6281234567890")]
    [InlineData("+62 812-3456-7890")]
    [InlineData("0812345678")] // 10 digits
    [InlineData("0812345678901")] // 13 digits
    [InlineData("+62812345678")] // 0812345678: 10 digits
    [InlineData(" 081234567890 ")]
    [InlineData("")]
    public void Indonesian_mobile_number_or_no_number_is_accepted(string phone)
    {
        Assert.Empty(Validator.TestValidate(With(r => r.Phone = phone)).Errors);
    }

    [Theory]
    [InlineData("0251-8321234")] // a Bogor landline
    [InlineData("081234567")] // 9 digits
    [InlineData("08123456789012")] // 14 digits
    [InlineData("+6281234567")] // 081234567: 9 digits
    [InlineData("6281234567890")] // no plus
    [InlineData("+62 0812 3456 7890")]
    [InlineData("0812.3456.7890")]
    [InlineData("0812--3456-7890")]
    [InlineData("+1 812 345 6789")]
    [InlineData("0812345678a")]
    [InlineData("0812 3456 7890 ext 1")]
    public void Phone_that_is_not_an_indonesian_mobile_number_is_rejected(string phone)
    {
        AssertOnly(With(r => r.Phone = phone), "phone", ViolationCodes.PhoneInvalid);
    }

    // --- Occupation, income, decile, funding ---

    [Fact]
    public void Unspecified_occupation_is_rejected()
    {
        AssertOnly(With(r => r.Occupation = Occupation.Unspecified), "occupation", ViolationCodes.OccupationRequired);
    }

    [Fact]
    public void Undefined_occupation_is_rejected()
    {
        var failure = AssertOnly(With(r => r.Occupation = (Occupation)99), "occupation", ViolationCodes.OccupationUnknown);

        Assert.Equal(new[] { "99" }, failure.CustomState);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(90)]
    [InlineData(-1)]
    public void Ktp_occupation_code_outside_1_to_89_is_rejected(int code)
    {
        var failure = AssertOnly(With(r => r.KtpOccupationCode = code), "ktp_occupation_code", ViolationCodes.KtpOccupationCodeOutOfRange);

        Assert.Equal(new[] { code.ToString(System.Globalization.CultureInfo.InvariantCulture) }, failure.CustomState);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(89)]
    public void Ktp_occupation_code_inside_1_to_89_is_accepted(int code)
    {
        Assert.Empty(Validator.TestValidate(With(r => r.KtpOccupationCode = code)).Errors);
    }

    [Fact]
    public void Negative_income_is_rejected()
    {
        AssertOnly(With(r => r.MonthlyIncomeRupiah = -1), "monthly_income_rupiah", ViolationCodes.IncomeNegative);
    }

    [Fact]
    public void Absurd_income_is_rejected()
    {
        var failure = AssertOnly(With(r => r.MonthlyIncomeRupiah = 1_000_000_001), "monthly_income_rupiah", ViolationCodes.IncomeAbsurd);

        Assert.Equal(new[] { "1000000000" }, failure.CustomState);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_000_000_000)]
    public void Income_from_zero_to_the_limit_is_accepted(long income)
    {
        Assert.Empty(Validator.TestValidate(With(r => r.MonthlyIncomeRupiah = income)).Errors);
    }

    [Fact]
    public void Income_limit_is_configurable()
    {
        var validator = new WorkerRecordValidator(new ValidationRules { MaximumMonthlyIncomeRupiah = 2_000_000 }, BogorClock.StartAt(BogorClock.JustAfterMidnight));

        validator.TestValidate(WorkerRecords.Complete())
            .ShouldHaveValidationErrorFor("monthly_income_rupiah")
            .WithErrorCode(ViolationCodes.IncomeAbsurd)
            .WithCustomState(new[] { "2000000" }, StringArrays.Equal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public void Welfare_decile_outside_1_to_10_is_rejected(int decile)
    {
        AssertOnly(With(r => r.WelfareDecile = decile), "welfare_decile", ViolationCodes.WelfareDecileOutOfRange);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public void Welfare_decile_inside_1_to_10_is_accepted(int decile)
    {
        Assert.Empty(Validator.TestValidate(With(r => r.WelfareDecile = decile)).Errors);
    }

    [Fact]
    public void Undefined_funding_source_is_rejected()
    {
        var failure = AssertOnly(With(r => r.FundingSource = (FundingSource)9), "funding_source", ViolationCodes.FundingSourceUnknown);

        Assert.Equal(new[] { "9" }, failure.CustomState);
    }

    [Fact]
    public void Unspecified_funding_source_is_accepted()
    {
        Assert.Empty(Validator.TestValidate(With(r => r.FundingSource = FundingSource.Unspecified)).Errors);
    }

    private static WorkerRecord With(Action<WorkerRecord> change)
    {
        var record = WorkerRecords.Complete();
        change(record);
        return record;
    }

    /// <summary>The record has exactly one finding: this one.</summary>
    private static ValidationFailure AssertOnly(WorkerRecord record, string field, string code, Severity severity = Severity.Error)
    {
        var result = Validator.TestValidate(record);
        result.ShouldHaveValidationErrorFor(field).WithErrorCode(code).WithSeverity(severity);
        return Assert.Single(result.Errors);
    }
}
