using System.Diagnostics;
using System.Globalization;
using Exchange.Core.Matching;
using Exchange.Core.Registry;
using Exchange.Core.Validation;
using Exchange.Storage.Sqlite;
using Exchange.Synthetic;
using Jamsostek.Exchange.V1;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Exchange.Benchmarks;

/// <summary>
/// For each profile and seed: generates a labelled data set, loads its registry (the first run the way the
/// gateway does, through a snapshot sync into SQLite and a cold load from the file; later runs straight
/// into the index), validates and matches every submitted record, and prints precision, recall and review
/// rate against the truth, overall and per noise kind. Ends with every run against the goals.
/// </summary>
public static class AccuracyBenchmark
{
    private static readonly NoiseKinds[] Kinds =
        [.. Enum.GetValues<NoiseKinds>().Where(k => k is not NoiseKinds.None and not NoiseKinds.Invalid)];

    /// <returns>Whether every run met every goal.</returns>
    /// <param name="misses">How many missed members to list per noise kind and run (0: none), to see why.</param>
    public static bool Run(IReadOnlyList<SyntheticProfile> profiles, IReadOnlyList<int> seeds, int submitted, int registrySize, int misses, TextWriter output)
    {
        var total = Stopwatch.StartNew();
        var runs = new List<AccuracyRun>();
        foreach (var profile in profiles)
        {
            foreach (var seed in seeds)
            {
                runs.Add(RunOne(profile, profile.With(seed, submitted, registrySize), throughSqlite: runs.Count == 0, misses, output));
            }
        }
        Summarise(runs, $"{profiles.Count} profiles x {seeds.Count} seeds, {submitted:N0} submitted vs {registrySize:N0} participants", output);
        output.WriteLine($"total time: {total.Elapsed.TotalSeconds:F0} s on {Environment.ProcessorCount} cores");
        return runs.Where(r => r.Gated).All(r => r.Passed);
    }

    private static AccuracyRun RunOne(SyntheticProfile profile, SyntheticOptions options, bool throughSqlite, int misses, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"== {profile.Name}, seed {options.Seed}: {options.SubmittedCount:N0} submitted vs {options.RegistrySize:N0} participants ==");
        output.WriteLine(profile.Summary);
        var watch = Stopwatch.StartNew();
        var data = SyntheticGenerator.Generate(options);
        output.WriteLine($"generated {data.Submitted.Count:N0} submitted records and {data.Registry.Count:N0} participants in {watch.Elapsed.TotalSeconds:F1} s");

        // Noon in Bogor on the as-of date: "today" for validation and for months unpaid.
        var clock = new FakeTimeProvider(new DateTimeOffset(options.AsOf.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(7)));
        var index = throughSqlite ? LoadThroughSqlite(data, clock, output) : BuildDirectly(data, output);

        var inspector = new RecordInspector(new WorkerRecordValidator(new ValidationRules(), clock));
        var verdicts = new Verdict?[data.Submitted.Count];
        watch.Restart();
        Parallel.For(0, data.Submitted.Count, i =>
        {
            var record = data.Submitted[i].Record;
            if (inspector.Inspect(record).All(f => f.Severity != FindingSeverity.Error))
            {
                verdicts[i] = MatcherCall.Match(MatcherCall.Subject(record), index, options.AsOf);
            }
        });
        var elapsed = watch.Elapsed;
        output.WriteLine($"validated and matched {data.Submitted.Count:N0} records in {elapsed.TotalSeconds:F2} s: {data.Submitted.Count / elapsed.TotalSeconds:N0} records/s on {Environment.ProcessorCount} cores");

        var run = Report(profile, data, verdicts, output);
        if (misses > 0)
        {
            ListMisses(data, verdicts, index, misses, output);
        }
        MeasureSpeed(data, verdicts, index, options.AsOf, output);
        return run;
    }

    /// <summary>
    /// Matches per second on one thread, members and non-members apart (they take different paths),
    /// median of three rounds so one noisy round on a shared machine does not decide.
    /// </summary>
    private static void MeasureSpeed(SyntheticDataSet data, Verdict?[] verdicts, RegistryIndex index, DateOnly today, TextWriter output)
    {
        var members = new List<MatchSubject>();
        var strangers = new List<MatchSubject>();
        for (var i = 0; i < verdicts.Length; i++)
        {
            if (verdicts[i] is not null)
            {
                (data.Submitted[i].Truth.ParticipantNik is null ? strangers : members).Add(MatcherCall.Subject(data.Submitted[i].Record));
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
                    MatcherCall.Match(subject, index, today);
                }
                rounds[round] = subjects.Count / watch.Elapsed.TotalSeconds;
            }
            Array.Sort(rounds);
            output.WriteLine($"matching speed, {name}: {rounds[1]:N0} matches/s on one thread (min {rounds[0]:N0}, max {rounds[2]:N0}, {subjects.Count:N0} records)");
        }
    }

    private static RegistryIndex LoadThroughSqlite(SyntheticDataSet data, TimeProvider clock, TextWriter output)
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
            output.WriteLine($"registry through SQLite: snapshot sync of {summary.Inserted:N0} participants (validate, store, reload, index) in {watch.Elapsed.TotalSeconds:F1} s");

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

    /// <summary>The same index without SQLite (and without its validation: the generator makes valid participants), much faster.</summary>
    private static RegistryIndex BuildDirectly(SyntheticDataSet data, TextWriter output)
    {
        var watch = Stopwatch.StartNew();
        var index = RegistryIndex.Build(data.Registry.Select(RegistryMapping.ToRegistryParticipant).ToArray());
        output.WriteLine($"registry index built directly from the participants (RegistryIndex.Build, not through SQLite) in {watch.Elapsed.TotalSeconds:F1} s: {index.ApproximateBytes / (double)index.Count:F0} bytes per participant");
        return index;
    }

    private static AccuracyRun Report(SyntheticProfile profile, SyntheticDataSet data, Verdict?[] verdicts, TextWriter output)
    {
        MatchOutcome[] outcomes = [MatchOutcome.Active, MatchOutcome.Grace, MatchOutcome.Lapsed, MatchOutcome.Deceased, MatchOutcome.NotRegistered];
        var truthCount = new Dictionary<MatchOutcome, int>();
        var predictedCount = new Dictionary<MatchOutcome, int>();
        var agreeCount = new Dictionary<MatchOutcome, int>();
        var overall = new AccuracyTally();
        var perKind = Kinds.Prepend(NoiseKinds.None).ToDictionary(k => k, _ => new AccuracyTally());
        int valid = 0, rejected = 0, invalidAccepted = 0;
        for (var i = 0; i < verdicts.Length; i++)
        {
            var truth = data.Submitted[i].Truth;
            var verdict = verdicts[i];
            if (truth.IsInvalid)
            {
                invalidAccepted += verdict is null ? 0 : 1;
                continue;
            }
            valid++;
            if (verdict is not { } match)
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
            overall.Add(truth, match);
            if (truth.Noise == NoiseKinds.None)
            {
                perKind[NoiseKinds.None].Add(truth, match);
            }
            foreach (var kind in Kinds)
            {
                if (truth.Noise.HasFlag(kind))
                {
                    perKind[kind].Add(truth, match);
                }
            }
        }
        var matched = valid - rejected;
        output.WriteLine($"records: {verdicts.Length:N0} submitted, {verdicts.Length - valid:N0} made invalid on purpose ({invalidAccepted} of them accepted), {rejected:N0} valid-by-truth records rejected by validation, {matched:N0} matched");
        output.WriteLine();
        output.WriteLine($"{"outcome",-16}{"truth",10}{"predicted",11}{"precision",11}{"recall",9}");
        foreach (var outcome in outcomes)
        {
            var agree = agreeCount.GetValueOrDefault(outcome);
            output.WriteLine($"{outcome,-16}{truthCount.GetValueOrDefault(outcome),10:N0}{predictedCount.GetValueOrDefault(outcome),11:N0}{Ratio(agree, predictedCount.GetValueOrDefault(outcome)),11}{Ratio(agree, truthCount.GetValueOrDefault(outcome)),9}");
        }
        output.WriteLine($"{"PossibleMatch",-16}{"",10}{overall.Review,11:N0}");
        output.WriteLine();
        output.WriteLine($"precision of automatic matches (ACTIVE/GRACE/LAPSED/DECEASED on the right participant): {AccuracyTally.Format(overall.Precision)} ({overall.AutomaticRight:N0}/{overall.Automatic:N0})   goal >= {AccuracyGoals.Precision}: {PassFail(AccuracyGoals.PrecisionMet(overall))}");
        output.WriteLine($"recall of registry members (automatic or POSSIBLE_MATCH on the right participant): {AccuracyTally.Format(overall.Recall)} ({overall.MembersFound:N0}/{overall.Members:N0})   goal >= {AccuracyGoals.Recall}: {PassFail(AccuracyGoals.RecallMet(overall))}");
        output.WriteLine($"POSSIBLE_MATCH rate: {AccuracyTally.Format(overall.ReviewRate)} of matched records ({overall.Review:N0}/{overall.Records:N0})   goal <= {AccuracyGoals.ReviewRate}: {PassFail(AccuracyGoals.ReviewRateMet(overall))}");
        output.WriteLine($"overall outcome accuracy (POSSIBLE_MATCH counted wrong): {Ratio(agreeCount.Values.Sum(), matched)}");
        ReportRungs(data, verdicts, output);

        var kinds = perKind.Where(k => k.Value.Records > 0).Select(k => (k.Key, k.Value)).ToList();
        output.WriteLine();
        output.WriteLine($"per noise kind (a record counts under each kind it carries; recall goal >= {AccuracyGoals.KindRecall} where >= {AccuracyGoals.KindMembers} members):");
        output.WriteLine($"{"noise kind",-22}{"records",9}{"members",9}{"recall",8}{"automatic",11}{"precision",11}{"review",9}{"review rate",13}  goal");
        foreach (var (kind, tally) in kinds)
        {
            var goal = AccuracyGoals.KindCounts(tally) ? PassFail(AccuracyGoals.KindRecallMet(tally)) : "";
            output.WriteLine($"{(kind == NoiseKinds.None ? "(no noise)" : kind.ToString()),-22}{tally.Records,9:N0}{tally.Members,9:N0}{AccuracyTally.Format(tally.Recall),8}{tally.Automatic,11:N0}{AccuracyTally.Format(tally.Precision),11}{tally.Review,9:N0}{AccuracyTally.Format(tally.ReviewRate),13}  {goal}");
        }
        return new AccuracyRun(profile.Name, data.Options.Seed, overall, kinds, profile.Gated);
    }

    /// <summary>Which decision rows decided, and whether they named the right participant: where reviews and errors come from.</summary>
    private static void ReportRungs(SyntheticDataSet data, Verdict?[] verdicts, TextWriter output)
    {
        var rows = new SortedDictionary<string, (int Right, int OtherOfMember, int NonMember)>(StringComparer.Ordinal);
        for (var i = 0; i < verdicts.Length; i++)
        {
            if (verdicts[i] is not { } verdict || verdict.Outcome == MatchOutcome.NotRegistered || data.Submitted[i].Truth.IsInvalid)
            {
                continue;
            }
            var truth = data.Submitted[i].Truth.ParticipantNik;
            var key = $"{(verdict.IsAutomatic ? "automatic" : "review")} {verdict.Rung}";
            var (right, other, nonMember) = rows.GetValueOrDefault(key);
            rows[key] = truth is null ? (right, other, nonMember + 1) : truth == verdict.ParticipantNik ? (right + 1, other, nonMember) : (right, other + 1, nonMember);
        }
        output.WriteLine();
        output.WriteLine($"{"decided by",-40}{"right",9}{"other",9}{"stranger",10}   (right participant / a member on another participant / a non-member)");
        foreach (var (row, (right, other, nonMember)) in rows)
        {
            output.WriteLine($"{row,-40}{right,9:N0}{other,9:N0}{nonMember,10:N0}");
        }
    }

    /// <summary>Members not found on the right participant, a few per noise kind: the worker, the participant, what matching said.</summary>
    private static void ListMisses(SyntheticDataSet data, Verdict?[] verdicts, RegistryIndex index, int perKind, TextWriter output)
    {
        var missed = Enumerable.Range(0, verdicts.Length)
            .Where(i => verdicts[i] is { } v && data.Submitted[i].Truth.ParticipantNik is { } nik && v.ParticipantNik != nik)
            .ToList();
        var wanted = missed.Select(i => data.Submitted[i].Truth.ParticipantNik!).ToHashSet(StringComparer.Ordinal);
        var participants = data.Registry.Where(p => wanted.Contains(p.Nik)).ToDictionary(p => p.Nik, StringComparer.Ordinal);
        // How each missed worker compares with their own participant alone: which levels the model saw.
        var levels = missed.Select(i => (Index: i, Text: MatcherCall.Compare(MatcherCall.Subject(data.Submitted[i].Record), index, data.Submitted[i].Truth.ParticipantNik!)))
            .GroupBy(miss => miss.Text).OrderByDescending(g => g.Count()).Take(25);
        output.WriteLine();
        output.WriteLine("missed members by how they compare with their own participant alone (NIK, name, birth date, sex, kelurahan -> row), with an example:");
        foreach (var group in levels)
        {
            var (record, truth) = data.Submitted[group.First().Index];
            output.WriteLine($"  {group.Count(),6:N0}  {group.Key,-75} {record.FullName} / {participants[truth.ParticipantNik!].FullName}, {record.Nik} / {truth.ParticipantNik}");
        }
        // Reviews of non-members: how they compare with the participant proposed.
        var strangers = Enumerable.Range(0, verdicts.Length)
            .Where(i => verdicts[i] is { Outcome: MatchOutcome.PossibleMatch } && data.Submitted[i].Truth.ParticipantNik is null)
            .Select(i => MatcherCall.Compare(MatcherCall.Subject(data.Submitted[i].Record), index, verdicts[i]!.Value.ParticipantNik!))
            .GroupBy(text => text).OrderByDescending(g => g.Count()).Take(15);
        output.WriteLine();
        output.WriteLine("reviews of non-members by how they compare with the participant proposed:");
        foreach (var group in strangers)
        {
            output.WriteLine($"  {group.Count(),6:N0}  {group.Key}");
        }
        output.WriteLine();
        output.WriteLine($"missed members ({missed.Count:N0}), up to {perKind} per noise kind:");
        foreach (var kind in Kinds)
        {
            foreach (var i in missed.Where(i => data.Submitted[i].Truth.Noise.HasFlag(kind)).Take(perKind))
            {
                var (record, truth) = data.Submitted[i];
                var participant = participants[truth.ParticipantNik!];
                var verdict = verdicts[i]!.Value;
                output.WriteLine($"  {kind,-20} worker {record.Nik} {record.FullName,-34} {record.BirthDate} {record.Sex,-6} {record.KelurahanCode,-14}"
                    + $" | registry {participant.Nik} {participant.FullName,-30} {participant.BirthDate} {participant.Sex,-6} {participant.KelurahanCode,-14}"
                    + $" | {verdict.Outcome} {verdict.Rung} {verdict.Score:F1} {verdict.ParticipantNik} [{truth.Noise}]");
            }
        }
    }

    private static void Summarise(List<AccuracyRun> runs, string what, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"== summary: {what} ==");
        output.WriteLine($"goals: {AccuracyGoals.Text}");
        output.WriteLine();
        output.WriteLine($"{"profile",-17}{"seed",6}   {"precision",-16}{"recall",-16}{"review rate",-16}{"kinds passing",-20}result");
        foreach (var run in runs)
        {
            var counted = run.PerKind.Count(k => AccuracyGoals.KindCounts(k.Tally));
            var below = run.KindsBelowGoal.Count();
            output.WriteLine($"{run.Profile,-17}{run.Seed,6}   "
                + $"{Cell(run.Overall.Precision, AccuracyGoals.PrecisionMet(run.Overall)),-16}"
                + $"{Cell(run.Overall.Recall, AccuracyGoals.RecallMet(run.Overall)),-16}"
                + $"{Cell(run.Overall.ReviewRate, AccuracyGoals.ReviewRateMet(run.Overall)),-16}"
                + $"{$"{counted - below}/{counted} {PassFail(below == 0)}",-20}"
                + (run.Gated ? PassFail(run.Passed).ToUpperInvariant() : "(no goal)"));
        }
        var failing = runs.Where(r => r.Gated).SelectMany(r => r.KindsBelowGoal.Select(k => (r.Profile, r.Seed, k.Kind, k.Tally))).ToList();
        if (failing.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"noise kinds below the recall goal ({AccuracyGoals.KindRecall} with >= {AccuracyGoals.KindMembers} members):");
            output.WriteLine($"{"profile",-17}{"seed",6}   {"noise kind",-22}{"members",9}{"found",9}{"recall",8}");
            foreach (var (profile, seed, kind, tally) in failing)
            {
                output.WriteLine($"{profile,-17}{seed,6}   {kind,-22}{tally.Members,9:N0}{tally.MembersFound,9:N0}{AccuracyTally.Format(tally.Recall),8}");
            }
        }
        output.WriteLine();
        var gated = runs.Where(r => r.Gated).ToList();
        var failed = gated.Count(r => !r.Passed);
        output.WriteLine(failed == 0
            ? $"result: PASS, all {gated.Count} runs with goals meet every goal"
            : $"result: FAIL, {failed} of {gated.Count} runs with goals miss one (precision {gated.Count(r => !AccuracyGoals.PrecisionMet(r.Overall))}, recall {gated.Count(r => !AccuracyGoals.RecallMet(r.Overall))}, "
                + $"review rate {gated.Count(r => !AccuracyGoals.ReviewRateMet(r.Overall))}, noise-kind recall {gated.Count(r => r.KindsBelowGoal.Any())})");
    }

    private static string Cell(double? share, bool met) => $"{AccuracyTally.Format(share)} {PassFail(met)}";

    private static string PassFail(bool met) => met ? "pass" : "fail";

    private static void Increment(Dictionary<MatchOutcome, int> counts, MatchOutcome outcome) =>
        counts[outcome] = counts.GetValueOrDefault(outcome) + 1;

    private static string Ratio(int part, int whole) =>
        whole == 0 ? "-" : (part / (double)whole).ToString("F4", CultureInfo.InvariantCulture);
}
