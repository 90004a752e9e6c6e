namespace Exchange.Synthetic;

/// <summary>The independent random streams of one run.</summary>
internal enum RngStream : ulong
{
    Kelurahan = 1,
    Person = 2,
    Standing = 3,
    Membership = 4,
    Registry = 5,
    Worker = 6,
    Noise = 7,
    Combination = 8,
    Twin = 9,
}

/// <summary>
/// SplitMix64. Its output is fixed by this code alone, never by the runtime version, and a fresh stream
/// per person is free: a person's traits do not shift when another person's draws or a noise rate change.
/// </summary>
internal sealed class Rng
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    private ulong _state;

    private Rng(ulong state) => _state = state;

    public static Rng For(int seed, RngStream stream, long index) =>
        new(Mix(Mix((ulong)(uint)seed * Golden ^ (ulong)stream) + Mix((ulong)index)));

    public ulong NextUInt64() => Mix(_state += Golden);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, count).</summary>
    public int Next(int count) => (int)(((NextUInt64() >> 32) * (ulong)count) >> 32);

    /// <summary>Uniform in [min, max], both included.</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    /// <summary>True with probability <paramref name="p"/>. Always draws, so a rate of zero keeps later draws in place.</summary>
    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Standard normal (Box-Muller).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fisher-Yates, in place.</summary>
    public void Shuffle<T>(T[] items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
