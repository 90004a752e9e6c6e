using System.Collections.Concurrent;
using Exchange.Synthetic;

namespace Exchange.Synthetic.Tests;

/// <summary>One small data set per profile, made on first use and shared by every test that only reads it.</summary>
internal static class ProfileSets
{
    public const int SubmittedCount = 10_000;
    public const int RegistrySize = 50_000;

    private static readonly ConcurrentDictionary<string, Lazy<SyntheticDataSet>> Sets = new(StringComparer.Ordinal);

    public static SyntheticDataSet Of(SyntheticProfile profile) =>
        Sets.GetOrAdd(profile.Name, _ => new Lazy<SyntheticDataSet>(() => SyntheticGenerator.Generate(profile.With(2025, SubmittedCount, RegistrySize)))).Value;
}
