using System.Globalization;
using Exchange.Core.Batches;
using Exchange.Core.Matching;
using Exchange.Core.Names;
using Exchange.Core.Reference;
using Exchange.Core.Registry;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Coverage;

/// <summary>
/// The projection of known workers: each person once by NIK, with the attributes of their latest
/// accepted record (of any agency), the agencies that submitted them, and their match against the
/// registry as it is now. Batch results keep the outcome they were answered with; this is what
/// reports read. A registry change re-matches only the workers it can concern (see
/// <see cref="RegistryChanged"/>); the standing of a matched worker is worked out on the report's
/// day from the participant's status and last paid month, so it moves with the calendar. Every change
/// of a worker's projected state, the calendar's included (<see cref="Sweep"/>), becomes an entry
/// for the <see cref="IOutcomeLog"/> (<see cref="TakePending"/>): the history that coverage as of a
/// past day and agencies' change notifications read. Thread-safe.
/// </summary>
public sealed class KnownWorkers
{
    // Changed participants looked up under the gate at a time (RegistryChanged): reports wait for one slice, not for all.
    private const int ReachSlice = 500;

    private readonly Lock _gate = new();
    private readonly Dictionary<long, Worker> _byNik = [];
    // What a changed participant can concern, besides the holder of their NIK and its neighbours.
    private readonly Dictionary<int, List<Worker>> _byBirthDay = [];
    private readonly Dictionary<long, List<Worker>> _byRedatedNik = [];
    private readonly Dictionary<long, List<Worker>> _byParticipant = [];
    private readonly Dictionary<string, int> _agencyIds = new(StringComparer.Ordinal);
    private readonly List<string> _agencies = [];
    private readonly Wilayah _wilayah;
    private RegistryIndex _index = RegistryIndex.Empty;
    private ReviewedPairs _reviewed = ReviewedPairs.Empty;
    // Entries for the log, in the order the states changed.
    private List<OutcomeLogEntry> _pending = [];

    public KnownWorkers(Wilayah wilayah) => _wilayah = wilayah;

    /// <summary>Entries for the log are waiting (<see cref="TakePending"/>). Raised outside the projection's lock.</summary>
    public event Action? EntriesPending;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byNik.Count;
            }
        }
    }

    /// <summary>
    /// Takes in one chunk's records as accepted, in offset order, with the verdicts they were answered
    /// with against <paramref name="index"/> and <paramref name="reviewed"/>. When the projection has
    /// already moved on to another registry or other decisions, the workers are matched again against its own.
    /// </summary>
    public void Accept(string agency, IReadOnlyList<WorkerRecord> records, IReadOnlyList<RecordVerdict> verdicts,
        RegistryIndex index, ReviewedPairs reviewed, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(verdicts);
        lock (_gate)
        {
            var agencyId = AgencyId(agency);
            var current = ReferenceEquals(index, _index) && ReferenceEquals(reviewed, _reviewed);
            for (var i = 0; i < records.Count; i++)
            {
                if (verdicts[i].Accepted && Add(records[i], agencyId) is { } worker)
                {
                    Evaluate(worker, current ? Evaluation.Of(verdicts[i].Outcome, verdicts[i].ParticipantNik, _index) : Match(worker, today));
                    Log(worker, today);
                }
            }
        }
        AnnouncePending();
    }

    /// <summary>
    /// Rebuilds the projection from the ledger (at start): every accepted record in the order it was
    /// stored, then everyone matched against the registry as it is now, on all cores. What differs
    /// from the last state <paramref name="log"/> holds of a worker (a registry or a day that went by
    /// while the gateway was down, entries lost in a crash) is logged again as of today.
    /// </summary>
    public async Task LoadAsync(IBatchLedger ledger, IOutcomeLog log, RegistryIndex index, ReviewedPairs reviewed, DateOnly today,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(log);
        lock (_gate)
        {
            Clear();
            _index = index;
            _reviewed = reviewed;
        }
        await foreach (var record in ledger.ScanAcceptedAsync(cancellationToken))
        {
            lock (_gate)
            {
                Add(record.Worker, AgencyId(record.Agency));
            }
        }
        lock (_gate)
        {
            var workers = _byNik.Values.ToArray();
            var evaluations = new Evaluation[workers.Length];
            Parallel.For(0, workers.Length, new ParallelOptions { CancellationToken = cancellationToken },
                i => evaluations[i] = Match(workers[i], today));
            for (var i = 0; i < workers.Length; i++)
            {
                Evaluate(workers[i], evaluations[i]);
            }
        }
        // Of each worker's last state only its fingerprint and standing, read off the bytes: the log holds every worker.
        var logged = new Dictionary<long, (ulong Fingerprint, MatchOutcome Outcome)>();
        await foreach (var entry in log.ReadUpToAsync(DateOnly.MaxValue, cancellationToken))
        {
            logged[entry.Nik] = (WorkerStateCodec.Fingerprint(entry.State), WorkerStateCodec.Outcome(entry.State));
        }
        lock (_gate)
        {
            foreach (var (nik, (fingerprint, outcome)) in logged)
            {
                if (_byNik.TryGetValue(nik, out var worker))
                {
                    worker.Logged(fingerprint, outcome);
                }
            }
        }
        Sweep(today);
    }

    /// <summary>
    /// Counts as <see cref="Report"/> does, on a past <paramref name="day"/>, from <paramref name="log"/>: each worker logged
    /// by then in their last state by then. Of each worker it keeps only what a report reads (about a tenth of what the
    /// projection holds per worker), so a report of the past costs a read of the log, not a projection of the past.
    /// </summary>
    public static async Task<CoverageReport> ReportAsOfAsync(IOutcomeLog log, Wilayah wilayah, CoverageQuery query, DateOnly day,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(query);
        var agencies = new AgencySets();
        var past = new Dictionary<long, PastWorker>();
        await foreach (var entry in log.ReadUpToAsync(day, cancellationToken))
        {
            var state = WorkerStateCodec.Decode(entry.State, wilayah);
            var known = state.Worker;
            past[entry.Nik] = new PastWorker(known.Kelurahan, known.Occupation, known.FundingSource, known.WelfareDecile ?? 0,
                agencies.Of(known.Agencies), Evaluation.Of(state));
        }
        var tally = new ReportTally(wilayah, query, agencies.Names, day);
        foreach (var worker in past.Values)
        {
            tally.Count(worker.Kelurahan, worker.Occupation, worker.FundingSource, worker.WelfareDecile, worker.Agencies, worker.Evaluation);
        }
        return tally.ToReport();
    }

    /// <summary>
    /// Logs every worker whose standing on <paramref name="day"/> is not the one last logged (the
    /// calendar moved: GRACE turned LAPSED on the 16th) and returns how many. Run once a day.
    /// </summary>
    public int Sweep(DateOnly day)
    {
        int logged;
        lock (_gate)
        {
            var before = _pending.Count;
            foreach (var worker in _byNik.Values)
            {
                Log(worker, day);
            }
            logged = _pending.Count - before;
        }
        AnnouncePending();
        return logged;
    }

    /// <summary>The entries for the log since the last call, in order; the caller appends them.</summary>
    public IReadOnlyList<OutcomeLogEntry> TakePending()
    {
        lock (_gate)
        {
            var taken = _pending;
            _pending = [];
            return taken;
        }
    }

    private void AnnouncePending()
    {
        bool pending;
        lock (_gate)
        {
            pending = _pending.Count > 0;
        }
        if (pending)
        {
            EntriesPending?.Invoke();
        }
    }

    /// <summary>Entries the log did not take (a storage fault): first again, before any taken since.</summary>
    public void ReturnPending(IReadOnlyList<OutcomeLogEntry> entries)
    {
        lock (_gate)
        {
            _pending.InsertRange(0, entries);
        }
    }

    /// <summary>
    /// The registry became <paramref name="current"/>: re-matches the workers whom a participant of
    /// <paramref name="changedNiks"/> (inserted, updated or removed) can concern, and returns how many
    /// that was. Those are the holder of the same NIK and the workers matched or proposed to that
    /// participant; and, among the workers a candidate source can offer the participant to (the
    /// holders of a NIK one edit away or with day and month swapped, those whose NIK re-dated is the
    /// participant's or one edit from it, and those born on the participant's birth day whose name may
    /// share a word with theirs), the ones for whom the participant, before or after the change,
    /// reaches a decision row that proposes anything (<see cref="Matcher.MayConcern"/>): a participant
    /// no row proposes is no candidate and no rival.
    /// </summary>
    public int RegistryChanged(RegistryIndex previous, RegistryIndex current, IReadOnlyCollection<long> changedNiks, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(changedNiks);
        ReviewedPairs reviewed;
        bool everyone;
        lock (_gate)
        {
            _index = current;
            reviewed = _reviewed;
            everyone = changedNiks.Count >= _byNik.Count;
        }
        var (certain, reachable) = everyone ? (Everyone(), []) : Reach(previous, current, changedNiks);
        // Outside the lock, so reports and chunks do not wait: who the change concerns, and their matches now.
        var concerned = new bool[reachable.Length];
        Parallel.For(0, reachable.Length, i => concerned[i] =
            Matcher.MayConcern(reachable[i].Worker.Subject, previous, reachable[i].Nik)
            || Matcher.MayConcern(reachable[i].Worker.Subject, current, reachable[i].Nik));
        var chosen = certain.Concat(reachable.Where((_, i) => concerned[i]).Select(pair => pair.Worker))
            .DistinctBy(reached => reached.Worker, ReferenceEqualityComparer.Instance).ToArray();
        var evaluations = new Evaluation[chosen.Length];
        Parallel.For(0, chosen.Length, i => evaluations[i] = Evaluation.Of(Matcher.Match(chosen[i].Subject, current, reviewed, today), current));
        lock (_gate)
        {
            var unchanged = ReferenceEquals(_index, current) && ReferenceEquals(_reviewed, reviewed);
            foreach (var (reached, evaluation) in chosen.Zip(evaluations))
            {
                // A chunk or a decision that came in meanwhile re-took or re-matched the worker: matched again as things are now.
                var worker = reached.Worker;
                Evaluate(worker, unchanged && worker.Version == reached.Version ? evaluation : Match(worker, today));
                Log(worker, today);
            }
        }
        AnnouncePending();
        return chosen.Length;
    }

    /// <summary>A worker as they were when a registry change reached them.</summary>
    private readonly record struct Reached(Worker Worker, int Version, MatchSubject Subject)
    {
        public static Reached Of(Worker worker) => new(worker, worker.Version, worker.Subject);
    }

    private Reached[] Everyone()
    {
        lock (_gate)
        {
            return [.. _byNik.Values.Select(Reached.Of)];
        }
    }

    /// <summary>
    /// The workers <see cref="RegistryChanged"/> re-matches whatever the names say, and those a candidate
    /// source can offer a changed participant to, with that participant's NIK; everyone when weighing
    /// who is concerned would take longer than matching them all (a snapshot-sized change). A slice of
    /// the changes at a time under the gate, so reports and chunks get in between: a worker taken in
    /// meanwhile is matched by <see cref="Accept"/> against the registry already served.
    /// </summary>
    private (Reached[] Certain, (Reached Worker, long Nik)[] Reachable) Reach(RegistryIndex previous, RegistryIndex current,
        IReadOnlyCollection<long> changedNiks)
    {
        var certain = new Found<Worker, Reached>(ReferenceEqualityComparer.Instance);
        var reachable = new Found<(Worker, long), (Reached Worker, long Nik)>(EqualityComparer<(Worker, long)>.Default);
        Span<long> neighbours = stackalloc long[NikNumber.MaxNeighbours];
        int known;
        foreach (var slice in changedNiks.Chunk(ReachSlice))
        {
            lock (_gate)
            {
                foreach (var nik in slice)
                {
                    AddHolder(certain, nik);
                    AddAll(certain, _byParticipant, nik);
                }
                foreach (var nik in slice)
                {
                    Reach(reachable, certain, _byRedatedNik, nik, nik);
                    ReachHolder(reachable, certain, NikNumber.WithDayAndMonthSwapped(nik), nik);
                    // Every NIK one edit away, impossible ones too: workers' NIKs are not always possible.
                    foreach (var neighbour in neighbours[..NikNumber.EveryNeighbour(nik, neighbours)])
                    {
                        ReachHolder(reachable, certain, neighbour, nik);
                        Reach(reachable, certain, _byRedatedNik, neighbour, nik);
                    }
                    ReachBornTheSameDay(reachable, certain, previous, nik);
                    ReachBornTheSameDay(reachable, certain, current, nik);
                }
                known = _byNik.Count;
            }
            if (reachable.Items.Count >= known)
            {
                return (Everyone(), []);
            }
        }
        return ([.. certain.Items], [.. reachable.Items]);
    }

    /// <summary>BPJS decided: the workers with these NIKs, those known, are matched again with the decisions as they are now.</summary>
    public void Reviewed(ReviewedPairs reviewed, IEnumerable<string> workerNiks, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(workerNiks);
        lock (_gate)
        {
            _reviewed = reviewed;
            foreach (var workerNik in workerNiks)
            {
                if (NikNumber.TryParsePacked(workerNik, out var nik) && _byNik.TryGetValue(nik, out var worker))
                {
                    Evaluate(worker, Match(worker, today));
                    Log(worker, today);
                }
            }
        }
        AnnouncePending();
    }

    /// <summary>Counts the workers <paramref name="query"/> asks for, grouped as it says, with standings on <paramref name="day"/>.</summary>
    public CoverageReport Report(CoverageQuery query, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            var tally = new ReportTally(_wilayah, query, _agencies, day);
            foreach (var worker in _byNik.Values)
            {
                tally.Count(worker.Kelurahan, worker.Occupation, worker.FundingSource, worker.WelfareDecile, worker.Agencies, worker.Evaluation);
            }
            return tally.ToReport();
        }
    }

    /// <summary>
    /// The workers <paramref name="query"/> selects, as they stand on <paramref name="day"/>, in NIK order: for
    /// estimates and lists that need more than counts.
    /// </summary>
    public IReadOnlyList<KnownWorker> Select(CoverageQuery query, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(query);
        var selected = new List<KnownWorker>();
        lock (_gate)
        {
            foreach (var worker in _byNik.Values)
            {
                if (Passes(worker, query))
                {
                    selected.Add(Snapshot(worker, day));
                }
            }
        }
        selected.Sort((a, b) => string.CompareOrdinal(a.Subject.Nik, b.Subject.Nik));
        return selected;
    }

    /// <summary>The row a worker with these attributes counts in, as <see cref="Report"/> groups them (for the agency grouping: none, see there).</summary>
    public (string Key, string Name) GroupOf(KnownWorker worker, CoverageDimension grouping)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return GroupOf(worker.Kelurahan, worker.Occupation, worker.FundingSource, worker.WelfareDecile ?? 0, grouping);
    }

    private KnownWorker Snapshot(Worker worker, DateOnly day)
    {
        var evaluation = worker.Evaluation;
        return new KnownWorker(worker.Subject, worker.Kelurahan, worker.Occupation, worker.FundingSource,
            worker.WelfareDecile == 0 ? null : worker.WelfareDecile, [.. worker.Agencies.Select(a => _agencies[a])],
            evaluation.On(day), evaluation.ParticipantNik == NikNumber.None ? null : NikNumber.FormatPacked(evaluation.ParticipantNik),
            evaluation.Status, evaluation.LastPaid);
    }

    // Under the gate: an entry when the worker's state on this day is not the one last logged.
    private void Log(Worker worker, DateOnly day)
    {
        var snapshot = Snapshot(worker, day);
        var encoded = WorkerStateCodec.Encode(new WorkerState(snapshot, worker.Evaluation.Found, worker.LoggedOutcome));
        var fingerprint = WorkerStateCodec.Fingerprint(encoded);
        if (fingerprint != worker.LoggedFingerprint)
        {
            _pending.Add(new OutcomeLogEntry(0, worker.Nik, day, encoded));
            worker.Logged(fingerprint, snapshot.Outcome);
        }
    }

    private static Tally Row(SortedDictionary<string, Tally> rows, string key, string name)
    {
        if (!rows.TryGetValue(key, out var row))
        {
            rows[key] = row = new Tally(key, name);
        }
        return row;
    }

    private (string Key, string Name) GroupOf(Kelurahan? kelurahan, Occupation occupation, FundingSource funding, int decile,
        CoverageDimension grouping) => GroupOf(_wilayah, kelurahan, occupation, funding, decile, grouping);

    private static (string Key, string Name) GroupOf(Wilayah wilayah, Kelurahan? kelurahan, Occupation occupation, FundingSource funding,
        int decile, CoverageDimension grouping) => grouping switch
    {
        CoverageDimension.Kecamatan => kelurahan is { } k ? (k.KecamatanCode, k.KecamatanName) : Unknown,
        CoverageDimension.Kelurahan => kelurahan is { } k ? (k.Code, k.Name) : Unknown,
        CoverageDimension.Occupation => OccupationRows.TryGetValue(occupation, out var row) ? row : (Number((int)occupation), occupation.ToString()),
        CoverageDimension.FundingSource => FundingRows.TryGetValue(funding, out var row) ? row : (Number((int)funding), funding.ToString()),
        CoverageDimension.WelfareDecile => decile >= 0 && decile < DecileRows.Length ? DecileRows[decile] : (Number(decile), $"Desil {decile}"),
        _ => (wilayah.CityCode, wilayah.CityName),
    };

    // A kelurahan code outside the city's list: accepted with a warning, counted apart.
    private static readonly (string Key, string Name) Unknown = ("", "Wilayah tidak diketahui");

    private static string Number(int value) => value.ToString("00", CultureInfo.InvariantCulture);

    // Row keys and names worked out once: a report groups every worker, and formatting each would allocate per worker.
    private static readonly Dictionary<Occupation, (string Key, string Name)> OccupationRows =
        Enum.GetValues<Occupation>().ToDictionary(o => o, o => (Number((int)o), o.ToString()));

    private static readonly Dictionary<FundingSource, (string Key, string Name)> FundingRows =
        Enum.GetValues<FundingSource>().ToDictionary(f => f, f => (Number((int)f), f.ToString()));

    private static readonly (string Key, string Name)[] DecileRows =
        [("00", "Desil tidak diketahui"), .. Enumerable.Range(1, 10).Select(d => (Number(d), $"Desil {d}"))];

    private bool Passes(Worker worker, CoverageQuery query) =>
        Passes(worker.Kelurahan, worker.Occupation, worker.FundingSource, worker.WelfareDecile, worker.Agencies, _agencies, query);

    /// <param name="agencies">Ids into <paramref name="agencyNames"/>.</param>
    private static bool Passes(Kelurahan? kelurahan, Occupation occupation, FundingSource funding, int decile, IReadOnlyList<int> agencies,
        IReadOnlyList<string> agencyNames, CoverageQuery query) =>
        (query.Kecamatan.Count == 0 || (kelurahan is { } k && query.Kecamatan.Contains(k.KecamatanCode)))
        && (query.Kelurahan.Count == 0 || (kelurahan is { } l && query.Kelurahan.Contains(l.Code)))
        && (query.Occupations.Count == 0 || query.Occupations.Contains(occupation))
        && (query.FundingSources.Count == 0 || query.FundingSources.Contains(funding))
        && (query.WelfareDeciles.Count == 0 || query.WelfareDeciles.Contains(decile))
        && (query.Agencies.Count == 0 || agencies.Any(a => query.Agencies.Contains(agencyNames[a])));

    // Under the gate. Null for a record without a 16-digit NIK (never accepted, but the ledger is not ours to trust blindly).
    private Worker? Add(WorkerRecord record, int agency)
    {
        if (!NikNumber.TryParsePacked(record.Nik, out var nik))
        {
            return null;
        }
        if (_byNik.TryGetValue(nik, out var worker))
        {
            Unfile(worker);
        }
        else
        {
            _byNik[nik] = worker = new Worker(nik);
        }
        var subject = RegistryMapping.ToMatchSubject(record);
        worker.Take(subject, _wilayah.TryFindKelurahan(record.KelurahanCode, out var kelurahan) ? kelurahan : null,
            record.Occupation, record.FundingSource, record.HasWelfareDecile ? record.WelfareDecile : 0, Signature(record.FullName));
        if (!worker.Agencies.Contains(agency))
        {
            worker.Agencies.Add(agency);
        }
        if (worker.BirthDay != ComparisonVector.NoBirthDay)
        {
            File(_byBirthDay, worker.BirthDay, worker);
        }
        if (worker.RedatedNik != NikNumber.None)
        {
            File(_byRedatedNik, worker.RedatedNik, worker);
        }
        return worker;
    }

    // Under the gate: files the worker under the participant of their new evaluation.
    private void Evaluate(Worker worker, Evaluation evaluation)
    {
        if (worker.Evaluation.ParticipantNik != NikNumber.None && _byParticipant.TryGetValue(worker.Evaluation.ParticipantNik, out var filed))
        {
            filed.Remove(worker);
        }
        worker.Evaluation = evaluation;
        if (evaluation.ParticipantNik != NikNumber.None)
        {
            File(_byParticipant, evaluation.ParticipantNik, worker);
        }
    }

    private Evaluation Match(Worker worker, DateOnly today) => Evaluation.Of(Matcher.Match(worker.Subject, _index, _reviewed, today), _index);

    private ulong Signature(string fullName)
    {
        var buffer = new NameTokenBuffer();
        var signature = 0UL;
        foreach (var word in ((Span<NameToken>)buffer)[.._index.Words.Read(fullName ?? "", buffer)])
        {
            signature |= word.BlockBit;
        }
        return signature;
    }

    private void Unfile(Worker worker)
    {
        Remove(_byBirthDay, worker.BirthDay, worker);
        Remove(_byRedatedNik, worker.RedatedNik, worker);
    }

    private static void File<TKey>(Dictionary<TKey, List<Worker>> files, TKey key, Worker worker) where TKey : notnull
    {
        if (!files.TryGetValue(key, out var list))
        {
            files[key] = list = [];
        }
        list.Add(worker);
    }

    private static void Remove<TKey>(Dictionary<TKey, List<Worker>> files, TKey key, Worker worker) where TKey : notnull
    {
        if (files.TryGetValue(key, out var list))
        {
            list.Remove(worker);
        }
    }

    /// <summary>Keys seen once each, with what was noted of each the first time, in that order.</summary>
    private sealed class Found<TKey, TItem>(IEqualityComparer<TKey> comparer)
    {
        private readonly HashSet<TKey> _seen = new(comparer);

        public List<TItem> Items { get; } = [];

        public bool Contains(TKey key) => _seen.Contains(key);

        public void Add(TKey key, TItem item)
        {
            if (_seen.Add(key))
            {
                Items.Add(item);
            }
        }
    }

    private void AddHolder(Found<Worker, Reached> certain, long nik)
    {
        if (nik != NikNumber.None && _byNik.TryGetValue(nik, out var worker))
        {
            certain.Add(worker, Reached.Of(worker));
        }
    }

    private static void AddAll(Found<Worker, Reached> certain, Dictionary<long, List<Worker>> files, long key)
    {
        if (files.TryGetValue(key, out var workers))
        {
            foreach (var worker in workers)
            {
                certain.Add(worker, Reached.Of(worker));
            }
        }
    }

    private void ReachHolder(Found<(Worker, long), (Reached, long)> reachable, Found<Worker, Reached> certain, long holderNik, long participantNik)
    {
        if (holderNik != NikNumber.None && _byNik.TryGetValue(holderNik, out var worker) && !certain.Contains(worker))
        {
            reachable.Add((worker, participantNik), (Reached.Of(worker), participantNik));
        }
    }

    private static void Reach(Found<(Worker, long), (Reached, long)> reachable, Found<Worker, Reached> certain,
        Dictionary<long, List<Worker>> files, long key, long participantNik)
    {
        if (files.TryGetValue(key, out var workers))
        {
            foreach (var worker in workers)
            {
                if (!certain.Contains(worker))
                {
                    reachable.Add((worker, participantNik), (Reached.Of(worker), participantNik));
                }
            }
        }
    }

    private void ReachBornTheSameDay(Found<(Worker, long), (Reached, long)> reachable, Found<Worker, Reached> certain, RegistryIndex index, long nik)
    {
        if (index.Find(nik) is not (var position and >= 0) || !_byBirthDay.TryGetValue(index.BirthDayAt(position), out var workers))
        {
            return;
        }
        var signature = index.SignatureAt(position);
        foreach (var worker in workers)
        {
            if (!certain.Contains(worker) && ((worker.Signature & signature) != 0
                || (worker.RedatedNik != NikNumber.None && (worker.RedatedNik == nik || NikNumber.IsOneEdit(worker.RedatedNik, nik)))))
            {
                reachable.Add((worker, nik), (Reached.Of(worker), nik));
            }
        }
    }

    private int AgencyId(string agency)
    {
        if (!_agencyIds.TryGetValue(agency, out var id))
        {
            _agencyIds[agency] = id = _agencies.Count;
            _agencies.Add(agency);
        }
        return id;
    }

    private void Clear()
    {
        _pending.Clear();
        _byNik.Clear();
        _byBirthDay.Clear();
        _byRedatedNik.Clear();
        _byParticipant.Clear();
    }

    /// <summary>One known worker, changed only under the projection's gate.</summary>
    private sealed class Worker(long nik)
    {
        public long Nik { get; } = nik;

        public MatchSubject Subject { get; private set; }

        /// <summary>How many times the worker was taken from a record: a new subject each time.</summary>
        public int Version { get; private set; }

        public ulong Signature { get; private set; }

        public int BirthDay { get; private set; } = ComparisonVector.NoBirthDay;

        public long RedatedNik { get; private set; } = NikNumber.None;

        public Kelurahan? Kelurahan { get; private set; }

        public Occupation Occupation { get; private set; }

        public FundingSource FundingSource { get; private set; }

        /// <summary>1-10, 0 when not stated.</summary>
        public int WelfareDecile { get; private set; }

        /// <summary>Agency ids, each once, in the order they first submitted the worker.</summary>
        public List<int> Agencies { get; } = new(1);

        public Evaluation Evaluation { get; set; } = Evaluation.Unmatched;

        /// <summary>What <see cref="WorkerStateCodec.Fingerprint"/> gave the last state logged; 0 before any.</summary>
        public ulong LoggedFingerprint { get; private set; }

        /// <summary>The standing last logged; unspecified before any.</summary>
        public MatchOutcome LoggedOutcome { get; private set; }

        public void Take(MatchSubject subject, Kelurahan? kelurahan, Occupation occupation, FundingSource fundingSource, int welfareDecile,
            ulong signature)
        {
            Subject = subject;
            Version++;
            Signature = signature;
            BirthDay = subject.BirthDate?.DayNumber ?? ComparisonVector.NoBirthDay;
            RedatedNik = Probe.Redated(Nik, subject.BirthDate is { } date && NikNumber.CarriesBirthDate(Nik, date), subject);
            Kelurahan = kelurahan;
            Occupation = occupation;
            FundingSource = fundingSource;
            WelfareDecile = welfareDecile;
        }

        public void Logged(ulong fingerprint, MatchOutcome outcome) => (LoggedFingerprint, LoggedOutcome) = (fingerprint, outcome);
    }

    /// <summary>
    /// A worker's match as the projection holds it: no one, a proposed participant, or a matched one
    /// (<see cref="Found"/> ACTIVE); with that participant's status and last paid month, from which
    /// their standing on any day follows.
    /// </summary>
    private readonly record struct Evaluation(MatchOutcome Found, long ParticipantNik, ParticipantStatus Status, CalendarMonth? LastPaid)
    {
        public static Evaluation Unmatched { get; } = new(MatchOutcome.NotRegistered, NikNumber.None, ParticipantStatus.Unspecified, null);

        /// <param name="outcome">As the matcher answered: the standing it names is worked out again on each report's day.</param>
        public static Evaluation Of(MatchResult result, RegistryIndex index) => Of(result.Outcome, result.ParticipantNik, index);

        public static Evaluation Of(MatchOutcome outcome, string? participantNik, RegistryIndex index)
        {
            if (outcome is MatchOutcome.NotRegistered or MatchOutcome.Unspecified
                || !NikNumber.TryParsePacked(participantNik, out var nik) || index.MembershipOf(nik) is not var (status, lastPaid))
            {
                return Unmatched;
            }
            return new(outcome == MatchOutcome.PossibleMatch ? MatchOutcome.PossibleMatch : MatchOutcome.Active, nik, status, lastPaid);
        }

        /// <summary>The match a logged state holds.</summary>
        public static Evaluation Of(WorkerState state) => new(state.Found,
            NikNumber.TryParsePacked(state.Worker.ParticipantNik, out var participant) ? participant : NikNumber.None,
            state.Worker.Status, state.Worker.LastPaid);

        public MatchOutcome On(DateOnly day) =>
            Found == MatchOutcome.Active ? MembershipStanding.Outcome(Status, LastPaid, day) : Found;

        /// <summary>A possible match whose proposed participant is protected on that day: the top of the coverage range.</summary>
        public bool ProposesProtected(DateOnly day) =>
            Found == MatchOutcome.PossibleMatch && MembershipStanding.Outcome(Status, LastPaid, day) is MatchOutcome.Active or MatchOutcome.Grace;
    }

    /// <summary>
    /// A coverage report being counted, one worker at a time: the query's filters, its grouping, the tallies. The live
    /// projection and the past one count through it, so they cannot count differently.
    /// </summary>
    /// <param name="agencyNames">What the agency ids of the workers counted stand for.</param>
    private sealed class ReportTally(Wilayah wilayah, CoverageQuery query, IReadOnlyList<string> agencyNames, DateOnly day)
    {
        private readonly Tally _total = new(wilayah.CityCode, wilayah.CityName);
        private readonly SortedDictionary<string, Tally> _rows = new(StringComparer.Ordinal);

        public void Count(Kelurahan? kelurahan, Occupation occupation, FundingSource funding, int decile, IReadOnlyList<int> agencies,
            Evaluation evaluation)
        {
            if (!Passes(kelurahan, occupation, funding, decile, agencies, agencyNames, query))
            {
                return;
            }
            var outcome = evaluation.On(day);
            var possiblyProtected = evaluation.ProposesProtected(day);
            _total.Count(outcome, possiblyProtected);
            if (query.Grouping == CoverageDimension.Agency)
            {
                foreach (var agency in agencies)
                {
                    var name = agencyNames[agency];
                    if (query.Agencies.Count == 0 || query.Agencies.Contains(name))
                    {
                        Row(_rows, name, name).Count(outcome, possiblyProtected);
                    }
                }
            }
            else
            {
                var (key, name) = GroupOf(wilayah, kelurahan, occupation, funding, decile, query.Grouping);
                Row(_rows, key, name).Count(outcome, possiblyProtected);
            }
        }

        public CoverageReport ToReport() => new([.. _rows.Values.Select(r => r.ToRow())], _total.ToRow(), day);
    }

    /// <summary>A worker of the past as a report reads them, and no more (<see cref="ReportAsOfAsync"/>).</summary>
    /// <param name="Agencies">Ids into <see cref="AgencySets.Names"/>, one array per distinct set.</param>
    private readonly record struct PastWorker(Kelurahan? Kelurahan, Occupation Occupation, FundingSource FundingSource, int WelfareDecile,
        int[] Agencies, Evaluation Evaluation);

    /// <summary>Agency names as ids, and each distinct set of them once: most workers share one of a few sets.</summary>
    private sealed class AgencySets
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
        private readonly List<string> _names = [];
        private readonly HashSet<int[]> _sets = new(new SameIds());

        public IReadOnlyList<string> Names => _names;

        public int[] Of(IReadOnlyList<string> agencies)
        {
            var ids = new int[agencies.Count];
            for (var i = 0; i < ids.Length; i++)
            {
                if (!_ids.TryGetValue(agencies[i], out ids[i]))
                {
                    _ids[agencies[i]] = ids[i] = _names.Count;
                    _names.Add(agencies[i]);
                }
            }
            if (_sets.TryGetValue(ids, out var known))
            {
                return known;
            }
            _sets.Add(ids);
            return ids;
        }

        private sealed class SameIds : IEqualityComparer<int[]>
        {
            public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

            public int GetHashCode(int[] ids)
            {
                var hash = new HashCode();
                foreach (var id in ids)
                {
                    hash.Add(id);
                }
                return hash.ToHashCode();
            }
        }
    }

    private sealed class Tally(string key, string name)
    {
        private readonly Dictionary<MatchOutcome, long> _outcomes = [];
        private long _workers;
        private long _possiblyProtected;

        public void Count(MatchOutcome outcome, bool possiblyProtected)
        {
            _workers++;
            _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + 1;
            _possiblyProtected += possiblyProtected ? 1 : 0;
        }

        public CoverageRow ToRow() => new(key, name, _workers, _outcomes, _possiblyProtected);
    }
}
