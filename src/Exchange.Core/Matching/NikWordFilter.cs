using System.Numerics;

namespace Exchange.Core.Matching;

/// <summary>
/// A Bloom filter of (packed NIK, key, name word) entries: whether a NIK may be registered, under a key
/// such as a kelurahan, to someone whose name has a word with a given signature bit. Never wrong when
/// it says no. All the words of one (NIK, key) share a 64-bit block, so a question costs one memory
/// access however many words it asks about. Read-only once built.
/// </summary>
internal sealed class NikWordFilter
{
    private readonly ulong[] _blocks;

    /// <param name="entries">How many (NIK, key, word) entries will be added.</param>
    /// <param name="bitsPerEntry">Filter bits per entry: the more, the fewer false hits.</param>
    public NikWordFilter(long entries, int bitsPerEntry) =>
        _blocks = new ulong[Math.Max(1, entries * bitsPerEntry / 64)];

    public long ApproximateBytes => _blocks.Length * 8L;

    public void Add(long nik, int key, ulong signature)
    {
        var hash = Hash(nik, key);
        ref var block = ref _blocks[Block(hash, _blocks.Length)];
        for (var words = signature; words != 0; words &= words - 1)
        {
            block |= Probes(hash, BitOperations.TrailingZeroCount(words));
        }
    }

    /// <summary>
    /// Sets <paramref name="found"/>[i] when an entry may have <paramref name="niks"/>[i] and this key
    /// with a word whose bit is in <paramref name="signature"/>; leaves it alone otherwise.
    /// </summary>
    public void Mark(ReadOnlySpan<long> niks, int key, ulong signature, Span<bool> found)
    {
        Span<ulong> hashes = stackalloc ulong[niks.Length];
        Span<ulong> blocks = stackalloc ulong[niks.Length];
        for (var i = 0; i < niks.Length; i++)
        {
            hashes[i] = Hash(niks[i], key);
        }
        // Loads issued back to back wait for their cache misses together, not one after another.
        for (var i = 0; i < niks.Length; i++)
        {
            blocks[i] = _blocks[Block(hashes[i], _blocks.Length)];
        }
        for (var words = signature; words != 0; words &= words - 1)
        {
            var word = BitOperations.TrailingZeroCount(words);
            for (var i = 0; i < niks.Length; i++)
            {
                var probes = Probes(hashes[i], word);
                found[i] |= (blocks[i] & probes) == probes;
            }
        }
    }

    // SplitMix64's finaliser over the NIK and key: every input bit moves every output bit.
    private static ulong Hash(long nik, int key)
    {
        var value = (ulong)nik ^ ((ulong)(uint)key * 0x9E3779B97F4A7C15UL);
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    // The high half picks the block; multiply-shift maps it onto any number of blocks.
    private static int Block(ulong hash, int blocks) => (int)(((hash >> 32) * (ulong)blocks) >> 32);

    // Four bits of the block for one word, from a second mix of the hash with the word's bit.
    private static ulong Probes(ulong hash, int word)
    {
        var bits = (hash + (ulong)(word + 1) * 0xD6E8FEB86659FD93UL) * 0x9E3779B97F4A7C15UL;
        return (1UL << (int)(bits >> 58)) | (1UL << (int)((bits >> 52) & 63)) | (1UL << (int)((bits >> 46) & 63)) | (1UL << (int)((bits >> 40) & 63));
    }
}
