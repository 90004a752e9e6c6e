using System.Numerics;

namespace Exchange.Core.Matching;

/// <summary>
/// A Bloom filter of (packed NIK, shelf, key, name word) entries: whether a NIK may be registered, under
/// a key such as a kelurahan, to someone whose name has a word with a given signature bit. Never wrong
/// when it says no. All the entries of one NIK on one shelf share a 64-bit block, so a question costs
/// one memory access per NIK however many words and keys of that shelf it asks about; a NIK should
/// have entries under few keys of a shelf, or its block fills up. Read-only once built.
/// </summary>
internal sealed class NikWordFilter
{
    /// <summary>Which bits of the words are filed: each shelf has blocks of its own.</summary>
    public enum Shelf
    {
        /// <summary><see cref="Exchange.Core.Names.NameToken.BlockBit"/>.</summary>
        Words,

        /// <summary><see cref="Exchange.Core.Names.NameToken.TailBit"/>.</summary>
        Tails,
    }

    // Seeds the block's hash apart from the keys' hashes.
    private const ulong ShelfSeed = 0x2545F4914F6CDD1DUL;

    private const ulong KeySeed = 0xA0761D6478BD642FUL;
    private const ulong WordSeed = 0xD6E8FEB86659FD93UL;
    private const ulong ProbeMultiplier = 0x9E3779B97F4A7C15UL;

    private readonly ulong[] _blocks;

    /// <param name="entries">How many (NIK, key, word) entries will be added.</param>
    /// <param name="bitsPerEntry">Filter bits per entry: the more, the fewer false hits.</param>
    public NikWordFilter(long entries, int bitsPerEntry) =>
        _blocks = new ulong[Math.Max(1, entries * bitsPerEntry / 64)];

    public long ApproximateBytes => _blocks.Length * 8L;

    public void Add(long nik, Shelf shelf, int key, ulong signature)
    {
        var hash = Hash(nik, ShelfSeed + (ulong)shelf);
        ref var block = ref _blocks[BlockOf(hash)];
        var keyed = Keyed(hash, key);
        for (var words = signature; words != 0; words &= words - 1)
        {
            block |= Probes(keyed, WordTerm(BitOperations.TrailingZeroCount(words)));
        }
    }

    /// <summary>
    /// Sets <paramref name="found"/>[i] when an entry on this shelf may have <paramref name="niks"/>[i]
    /// and one of these keys with a word whose bit is in <paramref name="signature"/>; leaves it alone otherwise.
    /// </summary>
    public void Mark(ReadOnlySpan<long> niks, Shelf shelf, ReadOnlySpan<int> keys, ulong signature, Span<bool> found)
    {
        if (keys.IsEmpty || signature == 0)
        {
            return;
        }
        Span<ulong> hashes = stackalloc ulong[niks.Length];
        Span<ulong> blocks = stackalloc ulong[niks.Length];
        // Loads issued back to back wait for their cache misses together, not one after another.
        for (var i = 0; i < niks.Length; i++)
        {
            hashes[i] = Hash(niks[i], ShelfSeed + (ulong)shelf);
            blocks[i] = _blocks[BlockOf(hashes[i])];
        }
        Span<ulong> wordTerms = stackalloc ulong[BitOperations.PopCount(signature)];
        var wordCount = 0;
        for (var words = signature; words != 0; words &= words - 1)
        {
            wordTerms[wordCount++] = WordTerm(BitOperations.TrailingZeroCount(words));
        }
        for (var i = 0; i < niks.Length; i++)
        {
            // An empty block, most of them in a sparse filter, holds nothing: no key or word need be mixed in.
            if (found[i] || blocks[i] == 0)
            {
                continue;
            }
            foreach (var key in keys)
            {
                if (found[i])
                {
                    break;
                }
                var keyed = Keyed(hashes[i], key);
                foreach (var wordTerm in wordTerms)
                {
                    var probes = Probes(keyed, wordTerm);
                    if ((blocks[i] & probes) == probes)
                    {
                        found[i] = true;
                        break;
                    }
                }
            }
        }
    }

    // The high half picks the block; multiply-shift maps it onto any number of blocks.
    private int BlockOf(ulong hash) => (int)(((hash >> 32) * (ulong)_blocks.Length) >> 32);

    // SplitMix64's finaliser over the NIK and a salt: every input bit moves every output bit.
    private static ulong Hash(long nik, ulong salt)
    {
        var value = (ulong)nik ^ (salt * 0x9E3779B97F4A7C15UL);
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    // The NIK's hash and the key mixed, scaled for Probes: the low half, which the block did not use,
    // times an odd multiplier per key, so each key spreads a NIK's probes its own way.
    private static ulong Keyed(ulong hash, int key) => (uint)hash * (KeySeed + 2 * (ulong)(uint)key) * ProbeMultiplier;

    // A word's share of Probes' mix: (hash + (word + 1) * C) * M is hash * M + (word + 1) * C * M, so the
    // word's part is worked out once per question, not once per NIK.
    private static ulong WordTerm(int word) => (ulong)(word + 1) * WordSeed * ProbeMultiplier;

    // Four bits of the block for one word, from a second mix of the hash with the word's bit.
    private static ulong Probes(ulong keyed, ulong wordTerm)
    {
        var bits = keyed + wordTerm;
        return (1UL << (int)(bits >> 58)) | (1UL << (int)((bits >> 52) & 63)) | (1UL << (int)((bits >> 46) & 63)) | (1UL << (int)((bits >> 40) & 63));
    }
}
