using System.Diagnostics;
using System.Globalization;
using Exchange.Core.Matching;
using Exchange.Core.Registry;
using Exchange.Core.Validation;
using Exchange.Storage.Sqlite;
using Exchange.Synthetic;
using Jamsostek.Exchange.V1;
using Microsoft.Data.Sqlite;

namespace Exchange.Benchmarks;

/// <summary>
/// Generates a labelled data set, loads its registry the way the gateway does (snapshot sync into
/// SQLite, then a cold load from the file), validates and matches every submitted record, and prints
/// precision and recall against the truth.
/// </summary>
public static class AccuracyBenchmark
{
    public static void Run(SyntheticOptions options, TextWriter output)
    {
        var watch = Stopwatch.StartNew();
        var data = SyntheticGenerator.Generate(options);
        output.WriteLine($"generated {data.Submitted.Count:N0} submitted records and {data.Registry.Count:N0} participants in {watch.Elapsed.TotalSeconds:F1} s (seed {options.Seed})");

        // Noon in Bogor on the as-of date: "today" for validation and for months unpaid.
        var clock = new FixedClock(new DateTimeOffset(options.AsOf.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(7)));
        var index = LoadRegistry(data, clock, output);

        var inspector = new RecordInspector(new WorkerRecordValidator(new ValidationRules(), clock));
        var results = new MatchResult?[data.Submitted.Count];
        watch.Restart();
        Parallel.For(0, data.Submitted.Count, i =>
        {
            var record = data.Submitted[i].Record;
            if (inspector.Inspect(record).All(f => f.Severity != FindingSeverity.Error))
            {
                results[i] = Matcher.Match(RegistryMapping.ToMatchSubject(record), index, options.AsOf);
            }
        });
        var elapsed = watch.Elapsed;
        output.WriteLine($"validated and matched {data.Submitted.Count:N0} records in {elapsed.TotalSeconds:F2} s: {data.Submitted.Count / elapsed.TotalSeconds:N0} records/s on {Environment.ProcessorCount} cores");

        Report(data, results, output);
        MeasureSpeed(data, results, index, options.AsOf, output);
    }

    /// <summary>
    /// Matches per second on one thread, members and non-members apart (they take different paths),
    /// median of three rounds so one noisy round on a shared machine does not decide.
    /// </summary>
    private static void MeasureSpeed(SyntheticDataSet data, MatchResult?[] results, RegistryIndex index, DateOnly today, TextWriter output)
    {
        var members = new List<MatchSubject>();
        var strangers = new List<MatchSubject>();
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i] is not null)
            {
                (data.Submitted[i].Truth.ParticipantNik is null ? strangers : members).Add(RegistryMapping.ToMatchSubject(data.Submitted[i].Record));
            }
        }
        output.WriteLine();
        foreach (var (name, subjects) in new[] { ("members", members), ("non-members", strangers) })
        {
            var rounds = new double[3];
            for (var round = 0; round < rounds.Length; round++)
            {
                var watch = Stopwatch.StartNew();
                foreach (var subject in subjects)
                {
                    Matcher.Match(subject, index, today);
                }
                rounds[round] = subjects.Count / watch.Elapsed.TotalSeconds;
            }
            Array.Sort(rounds);
            output.WriteLine($"matching speed, {name}: {rounds[1]:N0} matches/s on one thread (min {rounds[0]:N0}, max {rounds[2]:N0}, {subjects.Count:N0} records)");
        }
    }

    private static RegistryIndex LoadRegistry(SyntheticDataSet data, TimeProvider clock, TextWriter output)
    {
        var directory = Directory.CreateTempSubdirectory("exchange-accuracy-").FullName;
        try
        {
            var database = SqliteDatabase.Open(Path.Combine(directory, "exchange.db"));
            var registry = new ParticipantRegistry(new SqliteRegistryStore(database), new ParticipantValidator(), clock);
            var watch = Stopwatch.StartNew();
            var sync = registry.BeginSync(SyncMode.Snapshot);
            foreach (var chunk in data.Registry.Chunk(ParticipantRegistry.MaxEntriesPerChunk))
            {
                sync.Add(new ParticipantChunk { Upserts = { chunk } });
            }
            var summary = sync.CommitAsync(CancellationToken.None).GetAwaiter().GetResult();
            output.WriteLine($"snapshot sync of {summary.Inserted:N0} participants (validate, store, reload, index) in {watch.Elapsed.TotalSeconds:F1} s");

            // A restart: a new registry over the same file.
            GC.Collect();
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var restarted = new ParticipantRegistry(new SqliteRegistryStore(database), new ParticipantValidator(), clock);
            watch.Restart();
            restarted.LoadAsync(CancellationToken.None).GetAwaiter().GetResult();
            var loadTime = watch.Elapsed;
            var index = restarted.Index;
            var after = GC.GetTotalMemory(forceFullCollection: true);
            output.WriteLine($"cold load of {index.Count:N0} participants from SQLite into the index in {loadTime.TotalSeconds:F1} s");
            output.WriteLine($"index size: {index.ApproximateBytes / (double)index.Count:F0} bytes per participant by its arrays ({index.ApproximateBytes / 1048576.0:F0} MiB); managed heap grew {(after - before) / (double)index.Count:F0} bytes per participant");
            GC.KeepAlive(registry);
            return index;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void Report(SyntheticDataSet data, MatchResult?[] results, TextWriter output)
    {
        MatchOutcome[] outcomes = [MatchOutcome.Active, MatchOutcome.Grace, MatchOutcome.Lapsed, MatchOutcome.NotRegistered];
        var truthCount = new Dictionary<MatchOutcome, int>();
        var predictedCount = new Dictionary<MatchOutcome, int>();
        var agreeCount = new Dictionary<MatchOutcome, int>();
        int valid = 0, rejected = 0, invalidAccepted = 0, automatic = 0, automaticRight = 0, members = 0, membersFound = 0, possible = 0;
        for (var i = 0; i < results.Length; i++)
        {
            var truth = data.Submitted[i].Truth;
            var result = results[i];
            if (truth.IsInvalid)
            {
                invalidAccepted += result is null ? 0 : 1;
                continue;
            }
            valid++;
            if (result is not { } match)
            {
                rejected++;
                continue;
            }
            Increment(truthCount, truth.ExpectedOutcome);
            Increment(predictedCount, match.Outcome);
            if (match.Outcome == truth.ExpectedOutcome)
            {
                Increment(agreeCount, match.Outcome);
            }
            var rightPerson = truth.ParticipantNik is not null && match.ParticipantNik == truth.ParticipantNik;
            if (match.Outcome is MatchOutcome.Active or MatchOutcome.Grace or MatchOutcome.Lapsed)
            {
                automatic++;
                automaticRight += rightPerson ? 1 : 0;
            }
            if (match.Outcome == MatchOutcome.PossibleMatch)
            {
                possible++;
            }
            if (truth.ParticipantNik is not null)
            {
                members++;
                membersFound += rightPerson ? 1 : 0;
            }
        }
        var matched = valid - rejected;
        output.WriteLine($"records: {results.Length:N0} submitted, {results.Length - valid:N0} made invalid on purpose ({invalidAccepted} of them accepted), {rejected:N0} valid-by-truth records rejected by validation, {matched:N0} matched");
        output.WriteLine();
        output.WriteLine($"{"outcome",-16}{"truth",10}{"predicted",11}{"precision",11}{"recall",9}");
        foreach (var outcome in outcomes)
        {
            var agree = agreeCount.GetValueOrDefault(outcome);
            output.WriteLine($"{outcome,-16}{truthCount.GetValueOrDefault(outcome),10:N0}{predictedCount.GetValueOrDefault(outcome),11:N0}{Ratio(agree, predictedCount.GetValueOrDefault(outcome)),11}{Ratio(agree, truthCount.GetValueOrDefault(outcome)),9}");
        }
        output.WriteLine($"{"PossibleMatch",-16}{"",10}{possible,11:N0}");
        output.WriteLine();
        output.WriteLine($"precision of automatic matches (ACTIVE/GRACE/LAPSED on the right participant): {Ratio(automaticRight, automatic)} ({automaticRight:N0}/{automatic:N0})   goal >= 0.995");
        output.WriteLine($"recall of registry members (automatic or POSSIBLE_MATCH on the right participant): {Ratio(membersFound, members)} ({membersFound:N0}/{members:N0})   goal >= 0.99");
        output.WriteLine($"POSSIBLE_MATCH rate: {Ratio(possible, matched)} of matched records ({possible:N0}/{matched:N0})   goal <= 0.03");
        var outcomeRight = agreeCount.Values.Sum();
        output.WriteLine($"overall outcome accuracy (POSSIBLE_MATCH counted wrong): {Ratio(outcomeRight, matched)}");
    }

    private static void Increment(Dictionary<MatchOutcome, int> counts, MatchOutcome outcome) =>
        counts[outcome] = counts.GetValueOrDefault(outcome) + 1;

    private static string Ratio(int part, int whole) =>
        whole == 0 ? "-" : (part / (double)whole).ToString("F4", CultureInfo.InvariantCulture);
}
