using Exchange.Synthetic;

namespace Exchange.Synthetic.Tests;

public sealed class NamesakeTests
{
    [Fact]
    public void The_namesakes_registry_has_many_more_people_sharing_name_and_birthday_than_bogor()
    {
        var namesakes = SameNameSameBirthdayPairs(ProfileSets.Of(SyntheticProfile.Namesakes));
        var bogor = SameNameSameBirthdayPairs(ProfileSets.Of(SyntheticProfile.Bogor));

        Assert.True(namesakes >= 5 * Math.Max(bogor, 1), $"namesakes {namesakes} pairs, bogor {bogor}");
    }

    [Fact]
    public void Javanese_and_arabic_derived_names_lead_and_a_few_names_cover_most_people()
    {
        var firstNames = FirstNameCounts(ProfileSets.Of(SyntheticProfile.Namesakes));
        var top = firstNames.Take(8).Select(g => g.Name).ToList();
        var share = (IEnumerable<(string Name, int Count)> counts) => counts.Take(10).Sum(g => g.Count) / (double)ProfileSets.RegistrySize;

        Assert.Contains("AGUS", top);
        Assert.Contains("SRI", top);
        Assert.Contains("SITI", top);
        Assert.DoesNotContain("ASEP", top);
        var bogor = share(FirstNameCounts(ProfileSets.Of(SyntheticProfile.Bogor)));
        Assert.True(share(firstNames) > bogor + 0.1, $"top ten first names hold {share(firstNames):P0}, in bogor {bogor:P0}");
    }

    [Fact]
    public void The_namesakes_profile_has_twins_and_bogor_has_none()
    {
        var twins = ProfileSets.Of(SyntheticProfile.Namesakes).Submitted.Count(r => r.Truth.Noise.HasFlag(NoiseKinds.Twin));

        Assert.True(twins > ProfileSets.SubmittedCount * 0.03, $"{twins} twins");
        Assert.DoesNotContain(ProfileSets.Of(SyntheticProfile.Bogor).Submitted, r => r.Truth.Noise.HasFlag(NoiseKinds.Twin));
    }

    private static long SameNameSameBirthdayPairs(SyntheticDataSet data) =>
        data.Registry.GroupBy(p => (p.FullName, p.BirthDate)).Sum(g => (long)g.Count() * (g.Count() - 1) / 2);

    private static List<(string Name, int Count)> FirstNameCounts(SyntheticDataSet data) =>
        [.. data.Registry
            .GroupBy(p => p.FullName.Split(' ')[0], StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count()))
            .OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal)];
}
