using Exchange.Core.Identity;
using Exchange.Synthetic;

namespace Exchange.Synthetic.Tests;

public sealed class ProfileTests
{
    public static TheoryData<string> ProfileNames => [.. SyntheticProfile.All.Select(p => p.Name)];

    [Fact]
    public void There_are_at_least_four_profiles_with_distinct_names()
    {
        Assert.True(SyntheticProfile.All.Count >= 4);
        Assert.Equal(SyntheticProfile.All.Count, SyntheticProfile.All.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(SyntheticProfile.All, p => Assert.Same(p, SyntheticProfile.Named(p.Name)));
    }

    [Fact]
    public void An_unknown_profile_is_refused_naming_the_known_ones()
    {
        var refused = Assert.Throws<ArgumentException>(() => SyntheticProfile.Named("jakarta"));

        Assert.Contains("sparse-registry", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bogor_is_the_defaults()
    {
        Assert.Equal(new SyntheticOptions(), SyntheticProfile.Bogor.Options);
    }

    [Fact]
    public void A_profile_takes_the_seed_and_sizes_it_is_given()
    {
        var options = SyntheticProfile.Namesakes.With(seed: 7, submittedCount: 300, registrySize: 900);

        Assert.Equal((7, 300, 900), (options.Seed, options.SubmittedCount, options.RegistrySize));
        Assert.Equal(SyntheticProfile.Namesakes.Options.Names, options.Names);
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void Each_profile_is_deterministic_per_seed(string name)
    {
        var profile = SyntheticProfile.Named(name);

        var first = DataSetBytes.Of(SyntheticGenerator.Generate(profile.With(11, 2_000, 10_000)));
        var again = DataSetBytes.Of(SyntheticGenerator.Generate(profile.With(11, 2_000, 10_000)));
        var otherSeed = DataSetBytes.Of(SyntheticGenerator.Generate(profile.With(12, 2_000, 10_000)));

        Assert.Equal(first, again);
        Assert.NotEqual(first, otherSeed);
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void Each_profile_keeps_niks_unique_and_truths_pointing_at_their_participants(string name)
    {
        var data = ProfileSets.Of(SyntheticProfile.Named(name));
        var registry = data.Registry.ToDictionary(p => p.Nik, StringComparer.Ordinal);

        Assert.Equal(ProfileSets.RegistrySize, registry.Count);
        var submitted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (record, truth) in data.Submitted)
        {
            if (truth.ParticipantNik is { } nik)
            {
                Assert.Equal(truth.Person.FullName.ToUpperInvariant(), registry[nik].FullName);
            }
            if (truth.Noise.HasFlag(NoiseKinds.ScientificNotationNik))
            {
                continue;
            }
            Assert.Equal(NikProblem.None, Nik.Inspect(record.Nik, out _));
            Assert.True(submitted.Add(record.Nik));
            // Only a collision lands on another real person.
            Assert.Equal(truth.Noise.HasFlag(NoiseKinds.NikCollision), registry.ContainsKey(record.Nik) && record.Nik != truth.ParticipantNik);
        }
    }

    [Fact]
    public void Profiles_with_goals_keep_nik_noise_near_a_real_register_and_the_stress_profile_does_not()
    {
        const NoiseKinds Nik = NoiseKinds.NikAdjacentSwap | NoiseKinds.NikDigitTypo | NoiseKinds.NikBirthDateDigits | NoiseKinds.NikCollision;
        double Share(SyntheticProfile profile) =>
            ProfileSets.Of(profile).Submitted.Count(r => (r.Truth.Noise & Nik) != 0) / (double)ProfileSets.SubmittedCount;

        Assert.All(SyntheticProfile.All.Where(p => p.Gated), p => Assert.InRange(Share(p), 0.03, 0.07));
        Assert.False(SyntheticProfile.Stress.Gated);
        Assert.True(Share(SyntheticProfile.Stress) > 0.10, $"stress {Share(SyntheticProfile.Stress):P1}");
    }
}
