using System.Runtime.Intrinsics;

namespace Exchange.Core.Names;

/// <summary>
/// How often each letter occurs in a word (A to Z each counted apart, anything else in six shared
/// buckets): two words cannot match more letters than they have in common, which bounds their
/// Jaro-Winkler similarity without comparing them.
/// </summary>
internal readonly struct LetterCounts
{
    /// <summary>Longer words (absurd for a name) could overflow a count; they are never bounded.</summary>
    public const int MaxLength = byte.MaxValue;

    private readonly Vector256<byte> _counts;

    private LetterCounts(Vector256<byte> counts) => _counts = counts;

    public static LetterCounts Of(ReadOnlySpan<char> word)
    {
        if (word.Length > MaxLength)
        {
            return default;
        }
        Span<byte> counts = stackalloc byte[Vector256<byte>.Count];
        foreach (var c in word)
        {
            counts[c is >= 'A' and <= 'Z' ? c - 'A' : 26 + c % 6]++;
        }
        return new(Vector256.Create<byte>(counts));
    }

    /// <summary>The counts of two words written one after the other, when together short enough.</summary>
    public static LetterCounts operator +(LetterCounts first, LetterCounts second) => new(first._counts + second._counts);

    /// <summary>An upper bound on the letters the two words can match: what they have in common.</summary>
    public static int Common(in LetterCounts first, in LetterCounts second)
    {
        var (lower, upper) = Vector256.Widen(Vector256.Min(first._counts, second._counts));
        return Vector256.Sum(lower + upper);
    }
}
