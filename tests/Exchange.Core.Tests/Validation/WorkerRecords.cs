using Exchange.Testing;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Tests.Validation;

/// <summary>Records for tests: valid as given, so a test changes exactly the field it is about.</summary>
internal static class WorkerRecords
{
    /// <summary>Every field filled in, titles included; NIK, birth date and sex agree.</summary>
    public static WorkerRecord Complete() => new()
    {
        Nik = "3271012107850001",
        FullName = "H. Asep Saepudin, S.Pd.",
        BirthDate = "1985-07-21",
        Sex = Sex.Male,
        KelurahanCode = "32.71.01.1001",
        Address = "Jl. Batu Tulis No. 12, RT 03/RW 05",
        Phone = "0812-3456-7890",
        Occupation = Occupation.PedagangPasar,
        KtpOccupationCode = 88,
        MonthlyIncomeRupiah = 2_500_000,
        WelfareDecile = 3,
        FundingSource = FundingSource.Apbd,
    };

    /// <summary>Only what is required: sex, address, phone and the optional numbers are absent.</summary>
    public static WorkerRecord Minimal() => new()
    {
        Nik = "3271016107850002",
        FullName = "Euis Komariah",
        BirthDate = "1985-07-21",
        KelurahanCode = "3271061001",
        Occupation = Occupation.GuruNgaji,
    };

    /// <summary>A complete record of a man born on <paramref name="birthDate"/>, NIK included.</summary>
    public static WorkerRecord BornOn(string birthDate)
    {
        var record = Complete();
        record.BirthDate = birthDate;
        record.Nik = Workers.Nik(1, DateOnly.ParseExact(birthDate, "yyyy-MM-dd"));
        return record;
    }
}
