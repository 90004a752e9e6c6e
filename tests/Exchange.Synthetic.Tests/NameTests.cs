using Exchange.Synthetic;
using Jamsostek.Exchange.V1;

namespace Exchange.Synthetic.Tests;

public sealed class NameTests(SyntheticSet set) : IClassFixture<SyntheticSet>
{
    [Fact]
    public void Given_names_follow_a_skew()
    {
        var counts = set.Registry
            .GroupBy(p => p.FullName.Split(' ')[0], StringComparer.Ordinal)
            .Select(g => g.Count())
            .Order()
            .ToList();

        var median = counts[counts.Count / 2];
        Assert.True(counts[^1] >= 20 * median, $"most common {counts[^1]}, median {median}");
    }

    [Fact]
    public void Common_sundanese_names_and_the_muhammad_family_lead_the_list()
    {
        var top = set.Registry
            .GroupBy(p => p.FullName.Split(' ')[0], StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(8)
            .Select(g => g.Key)
            .ToList();

        Assert.Contains("ASEP", top);
        Assert.Contains("UJANG", top);
        Assert.Contains("SITI", top);
        Assert.Contains(top, name => name.StartsWith("MUHAM", StringComparison.Ordinal));
    }

    [Fact]
    public void Names_have_one_two_or_three_words_and_some_a_patronymic()
    {
        var words = set.Registry.Select(p => p.FullName.Split(' ').Length).ToList();
        var share = (Func<int, bool> match) => words.Count(match) / (double)words.Count;

        Assert.InRange(share(w => w == 1), 0.03, 0.20);
        Assert.InRange(share(w => w == 2), 0.40, 0.85);
        Assert.InRange(share(w => w >= 3), 0.10, 0.45);
        Assert.Contains(set.Registry, p => p.FullName.Contains(" BIN ", StringComparison.Ordinal) && p.Sex == Sex.Male);
        Assert.Contains(set.Registry, p => p.FullName.Contains(" BINTI ", StringComparison.Ordinal) && p.Sex == Sex.Female);
    }

    [Fact]
    public void Registry_names_are_clean_capitals_without_titles()
    {
        Assert.All(set.Registry, p =>
        {
            Assert.Equal(p.FullName.ToUpperInvariant(), p.FullName);
            Assert.DoesNotContain(".", p.FullName, StringComparison.Ordinal);
            Assert.DoesNotContain(",", p.FullName, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Titles_and_degrees_appear_only_where_labelled()
    {
        foreach (var (record, truth) in set.Data.Submitted.Where(r => !r.Truth.IsInvalid))
        {
            var hasMark = record.FullName.Contains(',', StringComparison.Ordinal)
                || record.FullName.Split(' ').Any(t => t.EndsWith('.') || t is "Bpk" or "Ibu" or "KH" or "BPK" or "IBU");
            var marked = truth.Noise & (NoiseKinds.Title | NoiseKinds.Degree | NoiseKinds.Abbreviation);
            if (marked == NoiseKinds.None)
            {
                Assert.False(hasMark, record.FullName);
            }
        }
    }
}
