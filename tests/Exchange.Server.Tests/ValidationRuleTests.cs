using Exchange.Server.Tests.Infrastructure;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests;

/// <summary>Every rejection and warning rule of the boundary, each shown over a real channel.</summary>
public sealed class ValidationRuleTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    // The fixture gateway's day: ages and the future count from it.
    private static readonly DateOnly Today = BogorClock.Start().Today();

    private static readonly Dictionary<string, (Action<WorkerRecord> Break, string Field, string Code)> Rejections = new()
    {
        ["nik missing"] = (r => r.Nik = "", "nik", "NIK_REQUIRED"),
        ["nik in scientific notation"] = (r => r.Nik = "3.27101E+15", "nik", "NIK_SCIENTIFIC_NOTATION"),
        ["nik of 15 digits"] = (r => r.Nik = "327101170588000", "nik", "NIK_MALFORMED"),
        ["nik with a letter"] = (r => r.Nik = "32710117058800O1", "nik", "NIK_MALFORMED"),
        ["nik of unknown province"] = (r => r.Nik = "9971011705880001", "nik", "NIK_UNKNOWN_PROVINCE"),
        ["nik with day 35"] = (r => r.Nik = "3271013505880001", "nik", "NIK_IMPOSSIBLE_BIRTH_DATE"),
        ["nik with month 13"] = (r => r.Nik = "3271011713880001", "nik", "NIK_IMPOSSIBLE_BIRTH_DATE"),
        ["nik with serial 0000"] = (r => r.Nik = "3271011705880000", "nik", "NIK_SERIAL_ZERO"),
        ["name missing"] = (r => r.FullName = "", "full_name", "NAME_REQUIRED"),
        ["name with digits"] = (r => r.FullName = "Asep 2", "full_name", "NAME_HAS_DIGITS"),
        ["name absurdly long"] = (r => r.FullName = string.Join(' ', Enumerable.Repeat("Asep", 60)), "full_name", "NAME_TOO_LONG"),
        ["birth date missing"] = (r => r.BirthDate = "", "birth_date", "BIRTH_DATE_REQUIRED"),
        ["birth date malformed"] = (r => r.BirthDate = "17/05/1988", "birth_date", "BIRTH_DATE_MALFORMED"),
        ["birth date impossible"] = (r => r.BirthDate = "1988-02-30", "birth_date", "BIRTH_DATE_IMPOSSIBLE"),
        ["birth date in the future"] = (r => r.BirthDate = Iso(Today.AddDays(1)), "birth_date", "BIRTH_DATE_IN_FUTURE"),
        ["a minor"] = (r => r.BirthDate = Iso(Today.AddYears(-18).AddDays(1)), "birth_date", "AGE_OUTSIDE_WORKING_AGE"),
        ["past working age"] = (r => r.BirthDate = Iso(Today.AddYears(-66)), "birth_date", "AGE_OUTSIDE_WORKING_AGE"),
        ["sex not in the enum"] = (r => r.Sex = (Sex)7, "sex", "SEX_UNKNOWN"),
        ["kelurahan missing"] = (r => r.KelurahanCode = "", "kelurahan_code", "KELURAHAN_REQUIRED"),
        ["kelurahan unknown"] = (r => r.KelurahanCode = "32.71.01.1099", "kelurahan_code", "KELURAHAN_UNKNOWN"),
        ["kelurahan of kabupaten bogor"] = (r => r.KelurahanCode = "3201011001", "kelurahan_code", "KELURAHAN_UNKNOWN"),
        ["address too long"] = (r => r.Address = new string('a', 501), "address", "ADDRESS_TOO_LONG"),
        ["phone not mobile"] = (r => r.Phone = "0251-8321075", "phone", "PHONE_INVALID"),
        ["phone too short"] = (r => r.Phone = "08123", "phone", "PHONE_INVALID"),
        ["occupation missing"] = (r => r.Occupation = Occupation.Unspecified, "occupation", "OCCUPATION_REQUIRED"),
        ["occupation unknown"] = (r => r.Occupation = (Occupation)99, "occupation", "OCCUPATION_UNKNOWN"),
        ["ktp occupation code out of range"] = (r => r.KtpOccupationCode = 90, "ktp_occupation_code", "KTP_OCCUPATION_CODE_OUT_OF_RANGE"),
        ["income negative"] = (r => r.MonthlyIncomeRupiah = -1, "monthly_income_rupiah", "INCOME_NEGATIVE"),
        ["income absurd"] = (r => r.MonthlyIncomeRupiah = 5_000_000_000, "monthly_income_rupiah", "INCOME_ABSURD"),
        ["welfare decile 11"] = (r => r.WelfareDecile = 11, "welfare_decile", "WELFARE_DECILE_OUT_OF_RANGE"),
        ["funding source unknown"] = (r => r.FundingSource = (FundingSource)9, "funding_source", "FUNDING_SOURCE_UNKNOWN"),
    };

    private static readonly Dictionary<string, (Action<WorkerRecord> Change, string Field, string Code)> Warnings = new()
    {
        ["nik birth date disagrees"] = (r => r.BirthDate = "1988-05-18", "nik", "NIK_BIRTH_DATE_MISMATCH"),
        ["female nik whose birth date disagrees"] = (r =>
        {
            r.Nik = Workers.Nik(1, sex: Sex.Female);
            r.Sex = Sex.Female;
            r.BirthDate = "1988-06-17";
        }, "nik", "NIK_BIRTH_DATE_MISMATCH"),
        ["nik sex disagrees"] = (r => r.Sex = Sex.Female, "nik", "NIK_SEX_MISMATCH"),
        ["nik from kabupaten bogor"] = (r => r.Nik = Workers.Nik(1, region: "320101"), "nik", "NIK_REGION_OUTSIDE_CITY"),
        ["nik from jakarta"] = (r => r.Nik = Workers.Nik(1, region: "317101"), "nik", "NIK_REGION_OUTSIDE_CITY"),
        ["name over 60 without titles"] = (r => r.FullName = "H. Raden Muhammad Abdurrahman Wahyudiningrat Kusumawardhana Suryanegara Putra, S.Pd.",
            "full_name", "NAME_LONGER_THAN_60"),
    };

    public static TheoryData<string> RejectionCases => [.. Rejections.Keys];

    public static TheoryData<string> WarningCases => [.. Warnings.Keys];

    [Theory]
    [MemberData(nameof(RejectionCases))]
    public async Task Each_rejection_rule_rejects_with_its_field_and_code(string rule)
    {
        var (breakIt, field, code) = Rejections[rule];
        var record = Workers.Valid(1);
        breakIt(record);

        var result = await SubmitOneAsync(record);

        Assert.Equal(RecordStatus.Rejected, result.Status);
        var violation = Assert.Single(result.Violations);
        Assert.Equal($"records[0].{field}", violation.Field);
        Assert.Equal(code, violation.Code);
    }

    [Theory]
    [MemberData(nameof(WarningCases))]
    public async Task Each_warning_rule_accepts_with_its_warning(string rule)
    {
        var (change, field, code) = Warnings[rule];
        var record = Workers.Valid(1);
        change(record);

        var result = await SubmitOneAsync(record);

        Assert.Equal(RecordStatus.Accepted, result.Status);
        Assert.Empty(result.Violations);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal($"records[0].{field}", warning.Field);
        Assert.Equal(code, warning.Code);
    }

    [Fact]
    public async Task A_female_nik_whose_birth_date_agrees_is_accepted_without_warnings()
    {
        var record = Workers.Valid(1, Sex.Female);
        Assert.Equal("57", record.Nik.Substring(6, 2));

        var result = await SubmitOneAsync(record);

        Assert.Equal(RecordStatus.Accepted, result.Status);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public async Task A_record_with_only_the_required_fields_is_accepted()
    {
        var record = new WorkerRecord
        {
            Nik = Workers.Nik(1),
            FullName = "Suparman",
            BirthDate = "1988-05-17",
            KelurahanCode = "3271061001",
            Occupation = Occupation.OjekOnline,
        };

        var result = await SubmitOneAsync(record);

        Assert.Equal(RecordStatus.Accepted, result.Status);
        Assert.Empty(result.Warnings);
    }

    private async Task<RecordResult> SubmitOneAsync(WorkerRecord record)
    {
        using var stream = await SubmitStream.OpenAsync(fixture.Gateway.Submission, GatewayFixture.NewBatchId());
        return Assert.Single((await stream.SendAsync(0, [record])).Results);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
