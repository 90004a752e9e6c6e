using Exchange.Synthetic;
using Jamsostek.Exchange.V1;

namespace Exchange.Synthetic.Tests;

/// <summary>One small default-shaped data set shared by the tests that only read it.</summary>
public sealed class SyntheticSet
{
    public static readonly SyntheticOptions Options = new() { Seed = 7, SubmittedCount = 5_000, RegistrySize = 50_000 };

    public SyntheticSet()
    {
        Data = SyntheticGenerator.Generate(Options);
        Registry = Data.Registry.ToList();
        RegistryByNik = Registry.ToDictionary(p => p.Nik, StringComparer.Ordinal);
    }

    public SyntheticDataSet Data { get; }

    public IReadOnlyList<Participant> Registry { get; }

    public IReadOnlyDictionary<string, Participant> RegistryByNik { get; }
}
