using System.Globalization;
using Exchange.Core.Reference;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests.Faults;

/// <summary>
/// One seeded submission and the registry it is matched against, for the kill tests: mostly valid Kota Bogor workers,
/// 3 % of them invalid in six ways (one of them a NIK already used earlier in the batch, so the duplicate check must
/// survive every restart), and a registry of a few thousand participants that gives every outcome: exact members,
/// members BPJS has under a NIK one digit off, an exact NIK on someone else, namesakes born the same day.
/// (Exchange.Synthetic is not referenced by these tests, and a registry as large as its minimum of one participant per
/// record would make every restart rebuild a far larger index.)
/// </summary>
public sealed class KillWorkload
{
    private static readonly string[] GivenNames =
    [
        "Asep", "Ujang", "Dadang", "Cecep", "Dede", "Euis", "Eneng", "Iis", "Lilis", "Neneng", "Yayat", "Encep", "Agus", "Budi",
        "Siti", "Nur", "Rina", "Wawan", "Iwan", "Yanti", "Tati", "Entin", "Ade", "Ayi", "Deden", "Rahmat", "Hendra", "Dewi",
    ];

    private static readonly string[] FamilyNames =
    [
        "Saepudin", "Sunarya", "Hidayat", "Suryana", "Kurniawan", "Permana", "Rohmat", "Supriatna", "Mulyana", "Setiawan",
        "Rukmana", "Gunawan", "Nurjanah", "Aminah", "Komariah", "Sumarni", "Hermawan", "Sobari", "Jaelani", "Ruhiyat",
    ];

    private static readonly Occupation[] Occupations =
        [.. Enum.GetValues<Occupation>().Where(occupation => occupation != Occupation.Unspecified)];

    private static readonly Segment[] Segments = [Segment.Bpu, Segment.Bpu, Segment.Bpu, Segment.Pu, Segment.JasaKonstruksi, Segment.Pmi];

    private KillWorkload(int seed, IReadOnlyList<WorkerRecord> records, IReadOnlyList<Participant> registry)
    {
        Seed = seed;
        Records = records;
        Registry = registry;
    }

    public int Seed { get; }

    /// <summary>The batch, in offset order.</summary>
    public IReadOnlyList<WorkerRecord> Records { get; }

    /// <summary>What BPJS syncs before the batch is submitted.</summary>
    public IReadOnlyList<Participant> Registry { get; }

    /// <summary><paramref name="count"/> records and 2 % as many participants (at least 4,000), all from <paramref name="seed"/>.</summary>
    public static KillWorkload Create(int seed, int count)
    {
        var rng = new Random(seed);
        var kelurahan = Wilayah.KotaBogor.AllKelurahan;
        var niks = new HashSet<string>(StringComparer.Ordinal);
        var records = new List<WorkerRecord>(count);
        for (var i = 0; i < count; i++)
        {
            records.Add(Worker(rng, kelurahan[rng.Next(kelurahan.Count)], niks));
        }
        var drawn = Enumerable.Range(0, count).ToArray();
        rng.Shuffle(drawn);
        var registry = new List<Participant>();
        var participants = Math.Max(4_000, count / 50);
        var next = 0;
        // Members as BPJS has them: ACTIVE, GRACE or LAPSED by their last paid month on the gateway's day.
        for (; next < participants * 70 / 100; next++)
        {
            registry.Add(Member(rng, records[drawn[next]]));
        }
        // Members under a NIK one digit off: an automatic match or a review, never NOT_REGISTERED.
        for (; next < participants * 80 / 100; next++)
        {
            var member = Member(rng, records[drawn[next]]);
            member.Nik = OneDigitOff(rng, member.Nik, niks);
            registry.Add(member);
        }
        // Someone else under the worker's exact NIK: a review, since a mistyped NIK can land on another real person.
        for (; next < participants * 90 / 100; next++)
        {
            var other = Worker(rng, kelurahan[rng.Next(kelurahan.Count)], niks);
            other.Nik = records[drawn[next]].Nik;
            registry.Add(Member(rng, other));
        }
        // Namesakes born the same day under other NIKs: name and birth date alone are a review at most.
        for (; next < participants; next++)
        {
            var namesake = Member(rng, records[drawn[next]]);
            namesake.Nik = NewNik(rng, "327101", DateOnly.ParseExact(namesake.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture), namesake.Sex, niks);
            registry.Add(namesake);
        }
        // Some records are refused: they must be refused again, identically, after every kill.
        for (var i = 0; i < count; i++)
        {
            if (rng.NextDouble() < 0.03)
            {
                Break(rng, records, i);
            }
        }
        return new KillWorkload(seed, records, registry);
    }

    private static WorkerRecord Worker(Random rng, Kelurahan kelurahan, HashSet<string> niks)
    {
        var sex = rng.Next(2) == 0 ? Sex.Male : Sex.Female;
        // Ages 25-58 on any day from 2025 to 2032: inside the working-age window whenever the gateway runs.
        var birthDate = new DateOnly(1974 + rng.Next(0, 8), 1, 1).AddDays(rng.Next(0, 365));
        // A few workers hold a NIK of the regency around the city: accepted with a warning.
        var region = rng.NextDouble() < 0.05 ? "320101" : kelurahan.KecamatanCode.Replace(".", "", StringComparison.Ordinal);
        var words = rng.Next(1, 4);
        var name = string.Join(' ', Enumerable.Range(0, words)
            .Select(word => word == 0 ? GivenNames[rng.Next(GivenNames.Length)] : FamilyNames[rng.Next(FamilyNames.Length)]));
        var record = new WorkerRecord
        {
            Nik = NewNik(rng, region, birthDate, sex, niks),
            FullName = name,
            BirthDate = birthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Sex = sex,
            KelurahanCode = kelurahan.Code,
            Address = string.Create(CultureInfo.InvariantCulture, $"Jl. {kelurahan.Name} No. {rng.Next(1, 200)} RT {rng.Next(1, 15):00}/RW {rng.Next(1, 12):00}"),
            Phone = string.Create(CultureInfo.InvariantCulture, $"081{rng.Next(100_000_000, 999_999_999)}"),
            Occupation = Occupations[rng.Next(Occupations.Length)],
            MonthlyIncomeRupiah = rng.Next(5, 80) * 100_000,
            WelfareDecile = rng.Next(1, 11),
            FundingSource = (FundingSource)rng.Next(1, 5),
        };
        return record;
    }

    private static Participant Member(Random rng, WorkerRecord worker) => new()
    {
        Nik = worker.Nik,
        FullName = worker.FullName.ToUpperInvariant(),
        BirthDate = worker.BirthDate,
        Sex = worker.Sex,
        Segment = Segments[rng.Next(Segments.Length)],
        Status = rng.NextDouble() < 0.15 ? ParticipantStatus.Ended : ParticipantStatus.Active,
        // From well behind to well ahead of any day these tests run on: some ACTIVE, some GRACE, some LAPSED.
        LastPaidMonth = string.Create(CultureInfo.InvariantCulture, $"{2024 + rng.Next(0, 8)}-{rng.Next(1, 13):00}"),
        KelurahanCode = rng.NextDouble() < 0.8 ? worker.KelurahanCode : "",
    };

    /// <summary>A NIK not used before: region, birth day (plus 40 for women), month, year, and a serial.</summary>
    private static string NewNik(Random rng, string region, DateOnly birthDate, Sex sex, HashSet<string> niks)
    {
        while (true)
        {
            var day = birthDate.Day + (sex == Sex.Female ? 40 : 0);
            var nik = string.Create(CultureInfo.InvariantCulture,
                $"{region}{day:00}{birthDate.Month:00}{birthDate.Year % 100:00}{rng.Next(1, 10_000):0000}");
            if (niks.Add(nik))
            {
                return nik;
            }
        }
    }

    /// <summary>The NIK with one serial digit changed, to a NIK nobody else has.</summary>
    private static string OneDigitOff(Random rng, string nik, HashSet<string> niks)
    {
        while (true)
        {
            var position = 12 + rng.Next(4);
            var digit = (char)('0' + ((nik[position] - '0' + rng.Next(1, 10)) % 10));
            var typo = string.Concat(nik.AsSpan(0, position), digit.ToString(), nik.AsSpan(position + 1));
            if (!typo.EndsWith("0000", StringComparison.Ordinal) && niks.Add(typo))
            {
                return typo;
            }
        }
    }

    private static void Break(Random rng, List<WorkerRecord> records, int index)
    {
        var record = records[index];
        switch (rng.Next(6))
        {
            case 0:
                record.Nik = string.Concat(record.Nik.AsSpan(0, 12), "0000");
                break;
            case 1:
                record.FullName += " 2";
                break;
            case 2:
                record.KelurahanCode = "32.71.09.9999";
                break;
            case 3:
                record.BirthDate = "2099-02-30";
                break;
            case 4:
                record.Phone = "12345";
                break;
            default:
                // The same NIK as a record earlier in the batch, perhaps chunks or restarts before.
                if (index > 0)
                {
                    record.Nik = records[rng.Next(index)].Nik;
                }
                break;
        }
    }
}
