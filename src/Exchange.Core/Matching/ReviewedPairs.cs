using System.Globalization;
using Exchange.Core.Names;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Matching;

/// <summary>
/// A worker as BPJS saw them when deciding: NIK as submitted, name as the matcher reads it (titles
/// gone, upper case, aliases resolved), birth date (YYYY-MM-DD, empty when unknown). The same three
/// in a later record, of any agency, are the same worker.
/// </summary>
public readonly record struct WorkerIdentity(string Nik, string Name, string BirthDate)
{
    public static WorkerIdentity Of(MatchSubject subject) =>
        new(subject.Nik, string.Join(' ', PersonName.ComparisonWords(subject.FullName ?? "")), Date(subject.BirthDate));

    internal static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}

/// <summary>
/// BPJS's decision on one worker and one participant. <see cref="ParticipantIdentity"/> is the
/// participant's name, birth date and sex as the registry held them then (see
/// <see cref="RegistryIndex.IdentityOf(string)"/>): once the registry changes any of them, the decision
/// no longer applies and the pair is matched, and if need be reviewed, afresh.
/// </summary>
public sealed record ReviewedPair(WorkerIdentity Worker, string ParticipantNik, string ParticipantIdentity, ReviewDecision Decision);

/// <summary>
/// Every decision BPJS has taken, by worker NIK, read-only: a new decision makes a new set
/// (<see cref="With"/>), so a match in progress sees one set throughout. A later decision on the same
/// pair replaces an earlier one.
/// </summary>
public sealed class ReviewedPairs
{
    private readonly Dictionary<long, ReviewedPair[]> _byWorkerNik;

    private ReviewedPairs(Dictionary<long, ReviewedPair[]> byWorkerNik) => _byWorkerNik = byWorkerNik;

    public static ReviewedPairs Empty { get; } = new([]);

    public int Count => _byWorkerNik.Values.Sum(pairs => pairs.Length);

    public static ReviewedPairs Of(IEnumerable<ReviewedPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var byNik = new Dictionary<long, ReviewedPair[]>();
        foreach (var pair in pairs)
        {
            Add(byNik, pair);
        }
        return new ReviewedPairs(byNik);
    }

    public ReviewedPairs With(ReviewedPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var byNik = new Dictionary<long, ReviewedPair[]>(_byWorkerNik);
        Add(byNik, pair);
        return new ReviewedPairs(byNik);
    }

    private static void Add(Dictionary<long, ReviewedPair[]> byNik, ReviewedPair pair)
    {
        // Only a 16-digit NIK is ever looked up again.
        if (NikNumber.TryParsePacked(pair.Worker.Nik, out var nik))
        {
            var earlier = byNik.GetValueOrDefault(nik) ?? [];
            byNik[nik] = [.. earlier.Where(e => e.Worker != pair.Worker || e.ParticipantNik != pair.ParticipantNik), pair];
        }
    }

    /// <summary>The decisions on workers with this packed NIK (any name and birth date).</summary>
    internal ReadOnlySpan<ReviewedPair> For(long packedNik) =>
        _byWorkerNik.Count > 0 && _byWorkerNik.TryGetValue(packedNik, out var pairs) ? pairs : [];
}
