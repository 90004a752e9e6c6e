using System.Text.RegularExpressions;
using Exchange.Synthetic;
using Jamsostek.Exchange.V1;

namespace Exchange.Synthetic.Tests;

public sealed partial class NoiseTests(SyntheticSet set) : IClassFixture<SyntheticSet>
{
    /// <summary>Kinds nearly every record can take, so their share of all records is close to the rate.</summary>
    public static TheoryData<NoiseKinds> BroadKinds =>
    [
        NoiseKinds.Title, NoiseKinds.Degree, NoiseKinds.NameTypo, NoiseKinds.TokenSwap, NoiseKinds.PatronymicAdded,
        NoiseKinds.NikAdjacentSwap, NoiseKinds.NikDigitTypo, NoiseKinds.NikBirthDateDigits, NoiseKinds.NikCollision,
        NoiseKinds.WrongBirthDate, NoiseKinds.MissingPhone, NoiseKinds.MissingIncome, NoiseKinds.MissingWelfareDecile,
        NoiseKinds.ScientificNotationNik, NoiseKinds.MissingName, NoiseKinds.UnknownKelurahan,
    ];

    private static readonly HashSet<string> Abbreviable = new(StringComparer.Ordinal)
    {
        "Muhammad", "Muhamad", "Mochamad", "Mohamad", "Mohammad", "Mochammad", "Moch", "Muhammat", "Siti", "Abdul", "Ahmad", "Nur",
    };

    [Theory]
    [MemberData(nameof(BroadKinds))]
    public void Broad_noise_kinds_occur_at_their_configured_rate(NoiseKinds kind)
    {
        var records = set.Data.Submitted;
        var rate = SyntheticSet.Options.Noise.RateOf(kind);

        var observed = records.Count(r => r.Truth.Noise.HasFlag(kind)) / (double)records.Count;

        Assert.InRange(observed, rate - Tolerance(rate, records.Count) - 0.01, rate + Tolerance(rate, records.Count));
    }

    [Fact]
    public void Abbreviation_occurs_at_its_rate_among_names_that_can_be_abbreviated()
    {
        var eligible = set.Data.Submitted
            .Where(r => r.Truth.Person.FullName.Split(' ').Any(Abbreviable.Contains))
            .ToList();
        var rate = SyntheticSet.Options.Noise.Abbreviation;

        var observed = eligible.Count(r => r.Truth.Noise.HasFlag(NoiseKinds.Abbreviation)) / (double)eligible.Count;

        Assert.InRange(observed, rate - Tolerance(rate, eligible.Count), rate + Tolerance(rate, eligible.Count));
        Assert.DoesNotContain(set.Data.Submitted, r => r.Truth.Noise.HasFlag(NoiseKinds.Abbreviation) && !eligible.Contains(r));
    }

    [Fact]
    public void Patronymics_are_dropped_only_where_the_ktp_has_one()
    {
        var withPatronymic = set.Data.Submitted.Where(r => HasPatronymic(r.Truth.Person.FullName)).ToList();

        Assert.NotEmpty(withPatronymic);
        Assert.All(set.Data.Submitted.Where(r => r.Truth.Noise.HasFlag(NoiseKinds.PatronymicDropped)),
            r => Assert.Contains(r, withPatronymic));
        Assert.All(set.Data.Submitted.Where(r => r.Truth.Noise.HasFlag(NoiseKinds.PatronymicAdded)),
            r => Assert.True(HasPatronymic(r.Record.FullName)));
    }

    [Fact]
    public void Every_noise_kind_occurs_with_the_default_rates()
    {
        var seen = set.Data.Submitted.Aggregate(NoiseKinds.None, (all, r) => all | r.Truth.Noise);

        // Twins are people, not noise: the bogor defaults have none (the namesakes profile does).
        Assert.All(Enum.GetValues<NoiseKinds>().Where(k => k is not NoiseKinds.None and not NoiseKinds.Invalid and not NoiseKinds.Twin),
            kind => Assert.True(seen.HasFlag(kind), $"{kind} never applied"));
    }

    [Fact]
    public void Without_noise_every_record_is_its_person()
    {
        var data = SyntheticGenerator.Generate(SyntheticSet.Options with { SubmittedCount = 2_000, RegistrySize = 5_000, Noise = NoiseRates.None });

        foreach (var (record, truth) in data.Submitted)
        {
            Assert.Equal(NoiseKinds.None, truth.Noise);
            Assert.Equal(truth.Person.Nik, record.Nik);
            Assert.Equal(truth.Person.FullName.ToUpperInvariant(), record.FullName.ToUpperInvariant());
            Assert.Equal(truth.Person.BirthDate.ToString("yyyy-MM-dd", null), record.BirthDate);
            Assert.Equal(truth.Person.Sex, record.Sex);
            Assert.NotEmpty(record.Phone);
            Assert.True(record.HasMonthlyIncomeRupiah);
            Assert.True(record.HasWelfareDecile);
        }
    }

    [Fact]
    public void Optional_fields_are_missing_exactly_when_labelled_and_well_formed_when_present()
    {
        foreach (var (record, truth) in set.Data.Submitted)
        {
            Assert.Equal(truth.Noise.HasFlag(NoiseKinds.MissingPhone), record.Phone.Length == 0);
            Assert.Equal(truth.Noise.HasFlag(NoiseKinds.MissingIncome), !record.HasMonthlyIncomeRupiah);
            Assert.Equal(truth.Noise.HasFlag(NoiseKinds.MissingWelfareDecile), !record.HasWelfareDecile);
            if (record.Phone.Length > 0)
            {
                Assert.Matches(MobileNumber(), record.Phone);
            }
            if (record.HasMonthlyIncomeRupiah)
            {
                Assert.InRange(record.MonthlyIncomeRupiah, 300_000, 20_000_000);
            }
            if (record.HasWelfareDecile)
            {
                Assert.InRange(record.WelfareDecile, 1, 10);
            }
            Assert.NotEqual(Occupation.Unspecified, record.Occupation);
            Assert.NotEqual(FundingSource.Unspecified, record.FundingSource);
            Assert.InRange(record.Address.Length, 10, 500);
            Assert.DoesNotMatch(Digit(), record.FullName);
        }
    }

    /// <summary>Four standard deviations of a binomial share, plus a little for kinds a few records cannot take.</summary>
    private static double Tolerance(double rate, int n) => 4 * Math.Sqrt(rate * (1 - rate) / n) + 0.002;

    private static bool HasPatronymic(string name) =>
        name.Contains(" bin ", StringComparison.OrdinalIgnoreCase) || name.Contains(" binti ", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^(08\d{8,11}|\+628\d{7,10})$")]
    private static partial Regex MobileNumber();

    [GeneratedRegex(@"\d")]
    private static partial Regex Digit();
}
