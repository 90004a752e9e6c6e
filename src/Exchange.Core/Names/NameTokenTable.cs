using System.Runtime.CompilerServices;

namespace Exchange.Core.Names;

/// <summary>Room for the words of one name without touching the heap.</summary>
[InlineArray(NameTokenizer.MaxTokens)]
internal struct NameTokenBuffer
{
    private NameToken _element;
}

/// <summary>
/// Interns the words of registry names so that a million names share one object per distinct word,
/// and finds a submitted word among them without allocating. Read-only once built.
/// </summary>
internal sealed class NameTokenTable
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<NameToken> _tokens = [];

    public NameTokenTable() => _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _tokens.Count;

    /// <summary>
    /// Set once the table holds a registry large enough to tell a rare word from a name: a word it
    /// does not know, or knows from a handful of names only, is then <see cref="NameToken.IsRare"/>.
    /// </summary>
    public bool KnowsRarity { get; private set; }

    /// <summary>Marks every word whose count is below <paramref name="establishedCount"/> as rare; from now on unknown words are rare too.</summary>
    public void LearnRarity(ReadOnlySpan<int> counts, int establishedCount)
    {
        for (var id = 0; id < _tokens.Count; id++)
        {
            _tokens[id].IsRare = counts[id] < establishedCount;
        }
        KnowsRarity = true;
    }

    public NameToken this[int id] => _tokens[id];

    /// <summary>Strings, token objects and dictionary entries, estimated.</summary>
    public long ApproximateBytes =>
        _tokens.Sum(token => 2L * (token.Text.Length + (token.Modern?.Length ?? 0)) + 22 + (token.Modern is null ? 0 : 22) + 112)
        + _ids.Count * 28L + _tokens.Capacity * 8L;

    /// <summary>Writes the ids of <paramref name="fullName"/>'s words to <paramref name="ids"/>, adding new words.</summary>
    public int Intern(string fullName, Span<int> ids)
    {
        Span<Range> ranges = stackalloc Range[NameTokenizer.MaxTokens];
        Span<char> buffer = stackalloc char[Math.Min(fullName.Length, NameSplitter.MaxLength)];
        var count = NameTokenizer.Fold(fullName, ranges, buffer);
        for (var i = 0; i < count; i++)
        {
            var folded = buffer[ranges[i]];
            var text = NameAliases.Find(folded);
            if (!(text is null ? _lookup.TryGetValue(folded, out var id) : _ids.TryGetValue(text, out id)))
            {
                text ??= new string(folded);
                id = _tokens.Count;
                _tokens.Add(new NameToken(text));
                _ids.Add(text, id);
            }
            ids[i] = id;
        }
        return count;
    }

    /// <summary>
    /// Writes the words of <paramref name="fullName"/> to <paramref name="tokens"/>: interned ones when
    /// the table knows them, fresh ones otherwise. Never changes the table.
    /// </summary>
    public int Read(string fullName, Span<NameToken> tokens)
    {
        Span<Range> ranges = stackalloc Range[NameTokenizer.MaxTokens];
        Span<char> buffer = stackalloc char[Math.Min(fullName.Length, NameSplitter.MaxLength)];
        var count = NameTokenizer.Fold(fullName, ranges, buffer);
        for (var i = 0; i < count; i++)
        {
            var folded = buffer[ranges[i]];
            var text = NameAliases.Find(folded);
            var known = text is null ? _lookup.TryGetValue(folded, out var id) : _ids.TryGetValue(text, out id);
            tokens[i] = known ? _tokens[id] : new NameToken(text ?? new string(folded)) { IsRare = KnowsRarity };
        }
        return count;
    }
}
