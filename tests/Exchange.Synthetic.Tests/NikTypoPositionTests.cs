using Exchange.Synthetic;

namespace Exchange.Synthetic.Tests;

public sealed class NikTypoPositionTests
{
    private const NoiseKinds NikKinds = NoiseKinds.NikAdjacentSwap | NoiseKinds.NikDigitTypo | NoiseKinds.NikBirthDateDigits
        | NoiseKinds.NikCollision | NoiseKinds.ScientificNotationNik;

    [Fact]
    public void Sparse_registry_typos_land_where_its_weights_put_them()
    {
        var weights = SyntheticProfile.SparseRegistry.Options.Noise.NikTypoPositions;
        var positions = TypoPositions(ProfileSets.Of(SyntheticProfile.SparseRegistry), NoiseKinds.NikDigitTypo);
        var share = (Range digits) => positions.Count(p => p >= digits.Start.Value && p < digits.End.Value) / (double)positions.Count;
        var weighted = (Range digits) => weights.Take(digits).Sum() / weights.Sum();
        var tolerance = 4 * Math.Sqrt(0.25 / positions.Count) + 0.02;

        Assert.True(positions.Count > 150, $"{positions.Count} digit typos");
        Assert.InRange(share(12..16), weighted(12..16) - tolerance, weighted(12..16) + tolerance);
        Assert.InRange(share(0..6), weighted(0..6) - tolerance, weighted(0..6) + tolerance);
        // Date digits seldom give a free NIK, so they come out below their (small) weight, never above.
        Assert.True(share(6..12) <= weighted(6..12) + tolerance, $"date digits {share(6..12):F3}");
    }

    [Fact]
    public void Bogor_typos_land_anywhere_including_the_serial_and_the_region()
    {
        var positions = TypoPositions(ProfileSets.Of(SyntheticProfile.Bogor), NoiseKinds.NikDigitTypo);

        Assert.Contains(positions, p => p >= 12);
        Assert.Contains(positions, p => p is >= 6 and < 12);
        Assert.Contains(positions, p => p < 6);
    }

    [Fact]
    public void Weight_on_the_last_digit_puts_every_typo_and_swap_there()
    {
        var last = Enumerable.Range(0, 16).Select(at => at == 15 ? 1.0 : 0.0).ToArray();
        var data = SyntheticGenerator.Generate(new SyntheticOptions
        {
            SubmittedCount = 5_000, RegistrySize = 10_000,
            Noise = new NoiseRates { NikDigitTypo = 0.05, NikAdjacentSwap = 0.05, NikTypoPositions = last },
        });

        var typos = TypoPositions(data, NoiseKinds.NikDigitTypo);
        var swaps = TypoPositions(data, NoiseKinds.NikAdjacentSwap);

        Assert.NotEmpty(typos);
        Assert.All(typos, p => Assert.Equal(15, p));
        // The only pair holding the last digit is the 15th and 16th.
        Assert.NotEmpty(swaps);
        Assert.All(swaps, p => Assert.Equal(14, p));
    }

    /// <summary>The first digit that differs from the person's NIK, for records whose only NIK noise is <paramref name="kind"/>.</summary>
    private static List<int> TypoPositions(SyntheticDataSet data, NoiseKinds kind) =>
        [.. data.Submitted
            .Where(r => (r.Truth.Noise & NikKinds) == kind)
            .Select(r => Enumerable.Range(0, 16).First(at => r.Record.Nik[at] != r.Truth.Person.Nik[at]))];
}
