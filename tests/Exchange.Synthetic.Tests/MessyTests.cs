using System.Numerics;
using Exchange.Synthetic;

namespace Exchange.Synthetic.Tests;

public sealed class MessyTests
{
    /// <summary>The kinds a matcher leans on hardest: the NIK, the birth date, the letters of the name.</summary>
    private const NoiseKinds Hard = NoiseKinds.NikAdjacentSwap | NoiseKinds.NikDigitTypo | NoiseKinds.NikBirthDateDigits
        | NoiseKinds.NikCollision | NoiseKinds.WrongBirthDate | NoiseKinds.NameTypo;

    /// <summary>Kinds nearly every record can take, so a combination of them lands on close to its rate.</summary>
    private const NoiseKinds Broad = NoiseKinds.NikAdjacentSwap | NoiseKinds.NikDigitTypo | NoiseKinds.WrongBirthDate
        | NoiseKinds.NameTypo | NoiseKinds.TokenSwap | NoiseKinds.Title | NoiseKinds.Degree;

    [Fact]
    public void Each_combination_of_broad_kinds_lands_on_its_share_of_records()
    {
        var records = ProfileSets.Of(SyntheticProfile.Messy).Submitted;
        var combinations = SyntheticProfile.Messy.Options.Noise.Combinations.Where(c => (c.Kinds & ~Broad) == 0).ToList();

        Assert.True(combinations.Count >= 3);
        foreach (var combination in combinations)
        {
            var share = records.Count(r => (r.Truth.Noise & combination.Kinds) == combination.Kinds) / (double)records.Count;
            var sd = Math.Sqrt(combination.Rate * (1 - combination.Rate) / records.Count);
            // Independent rates add a little on top; a typo that finds no free NIK takes a little away.
            Assert.InRange(share, combination.Rate - 4 * sd - 0.003, combination.Rate + 4 * sd + 0.01);
        }
    }

    [Fact]
    public void Combinations_with_names_that_cannot_take_every_kind_still_land_on_some_records()
    {
        var records = ProfileSets.Of(SyntheticProfile.Messy).Submitted;

        Assert.All(SyntheticProfile.Messy.Options.Noise.Combinations,
            c => Assert.True(records.Count(r => (r.Truth.Noise & c.Kinds) == c.Kinds) >= c.Rate * records.Count * 0.25, c.Kinds.ToString()));
    }

    [Fact]
    public void The_intended_share_of_records_has_two_or_more_hard_kinds_at_once()
    {
        var intended = SyntheticProfile.Messy.Options.Noise.Combinations
            .Where(c => BitOperations.PopCount((uint)(c.Kinds & Hard)) >= 2)
            .Sum(c => c.Rate);

        var messy = MultiNoiseShare(ProfileSets.Of(SyntheticProfile.Messy));
        var bogor = MultiNoiseShare(ProfileSets.Of(SyntheticProfile.Bogor));

        Assert.InRange(messy, intended - 0.015, intended + 0.02);
        Assert.True(bogor < 0.02, $"bogor {bogor:P1}");
    }

    [Fact]
    public void Profiles_without_combinations_have_none()
    {
        Assert.Empty(SyntheticProfile.Bogor.Options.Noise.Combinations);
        Assert.NotEmpty(SyntheticProfile.Messy.Options.Noise.Combinations);
    }

    private static double MultiNoiseShare(SyntheticDataSet data) =>
        data.Submitted.Count(r => BitOperations.PopCount((uint)(r.Truth.Noise & Hard)) >= 2) / (double)data.Submitted.Count;
}
