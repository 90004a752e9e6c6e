using System.Globalization;
using Exchange.Core.Identity;
using Exchange.Core.Reference;
using Exchange.Synthetic;
using Jamsostek.Exchange.V1;

namespace Exchange.Synthetic.Tests;

public sealed class IdentityTests(SyntheticSet set) : IClassFixture<SyntheticSet>
{
    [Fact]
    public void Every_participant_nik_is_valid_unique_and_agrees_with_birth_date_and_sex()
    {
        foreach (var participant in set.Registry)
        {
            AssertConsistent(participant.Nik, Date(participant.BirthDate), participant.Sex);
        }
        Assert.Equal(set.Registry.Count, set.RegistryByNik.Count);
    }

    [Fact]
    public void Every_true_person_nik_is_valid_and_agrees_with_birth_date_and_sex()
    {
        foreach (var person in set.Data.Submitted.Select(r => r.Truth.Person))
        {
            AssertConsistent(person.Nik, person.BirthDate, person.Sex);
        }
    }

    [Fact]
    public void Every_submitted_nik_is_valid_and_unique_unless_made_invalid_on_purpose()
    {
        var niks = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (record, truth) in set.Data.Submitted)
        {
            var problem = Nik.Inspect(record.Nik, out _);
            if (truth.Noise.HasFlag(NoiseKinds.ScientificNotationNik))
            {
                Assert.Equal(NikProblem.ScientificNotation, problem);
                continue;
            }
            Assert.Equal(NikProblem.None, problem);
            Assert.True(niks.Add(record.Nik), $"NIK {Nik.Mask(record.Nik)} submitted twice");
        }
    }

    [Fact]
    public void Nik_noise_changes_exactly_what_its_label_says()
    {
        const NoiseKinds nikKinds = NoiseKinds.NikAdjacentSwap | NoiseKinds.NikDigitTypo | NoiseKinds.NikBirthDateDigits
            | NoiseKinds.NikCollision | NoiseKinds.ScientificNotationNik;
        foreach (var (record, truth) in set.Data.Submitted)
        {
            if ((truth.Noise & nikKinds) == NoiseKinds.None)
            {
                Assert.Equal(truth.Person.Nik, record.Nik);
                continue;
            }
            if (truth.Noise.HasFlag(NoiseKinds.ScientificNotationNik))
            {
                continue;
            }
            Assert.NotEqual(truth.Person.Nik, record.Nik);
            if (truth.Noise.HasFlag(NoiseKinds.NikCollision))
            {
                // Another real person: a participant who is not this person.
                Assert.True(set.RegistryByNik.TryGetValue(record.Nik, out var other));
                Assert.NotEqual(truth.ParticipantNik, other.Nik);
            }
            else
            {
                // A typo never lands on a real person by accident.
                Assert.False(set.RegistryByNik.ContainsKey(record.Nik));
            }
            if ((truth.Noise & nikKinds) == NoiseKinds.NikBirthDateDigits)
            {
                Nik.Inspect(record.Nik, out var nik);
                Assert.False(nik.AgreesWithBirthDate(truth.Person.BirthDate));
            }
        }
    }

    [Fact]
    public void Wrong_birth_dates_are_labelled_and_stay_within_working_age()
    {
        var options = set.Data.Options;
        var youngest = options.AsOf.AddYears(-options.MinimumAge);
        var oldest = options.AsOf.AddYears(-options.MaximumAge - 1).AddDays(1);
        foreach (var (record, truth) in set.Data.Submitted)
        {
            var birthDate = Date(record.BirthDate);
            Assert.Equal(truth.Noise.HasFlag(NoiseKinds.WrongBirthDate), birthDate != truth.Person.BirthDate);
            Assert.InRange(birthDate, oldest, youngest);
            Assert.InRange(truth.Person.BirthDate, oldest, youngest);
        }
    }

    [Fact]
    public void Most_niks_are_from_kota_bogor_some_from_kabupaten_bogor_and_jakarta()
    {
        var regions = set.Registry.Select(p => p.Nik[..4]).ToList();
        var share = (Func<string, bool> match) => regions.Count(match) / (double)regions.Count;

        Assert.InRange(share(r => r == "3271"), 0.60, 0.80);
        Assert.InRange(share(r => r == "3201"), 0.08, 0.20);
        Assert.InRange(share(r => r.StartsWith("31", StringComparison.Ordinal)), 0.03, 0.12);
        Assert.InRange(share(r => !r.StartsWith("32", StringComparison.Ordinal) && !r.StartsWith("31", StringComparison.Ordinal)), 0.01, 0.10);
        Assert.All(set.Registry.Where(p => p.Nik.StartsWith("3271", StringComparison.Ordinal)),
            p => Assert.InRange(int.Parse(p.Nik.AsSpan(4, 2), CultureInfo.InvariantCulture), 1, 6));
    }

    [Fact]
    public void Kelurahan_codes_are_kota_bogor_ones_except_deliberately_unknown_ones()
    {
        foreach (var (record, truth) in set.Data.Submitted)
        {
            var known = Wilayah.KotaBogor.TryFindKelurahan(record.KelurahanCode, out _);
            Assert.Equal(!truth.Noise.HasFlag(NoiseKinds.UnknownKelurahan), known);
            Assert.True(Wilayah.KotaBogor.TryFindKelurahan(truth.Person.KelurahanCode, out _));
        }
        Assert.All(set.Registry.Where(p => p.KelurahanCode.Length > 0),
            p => Assert.True(Wilayah.KotaBogor.TryFindKelurahan(p.KelurahanCode, out _)));
        var used = set.Data.Submitted.Select(r => r.Truth.Person.KelurahanCode).Distinct().Count();
        Assert.Equal(Wilayah.KotaBogor.AllKelurahan.Count, used);
    }

    [Fact]
    public void Invalid_records_are_exactly_the_deliberate_ones()
    {
        foreach (var (record, truth) in set.Data.Submitted)
        {
            var invalid = Nik.Inspect(record.Nik, out _) != NikProblem.None
                || string.IsNullOrWhiteSpace(record.FullName)
                || !Wilayah.KotaBogor.TryFindKelurahan(record.KelurahanCode, out _);
            Assert.Equal(truth.IsInvalid, invalid);
        }
        Assert.Contains(set.Data.Submitted, r => r.Truth.IsInvalid);
    }

    private static void AssertConsistent(string text, DateOnly birthDate, Sex sex)
    {
        Assert.Equal(NikProblem.None, Nik.Inspect(text, out var nik));
        Assert.True(nik.AgreesWithBirthDate(birthDate), $"NIK {Nik.Mask(text)} disagrees with {birthDate:O}");
        Assert.Equal(sex == Sex.Female, nik.IsFemale);
    }

    private static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
