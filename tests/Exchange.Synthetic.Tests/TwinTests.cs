using Exchange.Synthetic;
using Jamsostek.Exchange.V1;

namespace Exchange.Synthetic.Tests;

public sealed class TwinTests(TwinTests.Set set) : IClassFixture<TwinTests.Set>
{
    [Fact]
    public void Twins_share_birth_date_sex_family_name_and_father_and_hold_the_next_serial()
    {
        var twins = set.Data.Submitted.Where(r => r.Truth.TwinNik is not null).ToList();

        Assert.InRange(twins.Count, Set.Options.SubmittedCount * 0.03, Set.Options.SubmittedCount * 0.06);
        foreach (var (_, truth) in twins)
        {
            Assert.True(truth.Noise.HasFlag(NoiseKinds.Twin));
            var twin = set.Registry[truth.TwinNik!];
            var person = truth.Person;
            Assert.Equal(person.Nik[..12], twin.Nik[..12]);
            Assert.Equal(long.Parse(person.Nik[12..], null) + 1, long.Parse(twin.Nik[12..], null));
            Assert.Equal(person.BirthDate.ToString("yyyy-MM-dd", null), twin.BirthDate);
            Assert.Equal(person.Sex, twin.Sex);
            var (given, family, father) = Parts(person.FullName.ToUpperInvariant());
            var (twinGiven, twinFamily, twinFather) = Parts(twin.FullName);
            Assert.Equal(family, twinFamily);
            Assert.Equal(father, twinFather);
            Assert.NotEqual(given, twinGiven);
        }
        Assert.All(set.Data.Submitted.Where(r => r.Truth.TwinNik is null), r => Assert.False(r.Truth.Noise.HasFlag(NoiseKinds.Twin)));
    }

    [Fact]
    public void Twins_live_in_the_same_kelurahan_where_bpjs_knows_it()
    {
        var onFile = set.Data.Submitted.Where(r => r.Truth.TwinNik is not null)
            .Select(r => (Lives: r.Truth.Person.KelurahanCode, TwinOnFile: set.Registry[r.Truth.TwinNik!].KelurahanCode))
            .Where(t => t.TwinOnFile.Length > 0)
            .ToList();

        Assert.NotEmpty(onFile);
        // The defaults keep no stale addresses for participants never submitted, and twins are such participants.
        Assert.Equal(0, Set.Options.OtherAddresses.Stale);
        Assert.All(onFile, t => Assert.Equal(t.Lives, t.TwinOnFile));
    }

    [Fact]
    public void Often_only_the_twin_who_was_not_submitted_is_registered()
    {
        var twins = set.Data.Submitted.Where(r => r.Truth.TwinNik is not null).ToList();

        var unregistered = twins.Count(r => r.Truth.ExpectedOutcome == MatchOutcome.NotRegistered) / (double)twins.Count;

        Assert.InRange(unregistered, Set.Options.Shares.Absent - 0.1, Set.Options.Shares.Absent + 0.1);
    }

    [Fact]
    public void Twins_take_registry_places_from_people_never_submitted()
    {
        Assert.Equal(Set.Options.RegistrySize, set.Registry.Count);
    }

    [Fact]
    public void Without_a_twin_share_there_are_no_twins()
    {
        var data = SyntheticGenerator.Generate(Set.Options with { SubmittedCount = 2_000, RegistrySize = 5_000, TwinShare = 0 });

        Assert.DoesNotContain(data.Submitted, r => r.Truth.TwinNik is not null || r.Truth.Noise.HasFlag(NoiseKinds.Twin));
    }

    /// <summary>Given name, family name (the last word before any bin/binti) and father's name (or "").</summary>
    private static (string Given, string Family, string Father) Parts(string fullName)
    {
        var words = fullName.Split(' ');
        var bin = Array.FindIndex(words, w => w is "BIN" or "BINTI");
        var core = bin < 0 ? words : words[..bin];
        return (core[0], core[^1], bin < 0 ? "" : words[bin + 1]);
    }

    /// <summary>A small default set with twins.</summary>
    public sealed class Set
    {
        public static readonly SyntheticOptions Options = new() { Seed = 3, SubmittedCount = 10_000, RegistrySize = 50_000, TwinShare = 0.05 };

        public Set()
        {
            Data = SyntheticGenerator.Generate(Options);
            Registry = Data.Registry.ToDictionary(p => p.Nik, StringComparer.Ordinal);
        }

        public SyntheticDataSet Data { get; }

        public IReadOnlyDictionary<string, Participant> Registry { get; }
    }
}
