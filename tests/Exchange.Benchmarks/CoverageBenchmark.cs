using System.Diagnostics;
using System.Globalization;
using Exchange.Core.Batches;
using Exchange.Core.Coverage;
using Exchange.Core.Matching;
using Exchange.Core.Reference;
using Exchange.Core.Registry;
using Exchange.Core.Validation;
using Exchange.Storage.Sqlite;
using Exchange.Synthetic;
using Microsoft.Data.Sqlite;
using Jamsostek.Exchange.V1;
using Microsoft.Extensions.Time.Testing;

namespace Exchange.Benchmarks;

/// <summary>
/// The projection of known workers at scale: generates a registry and submitted workers, builds the
/// projection the way batches feed it (chunks of 1,000 with their verdicts), times coverage reports,
/// then an incremental registry change and a snapshot-sized one, each checked against a projection
/// that matched every worker again.
/// </summary>
public static class CoverageBenchmark
{
    private const int ChunkSize = 1_000;

    // Chunks go to these in turn, so the agency grouping has rows.
    private static readonly string[] Agencies = ["dinsos", "disnaker", "diskopukm", "dispertan"];

    /// <returns>Whether each registry change left the projection answering what matching everyone again answers.</returns>
    public static bool Run(SyntheticProfile profile, int seed, int workerCount, int registrySize, int changes, int rounds, TextWriter output)
    {
        var options = profile.With(seed, workerCount, registrySize);
        var today = options.AsOf;
        output.WriteLine($"== coverage: {profile.Name}, seed {seed}: {workerCount:N0} submitted workers vs {registrySize:N0} participants, "
            + $"{changes:N0} changes, {rounds} rounds, {Environment.ProcessorCount} cores ==");
        Line("step", "time", "figures", output);

        var watch = Stopwatch.StartNew();
        var data = SyntheticGenerator.Generate(options);
        var records = data.Submitted.Select(s => s.Record).ToArray();
        var first = data.Registry.Select(RegistryMapping.ToRegistryParticipant).ToArray();
        Line("generate data set (SyntheticGenerator)", Seconds(watch.Elapsed), $"{records.Length:N0} records, {first.Length:N0} participants", output);
        watch.Restart();
        var firstIndex = RegistryIndex.Build(first);
        Line("registry index (RegistryIndex.Build)", Seconds(watch.Elapsed), "", output);

        // Noon in Bogor on the as-of date, as the accuracy benchmark validates.
        var clock = new FakeTimeProvider(new DateTimeOffset(today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(7)));
        var inspector = new RecordInspector(new WorkerRecordValidator(new ValidationRules(), clock));
        var findings = new IReadOnlyList<Finding>[records.Length];
        watch.Restart();
        Parallel.For(0, records.Length, i => findings[i] = inspector.Inspect(records[i]));
        var accepted = findings.Count(f => f.All(x => x.Severity != FindingSeverity.Error));
        Line("validate records", Seconds(watch.Elapsed), $"{accepted:N0} accepted", output);

        var (verdicts, matching) = MatchAll(records, findings, firstIndex, today);
        Line($"match every record ({Environment.ProcessorCount} cores)", Seconds(matching), $"{records.Length / matching.TotalSeconds:N0} records/s", output);

        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        // Records owning their strings, as parsed off the wire, so the heap growth includes the strings the projection keeps.
        var history = new List<OutcomeLogEntry>();
        var (projection, building, logged) = Build(records.Select(Detached).ToArray(), verdicts, firstIndex, today, history);
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        Line($"build projection (Accept, chunks of {ChunkSize:N0})", Seconds(building),
            $"{records.Length / building.TotalSeconds:N0} records/s; {projection.Count:N0} known workers; {logged:N0} log entries", output);
        Line("managed heap after the build", "",
            $"{heapAfter / 1048576.0:N0} MiB in all; the projection {(heapAfter - heapBefore) / (double)projection.Count:N0} bytes per known worker", output);

        var queries = Queries();
        foreach (var (name, query, _) in queries.Where(q => q.Timed))
        {
            // The first call runs code the JIT has not optimised yet: shown apart, the rounds are steady state.
            watch.Restart();
            var report = projection.Report(query, today);
            var cold = watch.Elapsed.TotalMilliseconds;
            var times = new double[rounds];
            for (var round = 0; round < rounds; round++)
            {
                watch.Restart();
                report = projection.Report(query, today);
                times[round] = watch.Elapsed.TotalMilliseconds;
            }
            Array.Sort(times);
            Line($"report {name}", $"{times[0]:N0} / {times[rounds / 2]:N0} / {times[^1]:N0} ms",
                $"min / median / max; first call {cold:N0} ms; {report.Rows.Count:N0} rows, {report.Total.Workers:N0} workers", output);
        }
        MeasureAsOf(projection, history, today, rounds, output);
        // Under the projection's lock, as Accept's and RegistryChanged's logging is: what working out and encoding every state costs.
        watch.Restart();
        var swept = projection.Sweep(today);
        Line("daily Sweep, nothing changed since", Seconds(watch.Elapsed), $"{swept:N0} log entries; every worker's state encoded under the lock", output);
        var firstAnswers = Capture(projection, queries, today);

        var edit = Edit(first, data.Submitted, verdicts, changes, seed, today);
        Line($"registry change: {edit.Changed.Count:N0} participants", "",
            $"{edit.Enrolled:N0} NOT_REGISTERED workers enrolled, {edit.Repaid:N0} matched ones' last paid month moved, {edit.Removed:N0} matched ones removed", output);
        Line("  known workers born on a changed one's birth day", "",
            $"{firstAnswers.Workers.Count(w => w.Subject.BirthDate is { } day && edit.BirthDays.Contains(day)):N0}: what the same-day rule can reach, before names narrow it", output);
        watch.Restart();
        var nextIndex = RegistryIndex.Build(edit.After);
        Line("  new registry index (RegistryIndex.Build)", Seconds(watch.Elapsed), "the registry's part, not the projection's", output);
        // Reports keep being asked for meanwhile: how long one waits is how long the change holds the projection's lock.
        var reporting = new CancellationTokenSource();
        var reports = Task.Run(() => ReportLatencies(projection, today, reporting.Token));
        watch.Restart();
        var rematched = projection.RegistryChanged(firstIndex, nextIndex, edit.Changed, today);
        var changeTime = watch.Elapsed;
        reporting.Cancel();
        var latencies = reports.Result;
        Line("  RegistryChanged", Seconds(changeTime),
            $"{rematched:N0} workers re-matched, {rematched / (double)edit.Changed.Count:F2} per change; {projection.TakePending().Count:N0} log entries", output);
        Line("  CITY reports meanwhile", latencies.Count == 0 ? "" : $"{latencies.Max():N0} ms",
            $"the slowest of {latencies.Count:N0} reports asked during the change (median {Median(latencies):N0} ms)", output);

        var incrementalRight = CheckAfresh(projection, records, findings, (firstIndex, nextIndex), edit.Changed, changeTime, queries, today, output);

        long[] everyone = [.. first.Select(p => Packed(p.Nik)).Union(edit.Changed)];
        watch.Restart();
        rematched = projection.RegistryChanged(nextIndex, firstIndex, everyone, today);
        Line($"snapshot-sized change: {everyone.Length:N0} participants", Seconds(watch.Elapsed),
            $"back to the first registry; {rematched:N0} workers re-matched, {rematched / (double)everyone.Length:F2} per change; {projection.TakePending().Count:N0} log entries", output);
        var snapshotRight = Same(firstAnswers, Capture(projection, queries, today), "  check: reports vs the first build", output);
        return incrementalRight && snapshotRight;
    }

    /// <summary>The largest managed heap seen, sampled every 20 ms until cancelled: garbage not yet collected counts, as it does for memory.</summary>
    private static async Task<long> PeakHeapAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        var peak = GC.GetTotalMemory(forceFullCollection: false);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
            }
        }
        catch (OperationCanceledException)
        {
        }
        return peak;
    }

    /// <summary>
    /// A report as of a day, from the outcome log in SQLite as the gateway keeps it: the CITY report of the log read up to
    /// that day. As of today it must answer what the live projection does.
    /// </summary>
    private static void MeasureAsOf(KnownWorkers projection, List<OutcomeLogEntry> history, DateOnly today, int rounds, TextWriter output)
    {
        var directory = Directory.CreateTempSubdirectory("exchange-coverage-").FullName;
        try
        {
            var log = new SqliteOutcomeLog(SqliteDatabase.Open(Path.Combine(directory, "exchange.db")));
            var watch = Stopwatch.StartNew();
            foreach (var slice in history.Chunk(10_000))
            {
                log.AppendAsync(slice, CancellationToken.None).GetAwaiter().GetResult();
            }
            Line("outcome log into SQLite", Seconds(watch.Elapsed), $"{history.Count:N0} entries", output);
            var times = new double[rounds];
            CoverageReport? past = null;
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            using var sampling = new CancellationTokenSource();
            var peakHeap = Task.Run(() => PeakHeapAsync(sampling.Token));
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            for (var round = 0; round < rounds; round++)
            {
                watch.Restart();
                past = KnownWorkers.ReportAsOfAsync(log, Wilayah.KotaBogor, new CoverageQuery(), today, CancellationToken.None).GetAwaiter().GetResult();
                times[round] = watch.Elapsed.TotalMilliseconds;
            }
            var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / rounds;
            sampling.Cancel();
            var heapGrowth = peakHeap.Result - heapBefore;
            Array.Sort(times);
            var live = projection.Report(new CoverageQuery(), today);
            Line("report CITY as of a day (from the log)", $"{times[0]:N0} / {times[rounds / 2]:N0} / {times[^1]:N0} ms",
                $"min / median / max; {allocated / 1048576.0:N0} MiB allocated per report, heap up to {heapGrowth / 1048576.0:N0} MiB above the projection's meanwhile (garbage included); "
                + (SameCounts(past!.Total, live.Total) ? "equals the live report" : "DIFFERS from the live report"), output);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static bool SameCounts(Exchange.Core.Coverage.CoverageRow first, Exchange.Core.Coverage.CoverageRow second) =>
        first.Workers == second.Workers && first.PossiblyProtected == second.PossiblyProtected
        && Enum.GetValues<MatchOutcome>().All(o => first.Outcomes.GetValueOrDefault(o) == second.Outcomes.GetValueOrDefault(o));

    private static List<double> ReportLatencies(KnownWorkers projection, DateOnly today, CancellationToken stop)
    {
        var latencies = new List<double>();
        var watch = new Stopwatch();
        while (!stop.IsCancellationRequested)
        {
            watch.Restart();
            projection.Report(new CoverageQuery(), today);
            latencies.Add(watch.Elapsed.TotalMilliseconds);
        }
        return latencies;
    }

    private static double Median(List<double> values) => values.Count == 0 ? 0 : values.Order().ElementAt(values.Count / 2);

    /// <summary>What the change should have given: every record matched against the new registry and taken into a new projection.</summary>
    /// <remarks>
    /// Name-frequency weights come from the whole registry, so a change moves the scores of workers it
    /// does not concern too; one right at a threshold can cross it. A worker who differs is a miss of
    /// the rule only if a changed participant, before or after, is a proposal for them (or holds their
    /// NIK, or is their match): only misses fail the check.
    /// </remarks>
    private static bool CheckAfresh(KnownWorkers projection, WorkerRecord[] records, IReadOnlyList<Finding>[] findings,
        (RegistryIndex Before, RegistryIndex After) indexes, IReadOnlyCollection<long> changed, TimeSpan changeTime,
        List<(string Name, CoverageQuery Query, bool Timed)> queries, DateOnly today, TextWriter output)
    {
        var (verdicts, matching) = MatchAll(records, findings, indexes.After, today);
        var (fresh, building, _) = Build(records, verdicts, indexes.After, today);
        Line("  instead: match everyone again, build afresh", Seconds(matching + building),
            $"{(matching + building) / changeTime:F1} times the incremental change", output);
        var (expected, actual) = (Capture(fresh, queries, today), Capture(projection, queries, today));
        if (Same(expected, actual, "  check: reports vs the afresh projection", output))
        {
            return true;
        }
        var changedNiks = changed.Select(nik => nik.ToString("X16", CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal);
        var differing = expected.Workers.Zip(actual.Workers).Where(p => State(p.First) != State(p.Second)).ToList();
        var missed = differing.Where(pair =>
            changedNiks.Contains(pair.First.Subject.Nik) || changedNiks.Contains(pair.Second.ParticipantNik ?? "")
            || changedNiks.Any(nik => Proposes(pair.First.Subject, indexes.Before, nik) || Proposes(pair.First.Subject, indexes.After, nik))).ToList();
        Line("  of the workers that differ", "",
            $"{differing.Count - missed.Count:N0} not concerned by any change (name frequencies moved), {missed.Count:N0} missed by the rule", output);
        foreach (var (want, _) in missed.Take(10))
        {
            var concerning = changedNiks.Where(nik => Proposes(want.Subject, indexes.Before, nik) || Proposes(want.Subject, indexes.After, nik));
            output.WriteLine($"    missed: {want.Subject.Nik}, concerned by {string.Join(", ", concerning)}");
        }
        return missed.Count == 0;
    }

    // Whether the participant, weighed against the worker on their own, reaches a row that proposes anything.
    private static bool Proposes(MatchSubject subject, RegistryIndex index, string participantNik) =>
        Matcher.Compare(subject, index, participantNik) is { } comparison
        && DecisionTable.Rows.First(row => row.Name == comparison.Rung).Proposal != Proposal.None;

    private static (RecordVerdict[] Verdicts, TimeSpan Elapsed) MatchAll(WorkerRecord[] records, IReadOnlyList<Finding>[] findings, RegistryIndex index, DateOnly today)
    {
        var verdicts = new RecordVerdict[records.Length];
        var watch = Stopwatch.StartNew();
        Parallel.For(0, records.Length, i => verdicts[i] = findings[i].Any(f => f.Severity == FindingSeverity.Error)
            ? RecordVerdict.Rejected(findings[i])
            : MatcherCall.Answer(findings[i], records[i], index, today));
        return (verdicts, watch.Elapsed);
    }

    /// <summary>A projection serving <paramref name="index"/>, fed every record in chunks as batches feed it; the log takes the entries after each.</summary>
    /// <param name="history">Where to keep the log entries, or null to drop them.</param>
    private static (KnownWorkers Projection, TimeSpan Elapsed, int Logged) Build(WorkerRecord[] records, RecordVerdict[] verdicts, RegistryIndex index,
        DateOnly today, List<OutcomeLogEntry>? history = null)
    {
        var projection = new KnownWorkers(Wilayah.KotaBogor);
        projection.RegistryChanged(RegistryIndex.Empty, index, [], today);
        var logged = 0;
        var watch = Stopwatch.StartNew();
        for (var start = 0; start < records.Length; start += ChunkSize)
        {
            var count = Math.Min(ChunkSize, records.Length - start);
            projection.Accept(Agencies[start / ChunkSize % Agencies.Length], new ArraySegment<WorkerRecord>(records, start, count),
                new ArraySegment<RecordVerdict>(verdicts, start, count), index, ReviewedPairs.Empty, today);
            var entries = projection.TakePending();
            logged += entries.Count;
            history?.AddRange(entries);
        }
        return (projection, watch.Elapsed, logged);
    }

    private static WorkerRecord Detached(WorkerRecord record)
    {
        var copy = record.Clone();
        copy.Nik = new string(record.Nik.AsSpan());
        copy.FullName = new string(record.FullName.AsSpan());
        copy.KelurahanCode = new string(record.KelurahanCode.AsSpan());
        return copy;
    }

    /// <summary>The reports timed, then the other groupings, which only the checks read.</summary>
    private static List<(string Name, CoverageQuery Query, bool Timed)> Queries()
    {
        var (kecamatan, name) = Wilayah.KotaBogor.KecamatanNames.OrderBy(k => k.Key, StringComparer.Ordinal).First();
        return
        [
            ("CITY", new CoverageQuery(), true),
            ("KECAMATAN", new CoverageQuery { Grouping = CoverageDimension.Kecamatan }, true),
            ("OCCUPATION", new CoverageQuery { Grouping = CoverageDimension.Occupation }, true),
            ("AGENCY", new CoverageQuery { Grouping = CoverageDimension.Agency }, true),
            ($"KELURAHAN in {name}, deciles 1-4", new CoverageQuery
            {
                Grouping = CoverageDimension.Kelurahan,
                Kecamatan = new HashSet<string>(StringComparer.Ordinal) { kecamatan },
                WelfareDeciles = new HashSet<int> { 1, 2, 3, 4 },
            }, true),
            ("KELURAHAN", new CoverageQuery { Grouping = CoverageDimension.Kelurahan }, false),
            ("FUNDING_SOURCE", new CoverageQuery { Grouping = CoverageDimension.FundingSource }, false),
            ("WELFARE_DECILE", new CoverageQuery { Grouping = CoverageDimension.WelfareDecile }, false),
        ];
    }

    /// <summary>What a projection answers: the rows of every report, and every worker's state to name those that differ.</summary>
    private sealed record Answers(List<string> Rows, IReadOnlyList<KnownWorker> Workers);

    private static Answers Capture(KnownWorkers projection, IEnumerable<(string Name, CoverageQuery Query, bool Timed)> queries, DateOnly day)
    {
        var rows = new List<string>();
        foreach (var (name, query, _) in queries)
        {
            var report = projection.Report(query, day);
            rows.AddRange(report.Rows.Append(report.Total).Select(r => $"{name} {r.Key}: {r.Workers} workers, {r.PossiblyProtected} possibly protected, "
                + string.Join(" ", r.Outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}={o.Value}"))));
        }
        return new Answers(rows, projection.Select(new CoverageQuery(), day));
    }

    private static bool Same(Answers expected, Answers actual, string step, TextWriter output)
    {
        if (expected.Rows.SequenceEqual(actual.Rows))
        {
            Line(step, "", $"identical ({expected.Rows.Count:N0} report rows)", output);
            return true;
        }
        Line(step, "", "DIFFERENT:", output);
        foreach (var row in expected.Rows.Except(actual.Rows).Take(20))
        {
            output.WriteLine($"    expected {row}");
        }
        foreach (var row in actual.Rows.Except(expected.Rows).Take(20))
        {
            output.WriteLine($"    got      {row}");
        }
        // Both lists hold the same workers in NIK order; only their matches can differ.
        var differing = expected.Workers.Zip(actual.Workers).Where(p => State(p.First) != State(p.Second)).ToList();
        output.WriteLine($"    {differing.Count:N0} workers differ{(differing.Count > 10 ? ", the first 10" : "")}:");
        foreach (var (want, got) in differing.Take(10))
        {
            output.WriteLine($"    {want.Subject.Nik} {want.Subject.FullName} {want.Subject.BirthDate:yyyy-MM-dd}: expected {State(want)}, got {State(got)}");
        }
        return false;
    }

    private static string State(KnownWorker worker) => $"{worker.Outcome} {worker.ParticipantNik ?? "-"} {worker.Status} {worker.LastPaid}";

    /// <summary>The registry after a change, what changed (packed NIKs) and how many of each kind.</summary>
    private sealed record RegistryEdit(RegistryParticipant[] After, IReadOnlyCollection<long> Changed, IReadOnlySet<DateOnly> BirthDays, int Enrolled, int Repaid,
        int Removed);

    /// <summary>
    /// Half the changes enrol workers who are not registered (as they truly are, as BPJS would), 45 %
    /// move the last paid month of ACTIVE participants matched to a worker, the rest remove matched ones.
    /// </summary>
    private static RegistryEdit Edit(RegistryParticipant[] before, IReadOnlyList<LabelledRecord> submitted, RecordVerdict[] verdicts, int changes, int seed,
        DateOnly today)
    {
        var random = new Random(seed);
        var paidUp = CalendarMonth.Of(today);
        var byNik = before.ToDictionary(p => p.Nik, StringComparer.Ordinal);
        var order = Enumerable.Range(0, submitted.Count).ToArray();
        random.Shuffle(order);
        var enrolled = new Dictionary<string, RegistryParticipant>(StringComparer.Ordinal);
        foreach (var i in order)
        {
            if (enrolled.Count == changes / 2)
            {
                break;
            }
            if (verdicts[i] is { Accepted: true, Outcome: MatchOutcome.NotRegistered } && submitted[i].Truth is { ParticipantNik: null } truth
                && !byNik.ContainsKey(truth.Person.Nik) && !enrolled.ContainsKey(truth.Person.Nik))
            {
                var person = truth.Person;
                enrolled[person.Nik] = new RegistryParticipant(person.Nik, person.FullName, person.BirthDate, person.Sex, Segment.Bpu,
                    ParticipantStatus.Active, paidUp, person.KelurahanCode);
            }
        }
        var matched = verdicts.Where(v => v.Accepted && v.ParticipantNik is not null && v.Outcome is MatchOutcome.Active or MatchOutcome.Grace
                or MatchOutcome.Lapsed or MatchOutcome.Deceased)
            .Select(v => v.ParticipantNik!).Distinct(StringComparer.Ordinal).ToArray();
        random.Shuffle(matched);
        var repaid = new Dictionary<string, CalendarMonth>(StringComparer.Ordinal);
        foreach (var nik in matched.Where(n => byNik[n].Status == ParticipantStatus.Active).Take(changes * 45 / 100))
        {
            // Paid up falls two months behind (GRACE); behind catches up (ACTIVE): either way the standing moves.
            repaid[nik] = byNik[nik].LastPaidMonth == paidUp ? paidUp.Plus(-2) : paidUp;
        }
        var removed = matched.Where(n => !repaid.ContainsKey(n)).Take(changes - enrolled.Count - repaid.Count).ToHashSet(StringComparer.Ordinal);
        RegistryParticipant[] after =
        [
            .. before.Where(p => !removed.Contains(p.Nik)).Select(p => repaid.TryGetValue(p.Nik, out var month) ? p with { LastPaidMonth = month } : p),
            .. enrolled.Values,
        ];
        string[] changed = [.. enrolled.Keys.Concat(repaid.Keys).Concat(removed)];
        var birthDays = changed.Select(n => (enrolled.TryGetValue(n, out var p) ? p : byNik[n]).BirthDate).OfType<DateOnly>().ToHashSet();
        return new RegistryEdit(after, [.. changed.Select(Packed)], birthDays, enrolled.Count, repaid.Count, removed.Count);
    }

    // The form RegistryChanged takes, four bits a digit: the 16 decimal digits read as hexadecimal.
    private static long Packed(string nik) => long.Parse(nik, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s";

    private static void Line(string step, string time, string figures, TextWriter output) => output.WriteLine($"{step,-50}{time,-20}{figures}");
}
