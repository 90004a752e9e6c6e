using Exchange.Synthetic;

namespace Exchange.Synthetic.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Defaults_are_the_benchmark_set()
    {
        var options = new SyntheticOptions();

        Assert.Equal(100_000, options.SubmittedCount);
        Assert.Equal(1_000_000, options.RegistrySize);
        Assert.Equal(0.60, options.Shares.Absent, 9);
    }

    [Fact]
    public void A_registry_smaller_than_the_submission_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticGenerator.Generate(new SyntheticOptions { SubmittedCount = 10, RegistrySize = 5 }));
    }

    [Fact]
    public void Shares_over_one_are_refused()
    {
        var options = new SyntheticOptions { SubmittedCount = 10, RegistrySize = 10, Shares = new RegistryShares(0.5, 0.3, 0.3) };

        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticGenerator.Generate(options));
    }

    [Fact]
    public void A_rate_outside_zero_to_one_is_refused()
    {
        var options = new SyntheticOptions { SubmittedCount = 10, RegistrySize = 10, Noise = new NoiseRates { NameTypo = 1.5 } };

        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticGenerator.Generate(options));
    }

    [Fact]
    public void More_stale_addresses_than_known_ones_are_refused()
    {
        var options = new SyntheticOptions { SubmittedCount = 10, RegistrySize = 10, MemberAddresses = new RegistryAddresses(Known: 0.2, Stale: 0.3) };

        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticGenerator.Generate(options));
    }

    [Fact]
    public void Nik_typo_positions_need_one_weight_per_digit()
    {
        var options = new SyntheticOptions { SubmittedCount = 10, RegistrySize = 10, Noise = new NoiseRates { NikTypoPositions = [1, 1, 1] } };

        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticGenerator.Generate(options));
    }

    [Fact]
    public void Combinations_adding_up_to_more_than_every_record_are_refused()
    {
        var noise = new NoiseRates
        {
            Combinations = [new(NoiseKinds.NikDigitTypo | NoiseKinds.NameTypo, 0.6), new(NoiseKinds.Title | NoiseKinds.Degree, 0.6)],
        };

        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticGenerator.Generate(new SyntheticOptions { SubmittedCount = 10, RegistrySize = 10, Noise = noise }));
    }
}
