using System.Globalization;
using System.Runtime.InteropServices;
using Exchange.Core.Batches;
using Exchange.Core.Matching;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Validation;

/// <summary>
/// Watches one submission stream for the shape of a membership probe: far more possible matches than normal, or
/// many records one digit from the same NIK (an agency sending a NIK's neighbours to learn which one is registered).
/// It only flags, for the audit trail: no record's answer changes. One instance per stream; not thread-safe.
/// </summary>
public sealed class ProbeScreen(ProbeScreeningRules rules)
{
    // Digit i of a packed NIK sits in bits 60 - 4i to 63 - 4i (NikNumber); no digit is 0xF, so it marks the digit left open.
    private const long Open = 0xF;

    private readonly List<long> _window = [];
    private readonly Dictionary<long, int> _groups = [];
    private readonly Dictionary<long, int> _around = [];
    private readonly HashSet<long> _present = [];
    private long _records;
    private long _possibleMatches;
    private int _mostAroundOneNik;

    /// <summary>One record the stream stored, with its verdict; rejected records tell the agency nothing about the registry.</summary>
    public void Add(WorkerRecord record, RecordVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(verdict);
        if (!verdict.Accepted || !NikNumber.TryParsePacked(record.Nik, out var nik))
        {
            return;
        }
        _records++;
        if (verdict.Outcome == MatchOutcome.PossibleMatch)
        {
            _possibleMatches++;
        }
        _window.Add(nik);
        if (_window.Count >= rules.NikWindow)
        {
            CloseWindow();
        }
    }

    /// <summary>What the stream looked like, once it has ended: null when nothing stands out.</summary>
    public ProbeSuspicion? Conclude()
    {
        CloseWindow();
        var possibleMatches = _records >= rules.MinimumRecords && _possibleMatches > rules.PossibleMatchShare * _records;
        return possibleMatches || _mostAroundOneNik >= rules.RecordsAroundOneNik
            ? new ProbeSuspicion(_records, _possibleMatches, _mostAroundOneNik)
            : null;
    }

    private void CloseWindow()
    {
        if (_window.Count > 0)
        {
            _mostAroundOneNik = Math.Max(_mostAroundOneNik, MostAroundOneNik(_window));
            _window.Clear();
        }
    }

    /// <summary>
    /// The most records one substituted digit from a single NIK, which need not be among them. Records equal but for
    /// digit i form a group; a group of n stands around each of the ten NIKs it leaves open at i, with n records (n - 1
    /// when that NIK is one of them). Groups of one are left out: a sweep puts several records at nearly every digit,
    /// and counting lone ones would cost ten lookups per digit of every record.
    /// </summary>
    internal int MostAroundOneNik(List<long> niks)
    {
        _groups.Clear();
        _around.Clear();
        _present.Clear();
        foreach (var nik in niks)
        {
            _present.Add(nik);
            for (var shift = 0; shift < 64; shift += 4)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(_groups, nik | (Open << shift), out _)++;
            }
        }
        var most = 0;
        foreach (var (group, size) in _groups)
        {
            if (size < 2)
            {
                continue;
            }
            var shift = 0;
            while (((group >> shift) & Open) != Open)
            {
                shift += 4;
            }
            var cleared = group & ~(Open << shift);
            for (var digit = 0L; digit <= 9; digit++)
            {
                var centre = cleared | (digit << shift);
                ref var around = ref CollectionsMarshal.GetValueRefOrAddDefault(_around, centre, out _);
                around += _present.Contains(centre) ? size - 1 : size;
                most = Math.Max(most, around);
            }
        }
        return most;
    }
}

/// <summary>Why a submission was flagged, in counts only: it goes into the audit trail and the log, so never a NIK.</summary>
/// <param name="Records">Accepted records of the stream.</param>
/// <param name="PossibleMatches">Of them, POSSIBLE_MATCH.</param>
/// <param name="MostAroundOneNik">The most of them one substituted digit from a single NIK, in one window.</param>
public sealed record ProbeSuspicion(long Records, long PossibleMatches, int MostAroundOneNik)
{
    /// <summary>How a flagged entry's detail starts, for whoever searches the audit trail.</summary>
    public const string Marker = "PROBE_SUSPECTED";

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Marker}: {Records} accepted records, {PossibleMatches} POSSIBLE_MATCH, up to {MostAroundOneNik} one digit from one NIK");
}
