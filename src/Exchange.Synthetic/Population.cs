using System.Runtime.InteropServices;
using Exchange.Core.Reference;
using Jamsostek.Exchange.V1;

namespace Exchange.Synthetic;

/// <summary>One true person in compact form, with their standing at BPJS. A million of these fit in tens of megabytes.</summary>
internal struct PersonRow
{
    public long Nik;
    public DateOnly BirthDate;
    public Sex Sex;
    /// <summary>Index into <see cref="Population.Kelurahan"/>.</summary>
    public short Kelurahan;
    public PersonName Name;
    public Occupation Occupation;

    /// <summary>ACTIVE, GRACE, LAPSED, DECEASED, or NOT_REGISTERED when not in the registry.</summary>
    public MatchOutcome Standing;
    public Segment Segment;
    public ParticipantStatus Status;
    /// <summary>Months since year 0 (year * 12 + month - 1).</summary>
    public int LastPaidMonth;
    /// <summary>The kelurahan BPJS has on file, or -1 when it has none.</summary>
    public short RegistryKelurahan;

    public readonly bool InRegistry => Standing != MatchOutcome.NotRegistered;
}

/// <summary>
/// Makes true people: name, sex, birth date, domicile, occupation and a NIK whose region is where they were
/// first registered (mostly Kota Bogor, some Kabupaten Bogor, Jakarta and elsewhere) and whose serial
/// counts up within its region and birth date, so every NIK is unique.
/// </summary>
internal sealed class Population
{
    /// <summary>Regency or city of first registration, its highest kecamatan number, and weight. 3271 is Kota Bogor.</summary>
    private static readonly (int Regency, int Kecamatan, double Weight)[] Regions =
    [
        (3271, 6, 70.0),
        (3201, 40, 14.0),
        (3171, 8, 1.0), (3172, 6, 1.0), (3173, 8, 1.5), (3174, 10, 2.0), (3175, 10, 1.5),
        (3276, 11, 1.6), (3202, 47, 0.8), (3203, 32, 0.8), (3273, 30, 0.6), (3204, 31, 0.4), (3275, 12, 0.5), (3216, 23, 0.3),
        (3603, 29, 0.5), (3671, 13, 0.5), (3674, 7, 0.5),
        (3374, 16, 0.4), (3372, 5, 0.3), (3471, 14, 0.3), (3578, 31, 0.4), (3301, 24, 0.3), (3329, 17, 0.3),
        (1271, 21, 0.1), (1371, 11, 0.1), (1671, 18, 0.1), (1871, 20, 0.1), (7371, 15, 0.1),
    ];

    private static readonly (Occupation Occupation, double Male, double Female)[] Occupations =
    [
        (Occupation.PedagangPasar, 8, 10), (Occupation.PedagangKakiLima, 14, 12), (Occupation.Petani, 4, 2),
        (Occupation.BuruhTani, 3, 2), (Occupation.Nelayan, 0.2, 0.05), (Occupation.Peternak, 1.5, 0.5),
        (Occupation.OjekPangkalan, 8, 0.2), (Occupation.OjekOnline, 10, 1), (Occupation.SopirAngkot, 5, 0.1),
        (Occupation.KuliPanggul, 3, 0.3), (Occupation.PekerjaBangunan, 12, 0.3), (Occupation.BuruhHarianLepas, 12, 8),
        (Occupation.JuruParkir, 4, 0.3), (Occupation.PekerjaPariwisata, 2, 2), (Occupation.PekerjaRumahTangga, 0.5, 14),
        (Occupation.Seniman, 1, 1), (Occupation.Wirausaha, 8, 16), (Occupation.Marbot, 1.5, 0.05),
        (Occupation.GuruNgaji, 2, 5), (Occupation.Ustadz, 1.5, 0.3), (Occupation.PengurusJenazah, 0.5, 0.5),
        (Occupation.Kader, 0.5, 8), (Occupation.KetuaRtRw, 2, 0.5), (Occupation.TenagaNonAsn, 4, 4), (Occupation.Other, 5, 6),
    ];

    private static readonly WeightedTable<(int Regency, int Kecamatan)> RegionTable =
        new(Regions.Select(r => ((r.Regency, r.Kecamatan), r.Weight)));
    private static readonly WeightedTable<Occupation> MaleOccupations = new(Occupations.Select(o => (o.Occupation, o.Male)));
    private static readonly WeightedTable<Occupation> FemaleOccupations = new(Occupations.Select(o => (o.Occupation, o.Female)));

    private readonly Dictionary<long, int> _lastSerial = [];
    private readonly NameBook _names;
    private readonly WeightedTable<short> _domicile;
    private readonly DateOnly _oldestBirthDate;
    private readonly int _birthDateSpan;

    public Population(SyntheticOptions options)
    {
        Kelurahan = Wilayah.KotaBogor.AllKelurahan;
        _names = NameBooks.For(options.Names);
        // Kelurahan differ several-fold in population; the weights are part of the seeded world.
        var rng = Rng.For(options.Seed, RngStream.Kelurahan, 0);
        _domicile = new WeightedTable<short>(Kelurahan.Select((_, i) => ((short)i, 0.3 + 1.7 * rng.NextDouble())));
        _oldestBirthDate = options.AsOf.AddYears(-(options.MaximumAge + 1)).AddDays(1);
        _birthDateSpan = options.AsOf.AddYears(-options.MinimumAge).DayNumber - _oldestBirthDate.DayNumber + 1;
    }

    public IReadOnlyList<Kelurahan> Kelurahan { get; }

    /// <summary>A kelurahan other than <paramref name="current"/>: where someone lived before they moved.</summary>
    public short DrawKelurahanOtherThan(short current, Rng rng)
    {
        short drawn;
        do
        {
            drawn = _domicile.Draw(rng);
        }
        while (drawn == current);
        return drawn;
    }

    /// <summary>Whether someone born on <paramref name="birthDate"/> is within the configured ages at the as-of date.</summary>
    public bool IsWorkingAge(DateOnly birthDate) =>
        birthDate.DayNumber >= _oldestBirthDate.DayNumber && birthDate.DayNumber < _oldestBirthDate.DayNumber + _birthDateSpan;

    public PersonRow NewPerson(Rng rng)
    {
        var sex = rng.Chance(0.55) ? Sex.Male : Sex.Female;
        var birthDate = DateOnly.FromDayNumber(_oldestBirthDate.DayNumber + rng.Next(_birthDateSpan));
        var kelurahan = _domicile.Draw(rng);
        var (regency, kecamatanCount) = RegionTable.Draw(rng);
        // Most people born in the city were first registered in the kecamatan they still live in.
        var kecamatan = regency == 3271 && rng.Chance(0.8)
            ? int.Parse(Kelurahan[kelurahan].KecamatanCode.AsSpan(6, 2))
            : rng.Between(1, kecamatanCount);
        return new PersonRow
        {
            Nik = NextNik(regency, kecamatan, birthDate, sex),
            BirthDate = birthDate,
            Sex = sex,
            Kelurahan = kelurahan,
            Name = _names.Draw(rng, sex),
            Occupation = (sex == Sex.Male ? MaleOccupations : FemaleOccupations).Draw(rng),
            Standing = MatchOutcome.NotRegistered,
            RegistryKelurahan = -1,
        };
    }

    /// <summary>Whether some person already holds <paramref name="nik"/>.</summary>
    public bool Exists(long nik)
    {
        var serial = nik % 10_000;
        return serial >= 1 && _lastSerial.TryGetValue(nik / 10_000, out var last) && serial <= last;
    }

    /// <summary>
    /// A same-sex twin of <paramref name="sibling"/>: same birth date, kelurahan, family name and father, and,
    /// made right after the sibling, the next NIK serial.
    /// </summary>
    public PersonRow NewTwin(in PersonRow sibling, Rng rng) => sibling with
    {
        Nik = NextNik(sibling.Nik / 10_000),
        Name = _names.DrawTwin(rng, sibling.Name, sibling.Sex),
        Occupation = (sibling.Sex == Sex.Male ? MaleOccupations : FemaleOccupations).Draw(rng),
    };

    private long NextNik(int regency, int kecamatan, DateOnly birthDate, Sex sex)
    {
        var day = birthDate.Day + (sex == Sex.Female ? 40 : 0);
        return NextNik(((regency * 100L + kecamatan) * 100 + day) * 10_000 + birthDate.Month * 100 + birthDate.Year % 100);
    }

    /// <summary>The next serial within a region and birth date (the NIK's first 12 digits).</summary>
    private long NextNik(long prefix)
    {
        ref var serial = ref CollectionsMarshal.GetValueRefOrAddDefault(_lastSerial, prefix, out _);
        serial++;
        return prefix * 10_000 + serial;
    }
}
