namespace Exchange.Synthetic;

/// <summary>Draws items in proportion to their weights (binary search over cumulative weights).</summary>
internal sealed class WeightedTable<T>
{
    private readonly T[] _items;
    private readonly double[] _cumulative;

    public WeightedTable(IEnumerable<(T Item, double Weight)> entries)
    {
        var list = entries.Where(e => e.Weight > 0).ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("A weighted table needs at least one positive weight.", nameof(entries));
        }
        _items = list.Select(e => e.Item).ToArray();
        _cumulative = new double[list.Length];
        var sum = 0.0;
        for (var i = 0; i < list.Length; i++)
        {
            sum += list[i].Weight;
            _cumulative[i] = sum;
        }
    }

    /// <summary>
    /// The shape of real name frequencies: <paramref name="head"/>, listed most frequent first, weighted
    /// 1/(rank + 2)^exponent (Zipf-Mandelbrot), takes 1 - <paramref name="tailShare"/> of the draws; the
    /// long <paramref name="tail"/> of rare items shares the rest evenly.
    /// </summary>
    public static WeightedTable<T> Zipf(IReadOnlyList<T> head, double exponent, IReadOnlyList<T> tail, double tailShare)
    {
        var headWeights = head.Select((_, rank) => 1.0 / Math.Pow(rank + 3, exponent)).ToArray();
        var headTotal = headWeights.Sum();
        var headEntries = head.Select((item, rank) => (item, (1 - tailShare) * headWeights[rank] / headTotal));
        var tailEntries = tail.Select(item => (item, tailShare / tail.Count));
        return new WeightedTable<T>(headEntries.Concat(tailEntries));
    }

    /// <summary>One item in proportion to its weight; a table of one item needs no draw.</summary>
    public T Draw(Rng rng)
    {
        if (_items.Length == 1)
        {
            return _items[0];
        }
        var u = rng.NextDouble() * _cumulative[^1];
        var i = Array.BinarySearch(_cumulative, u);
        // BinarySearch gives the complement of the first larger element when u falls between entries.
        i = i < 0 ? ~i : i + 1;
        return _items[Math.Min(i, _items.Length - 1)];
    }
}
