using Exchange.Core.Reference;
using Jamsostek.Exchange.V1;

namespace Exchange.Synthetic;

/// <summary>
/// Writes a true person the way an agency's register has them: their livelihood data, and the name, birth
/// date and NIK with the configured noise. Labels each record with its truth.
/// </summary>
internal sealed class SubmissionFactory
{
    /// <summary>Median declared monthly income (rupiah) per occupation; incomes spread log-normally around it.</summary>
    private static readonly Dictionary<Occupation, long> MedianIncome = new()
    {
        [Occupation.PedagangPasar] = 3_000_000, [Occupation.PedagangKakiLima] = 2_200_000, [Occupation.Petani] = 1_800_000,
        [Occupation.BuruhTani] = 1_300_000, [Occupation.Nelayan] = 1_800_000, [Occupation.Peternak] = 2_000_000,
        [Occupation.OjekPangkalan] = 2_300_000, [Occupation.OjekOnline] = 2_800_000, [Occupation.SopirAngkot] = 2_800_000,
        [Occupation.KuliPanggul] = 1_800_000, [Occupation.PekerjaBangunan] = 2_800_000, [Occupation.BuruhHarianLepas] = 2_000_000,
        [Occupation.JuruParkir] = 1_700_000, [Occupation.PekerjaPariwisata] = 2_500_000, [Occupation.PekerjaRumahTangga] = 1_600_000,
        [Occupation.Seniman] = 2_000_000, [Occupation.Wirausaha] = 3_500_000, [Occupation.Marbot] = 1_200_000,
        [Occupation.GuruNgaji] = 1_000_000, [Occupation.Ustadz] = 1_800_000, [Occupation.PengurusJenazah] = 1_000_000,
        [Occupation.Kader] = 1_000_000, [Occupation.KetuaRtRw] = 1_500_000, [Occupation.TenagaNonAsn] = 3_000_000,
        [Occupation.Other] = 2_000_000,
    };

    /// <summary>Informal workers sit mostly in the lower deciles (DTSEN, 1 poorest).</summary>
    private static readonly WeightedTable<int> Deciles = new([(1, 14), (2, 14), (3, 13), (4, 12), (5, 11), (6, 10), (7, 8), (8, 7), (9, 6), (10, 5)]);

    private static readonly string[] MobilePrefixes =
    [
        "0811", "0812", "0813", "0821", "0822", "0823", "0851", "0852", "0853", "0856", "0857", "0858",
        "0859", "0877", "0878", "0831", "0838", "0881", "0882", "0895", "0896", "0897", "0898", "0899",
    ];

    private static readonly string[] Streets =
    [
        "Jl. Pajajaran", "Jl. Suryakencana", "Jl. Raya Tajur", "Jl. Sholeh Iskandar", "Jl. Raya Pemda", "Jl. Kapten Muslihat",
        "Jl. Merdeka", "Jl. Pahlawan", "Jl. Batutulis", "Jl. Raya Cilebut", "Jl. Ahmad Yani", "Jl. Veteran", "Jl. Malabar",
        "Jl. Lawang Gintung", "Jl. Empang", "Jl. Cimanggu", "Gg. Masjid", "Gg. Mawar", "Gg. Kenari", "Gg. Haji Rasyid",
    ];

    private static readonly string[] Kampung =
    [
        "Kp. Cibuluh", "Kp. Sindangbarang", "Kp. Muara", "Kp. Lebak Kantin", "Kp. Pabuaran", "Kp. Cilendek",
        "Kp. Babakan", "Kp. Sukasari", "Kp. Kebon Pedes", "Kp. Cimahpar", "Kp. Situ Gede", "Kp. Bojong",
    ];

    /// <summary>Occupations Pemkot already pays contributions for more often (guru ngaji, vulnerable community workers).</summary>
    private static readonly HashSet<Occupation> CommunityOccupations =
    [
        Occupation.GuruNgaji, Occupation.Marbot, Occupation.Ustadz, Occupation.PengurusJenazah, Occupation.Kader, Occupation.KetuaRtRw,
    ];

    private readonly SyntheticOptions _options;
    private readonly NoiseRates _rates;
    private readonly Population _population;
    private readonly PersonRow[] _rows;
    private readonly int[] _twinOf;
    private readonly HashSet<long> _submittedNiks;
    private readonly Func<long, bool> _isFree;
    private readonly WeightedTable<int> _nikDigits;
    private readonly WeightedTable<int> _nikPairs;

    /// <param name="twinOf">For each submitted person, the row of their twin, or -1.</param>
    public SubmissionFactory(SyntheticOptions options, Population population, PersonRow[] rows, int[] twinOf)
    {
        _options = options;
        _rates = options.Noise;
        _population = population;
        _rows = rows;
        _twinOf = twinOf;
        _submittedNiks = new HashSet<long>(rows.Take(options.SubmittedCount).Select(r => r.Nik));
        _isFree = nik => !_population.Exists(nik) && !_submittedNiks.Contains(nik);
        var positions = _rates.NikTypoPositions;
        _nikDigits = new WeightedTable<int>(positions.Select((weight, at) => (at, weight)));
        _nikPairs = new WeightedTable<int>(Enumerable.Range(0, 15).Select(at => (at, positions[at] + positions[at + 1])));
    }

    public LabelledRecord Build(int id)
    {
        var row = _rows[id];
        var kelurahan = _population.Kelurahan[row.Kelurahan];
        var traits = Rng.For(_options.Seed, RngStream.Worker, id);
        var rng = Rng.For(_options.Seed, RngStream.Noise, id);
        var noise = new RecordNoise(DrawCombination(id));

        var record = new WorkerRecord
        {
            Sex = row.Sex,
            Occupation = row.Occupation,
            // Both code forms are valid; agencies' spreadsheets often drop the dots.
            KelurahanCode = traits.Chance(0.1) ? kelurahan.Code.Replace(".", "", StringComparison.Ordinal) : kelurahan.Code,
            Address = Address(traits, kelurahan),
        };
        var decile = Deciles.Draw(traits);
        record.FundingSource = Funding(traits, decile, row.Occupation);
        var income = Income(traits, row.Occupation);
        var phone = Phone(traits);

        record.FullName = Name(row, rng, traits, ref noise);
        record.BirthDate = Format.Date(BirthDate(row, rng, ref noise));
        var nik = Nik(row, rng, ref noise);
        record.Nik = Format.Nik(nik);

        if (!Apply(rng, NoiseKinds.MissingPhone, ref noise))
        {
            record.Phone = phone;
        }
        if (!Apply(rng, NoiseKinds.MissingIncome, ref noise))
        {
            record.MonthlyIncomeRupiah = income;
        }
        if (!Apply(rng, NoiseKinds.MissingWelfareDecile, ref noise))
        {
            record.WelfareDecile = decile;
        }
        if (Apply(rng, NoiseKinds.ScientificNotationNik, ref noise))
        {
            record.Nik = NikNoise.ScientificNotation(nik);
        }
        if (Apply(rng, NoiseKinds.MissingName, ref noise))
        {
            record.FullName = "";
        }
        if (Apply(rng, NoiseKinds.UnknownKelurahan, ref noise))
        {
            record.KelurahanCode = UnknownKelurahanCode(rng);
        }

        var participantNik = row.InRegistry ? Format.Nik(row.Nik) : null;
        var person = new TruePerson(id, Format.Nik(row.Nik), row.Name.FullName(row.Sex), row.BirthDate, row.Sex, kelurahan.Code);
        var twin = _twinOf[id];
        var truth = new RecordTruth(person, participantNik, row.Standing, row.InRegistry ? row.Segment : Segment.Unspecified,
            twin >= 0 ? noise.Applied | NoiseKinds.Twin : noise.Applied, twin >= 0 ? Format.Nik(_rows[twin].Nik) : null);
        return new LabelledRecord(record, truth);
    }

    private string Name(PersonRow row, Rng rng, Rng traits, ref RecordNoise noise)
    {
        var tokens = row.Name.CoreTokens();
        var patronymic = row.Name.HasPatronymic;
        if (patronymic)
        {
            patronymic = !Apply(rng, NoiseKinds.PatronymicDropped, ref noise);
        }
        else
        {
            patronymic = Apply(rng, NoiseKinds.PatronymicAdded, ref noise);
        }
        Apply(rng, NoiseKinds.Abbreviation, ref noise, () => NameNoise.TryAbbreviate(tokens, rng));
        // A split token is not joined back: that would undo it.
        if (!Apply(rng, NoiseKinds.SplitToken, ref noise, () => NameNoise.TrySplit(tokens, rng)))
        {
            Apply(rng, NoiseKinds.JoinedTokens, ref noise, () => NameNoise.TryJoin(tokens, rng));
        }
        Apply(rng, NoiseKinds.OldSpelling, ref noise, () => NameNoise.TryOldSpelling(tokens, rng));
        Apply(rng, NoiseKinds.NameTypo, ref noise, () => NameNoise.TryTypo(tokens, rng));
        Apply(rng, NoiseKinds.TokenSwap, ref noise, () => NameNoise.TrySwap(tokens, rng));

        var name = string.Join(' ', tokens);
        if (patronymic)
        {
            name += " " + row.Name.Patronymic(row.Sex);
        }
        if (Apply(rng, NoiseKinds.Title, ref noise))
        {
            name = NameNoise.DrawTitle(rng, row.Sex) + " " + name;
        }
        if (Apply(rng, NoiseKinds.Degree, ref noise))
        {
            name += NameNoise.DrawDegree(rng);
        }
        // Some registers copy the KTP's capitals; case is not noise, any matcher ignores it.
        return traits.Chance(0.25) ? name.ToUpperInvariant() : name;
    }

    private DateOnly BirthDate(PersonRow row, Rng rng, ref RecordNoise noise)
    {
        var birthDate = row.BirthDate;
        Apply(rng, NoiseKinds.WrongBirthDate, ref noise, () =>
        {
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var wrong = MistypedDate(row.BirthDate, rng);
                if (wrong is { } date && date != row.BirthDate && _population.IsWorkingAge(date))
                {
                    birthDate = date;
                    return true;
                }
            }
            return false;
        });
        return birthDate;
    }

    private long Nik(PersonRow row, Rng rng, ref RecordNoise noise)
    {
        var nik = row.Nik;
        var registryOnly = _rows.Length - _options.SubmittedCount;
        var collided = Apply(rng, NoiseKinds.NikCollision, ref noise, () =>
        {
            for (var attempt = 0; attempt < 20 && registryOnly > 0; attempt++)
            {
                // Registry-only people are never submitted themselves, so the NIK stays unique in the batch.
                var other = _rows[_options.SubmittedCount + rng.Next(registryOnly)].Nik;
                if (_submittedNiks.Add(other))
                {
                    nik = other;
                    return true;
                }
            }
            return false;
        });
        if (collided)
        {
            return nik;
        }
        Apply(rng, NoiseKinds.NikAdjacentSwap, ref noise, () => Replace(ref nik, NikNoise.SwapAdjacent(nik, rng, _nikPairs, _isFree)));
        Apply(rng, NoiseKinds.NikDigitTypo, ref noise, () => Replace(ref nik, NikNoise.DigitTypo(nik, rng, _nikDigits, _isFree)));
        Apply(rng, NoiseKinds.NikBirthDateDigits, ref noise, () => Replace(ref nik, NikNoise.BirthDateDigits(nik, rng, _isFree)));
        _submittedNiks.Add(nik);
        return nik;
    }

    private static bool Replace(ref long nik, long? typed)
    {
        if (typed is not { } value)
        {
            return false;
        }
        nik = value;
        return true;
    }

    /// <summary>
    /// Draws whether <paramref name="kind"/> applies (it always does when the record's combination has it);
    /// when it does and <paramref name="attempt"/> succeeds, records it.
    /// </summary>
    private bool Apply(Rng rng, NoiseKinds kind, ref RecordNoise noise, Func<bool>? attempt = null)
    {
        if ((!rng.Chance(_rates.RateOf(kind)) && (noise.Combined & kind) == 0) || (attempt is not null && !attempt()))
        {
            return false;
        }
        noise.Applied |= kind;
        return true;
    }

    /// <summary>The record's combination of noise kinds, or none; from a stream of its own, so the independent noise stays as it was.</summary>
    private NoiseKinds DrawCombination(int id)
    {
        var u = Rng.For(_options.Seed, RngStream.Combination, id).NextDouble();
        foreach (var combination in _rates.Combinations)
        {
            if (u < combination.Rate)
            {
                return combination.Kinds;
            }
            u -= combination.Rate;
        }
        return NoiseKinds.None;
    }

    /// <summary>A plausible slip: day and month swapped, a day or month off, the year off by one or by ten.</summary>
    private static DateOnly? MistypedDate(DateOnly date, Rng rng)
    {
        var (y, m, d) = rng.Next(4) switch
        {
            0 => (date.Year, date.Day, date.Month),
            1 => (date.Year, date.Month, date.Day + (rng.Chance(0.5) ? 1 : -1) * rng.Between(1, 3)),
            2 => (date.Year, date.Month + (rng.Chance(0.5) ? 1 : -1), date.Day),
            _ => (date.Year + (rng.Chance(0.5) ? 1 : -1) * (rng.Chance(0.7) ? 1 : 10), date.Month, date.Day),
        };
        return m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m) ? new DateOnly(y, m, d) : null;
    }

    private static long Income(Rng traits, Occupation occupation)
    {
        var income = MedianIncome[occupation] * Math.Exp(0.45 * traits.NextGaussian());
        // Declared incomes are round numbers; BPU contributions are computed from Rp 1,000,000 to Rp 20,700,000.
        return Math.Clamp((long)Math.Round(income / 50_000) * 50_000, 300_000, 20_000_000);
    }

    private static FundingSource Funding(Rng traits, int decile, Occupation occupation)
    {
        var apbd = decile <= 4 ? 0.35 : 0.04;
        if (CommunityOccupations.Contains(occupation))
        {
            apbd += 0.25;
        }
        var u = traits.NextDouble();
        return u < apbd ? FundingSource.Apbd
            : u < apbd + 0.04 ? FundingSource.Apbn
            : u < apbd + 0.09 ? FundingSource.Sponsor
            : FundingSource.Self;
    }

    private static string Phone(Rng traits)
    {
        var prefix = traits.Pick(MobilePrefixes);
        var international = traits.Chance(0.1);
        // 08xx plus 7-9 digits is 11-13 digits; +628xx plus 7-8 stays within 13.
        var rest = traits.Between(7, international ? 8 : 9);
        var digits = new char[rest];
        for (var i = 0; i < rest; i++)
        {
            digits[i] = (char)('0' + traits.Next(10));
        }
        return (international ? "+62" + prefix[1..] : prefix) + new string(digits);
    }

    private static string Address(Rng traits, Kelurahan kelurahan)
    {
        var rt = traits.Between(1, 12);
        var rw = traits.Between(1, 15);
        var place = traits.Chance(0.6)
            ? $"{traits.Pick(Streets)} No. {traits.Between(1, 250)}"
            : traits.Pick(Kampung);
        return $"{place}, RT {rt:D3}/RW {rw:D3}, Kel. {kelurahan.Name}";
    }

    /// <summary>A code that looks right but is not one of the 68: a Kabupaten Bogor desa, or a number Kota Bogor does not use.</summary>
    private static string UnknownKelurahanCode(Rng rng)
    {
        while (true)
        {
            var code = rng.Chance(0.5)
                ? $"32.01.{rng.Between(1, 40):D2}.{rng.Between(2001, 2020)}"
                : $"32.71.{rng.Between(1, 7):D2}.{rng.Between(1001, 1020)}";
            if (!Wilayah.KotaBogor.TryFindKelurahan(code, out _))
            {
                return code;
            }
        }
    }

    /// <summary>The noise put on one record so far, and the kinds its combination calls for.</summary>
    private struct RecordNoise(NoiseKinds combined)
    {
        public readonly NoiseKinds Combined = combined;
        public NoiseKinds Applied;
    }
}
