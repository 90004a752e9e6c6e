using Jamsostek.Exchange.V1;

namespace Exchange.Synthetic;

/// <summary>A person's name as ids of <see cref="NameTokens"/>: one to three (-1 when absent) and an optional bin/binti with the father's name.</summary>
internal readonly record struct PersonName(short First, short Second, short Third, short Father, bool HasPatronymic)
{
    /// <summary>The last word when there are two or more (what twins share), else -1.</summary>
    public short FamilyName => Third >= 0 ? Third : Second;

    /// <summary>The name tokens without the patronymic.</summary>
    public List<string> CoreTokens()
    {
        var tokens = new List<string>(3) { NameTokens.Text(First) };
        if (Second >= 0)
        {
            tokens.Add(NameTokens.Text(Second));
        }
        if (Third >= 0)
        {
            tokens.Add(NameTokens.Text(Third));
        }
        return tokens;
    }

    /// <summary>"bin Komar" or "binti Komar".</summary>
    public string Patronymic(Sex sex) => (sex == Sex.Female ? "binti " : "bin ") + NameTokens.Text(Father);

    /// <summary>The name as the KTP has it, Title case.</summary>
    public string FullName(Sex sex)
    {
        var core = string.Join(' ', CoreTokens());
        return HasPatronymic ? core + " " + Patronymic(sex) : core;
    }
}

/// <summary>
/// Every name token of every book, Title case, and its id: a person's name is stored as ids to keep a
/// million people small. Filled only while <see cref="NameBooks"/> builds its books, once and before
/// any name is read, so reads need no lock.
/// </summary>
internal static class NameTokens
{
    private static readonly Dictionary<string, short> Ids = new(StringComparer.Ordinal);
    private static readonly List<string> Texts = [];

    public static string Text(short id) => Texts[id];

    public static short Id(string token)
    {
        if (!Ids.TryGetValue(token, out var id))
        {
            id = checked((short)Texts.Count);
            Ids.Add(token, id);
            Texts.Add(token);
        }
        return id;
    }

    /// <summary>See <see cref="WeightedTable{T}.Zipf"/>.</summary>
    public static WeightedTable<short> Zipf(string[] namesByFrequency, double exponent, string[] tail, double tailShare) =>
        WeightedTable<short>.Zipf([.. namesByFrequency.Select(Id)], exponent, [.. tail.Select(Id)], tailShare);

    public static WeightedTable<short> Weighted(IEnumerable<(string Token, double Weight)> entries) =>
        new(entries.Select(e => (Id(e.Token), e.Weight)));

    /// <summary>Always the same token (Siti, Nur): a table of one, which needs no draw.</summary>
    public static WeightedTable<short> Only(string token) => new([(Id(token), 1.0)]);

    /// <summary>The long tail of rarer names: every root with every ending (Kus + man, Sur + yadi).</summary>
    public static string[] Tail(string[] roots, string[] endings) => [.. roots.SelectMany(r => endings.Select(e => r + e))];
}

/// <summary>A later word of a name: from <paramref name="Table"/> with probability <paramref name="Chance"/>, else from <paramref name="Otherwise"/>, or absent without it. A chance of 1 needs no draw.</summary>
internal sealed record NameSlot(WeightedTable<short> Table, double Chance = 1, WeightedTable<short>? Otherwise = null)
{
    public short Draw(Rng rng) => Chance >= 1 || rng.Chance(Chance) ? Table.Draw(rng) : Otherwise?.Draw(rng) ?? -1;
}

/// <summary>One way names are built (a single name, Muhammad + name + family name, given + family name, ...); a third word only follows a second.</summary>
internal sealed record NameShape(WeightedTable<short> First, NameSlot? Second = null, NameSlot? Third = null);

/// <summary>The name books, built together once (see <see cref="NameTokens"/>).</summary>
internal static partial class NameBooks
{
    public static NameBook Sundanese { get; } = BuildSundanese();

    public static NameBook Javanese { get; } = BuildJavanese();

    public static NameBook For(NameList list) => list switch
    {
        NameList.Sundanese => Sundanese,
        NameList.Javanese => Javanese,
        _ => throw new ArgumentOutOfRangeException(nameof(list), list, "Unknown name list."),
    };
}

/// <summary>
/// The names of one region's people: the shapes names take per sex, each word drawn from a list ordered
/// most frequent first with a Zipf-like skew, a father's name for bin/binti.
/// </summary>
internal sealed class NameBook(
    WeightedTable<NameShape> maleShapes,
    WeightedTable<NameShape> femaleShapes,
    WeightedTable<short> maleGiven,
    WeightedTable<short> femaleGiven,
    NameSlot father,
    double patronymicChance)
{
    public PersonName Draw(Rng rng, Sex sex)
    {
        var shape = (sex == Sex.Male ? maleShapes : femaleShapes).Draw(rng);
        Span<short> t = [shape.First.Draw(rng), shape.Second?.Draw(rng) ?? -1, -1];
        if (t[1] >= 0 && shape.Third is { } third)
        {
            t[2] = third.Draw(rng);
        }
        // Nobody is called "Nurjanah Nurjanah": a repeated token is dropped.
        if (t[2] >= 0 && (t[2] == t[1] || t[2] == t[0]))
        {
            t[2] = -1;
        }
        if (t[1] >= 0 && t[1] == t[0])
        {
            (t[1], t[2]) = (t[2], -1);
        }
        var fatherName = father.Draw(rng);
        var hasPatronymic = rng.Chance(patronymicChance);
        return new PersonName(t[0], t[1], t[2], fatherName, hasPatronymic);
    }

    /// <summary>A twin of <paramref name="sibling"/> (who has a family name): a given name of their own, the same family name and father.</summary>
    public PersonName DrawTwin(Rng rng, PersonName sibling, Sex sex)
    {
        var family = sibling.FamilyName;
        var given = sex == Sex.Male ? maleGiven : femaleGiven;
        short first;
        do
        {
            first = given.Draw(rng);
        }
        while (first == sibling.First || first == family);
        return new PersonName(first, family, -1, sibling.Father, sibling.HasPatronymic);
    }
}
