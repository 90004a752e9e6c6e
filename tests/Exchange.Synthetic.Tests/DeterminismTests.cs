using Exchange.Synthetic;

namespace Exchange.Synthetic.Tests;

public sealed class DeterminismTests
{
    private static readonly SyntheticOptions Small = new() { Seed = 11, SubmittedCount = 2_000, RegistrySize = 10_000 };

    [Fact]
    public void Same_seed_gives_byte_identical_output()
    {
        var first = DataSetBytes.Of(SyntheticGenerator.Generate(Small));
        var second = DataSetBytes.Of(SyntheticGenerator.Generate(Small));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Different_seed_gives_different_output()
    {
        var first = DataSetBytes.Of(SyntheticGenerator.Generate(Small));
        var other = DataSetBytes.Of(SyntheticGenerator.Generate(Small with { Seed = 12 }));

        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Reading_the_registry_twice_gives_equal_participants()
    {
        var data = SyntheticGenerator.Generate(Small);

        Assert.Equal(data.Registry.ToList(), data.Registry.ToList());
        Assert.Equal(data.Registry[17], data.Registry[17]);
    }

    [Fact]
    public void Changing_a_noise_rate_leaves_the_people_and_the_registry_alone()
    {
        var noisy = SyntheticGenerator.Generate(Small);
        var clean = SyntheticGenerator.Generate(Small with { Noise = NoiseRates.None });

        Assert.Equal(noisy.Registry.ToList(), clean.Registry.ToList());
        Assert.Equal(noisy.Submitted.Select(r => r.Truth.Person), clean.Submitted.Select(r => r.Truth.Person));
    }
}
