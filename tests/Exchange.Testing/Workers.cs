using System.Globalization;
using Jamsostek.Exchange.V1;

namespace Exchange.Testing;

/// <summary>Valid worker records to start from; tests change one field to break one rule.</summary>
public static class Workers
{
    public static readonly DateOnly BirthDate = new(1988, 5, 17);

    /// <summary>A NIK registered in Kota Bogor, Bogor Selatan, consistent with birth date and sex.</summary>
    public static string Nik(int serial, DateOnly? birthDate = null, Sex sex = Sex.Male, string region = "327101")
    {
        var date = birthDate ?? BirthDate;
        var day = date.Day + (sex == Sex.Female ? 40 : 0);
        return string.Create(CultureInfo.InvariantCulture, $"{region}{day:00}{date.Month:00}{date.Year % 100:00}{serial:0000}");
    }

    public static WorkerRecord Valid(int serial, Sex sex = Sex.Male) => new()
    {
        Nik = Nik(serial, sex: sex),
        FullName = sex == Sex.Female ? "Siti Aminah" : "Asep Saepudin",
        BirthDate = BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Sex = sex,
        KelurahanCode = "32.71.01.1001",
        Address = "Jl. Batu Tulis No. 5 RT 02/RW 03",
        Phone = "081234567890",
        Occupation = Occupation.PedagangPasar,
        MonthlyIncomeRupiah = 2_500_000,
        WelfareDecile = 3,
        FundingSource = FundingSource.Apbd,
    };

    /// <summary><paramref name="count"/> valid records with distinct NIKs, serials from <paramref name="firstSerial"/>.</summary>
    public static List<WorkerRecord> ValidMany(int count, int firstSerial = 1) =>
        Enumerable.Range(firstSerial, count).Select(serial => Valid(serial)).ToList();
}
