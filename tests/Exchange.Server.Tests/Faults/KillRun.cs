using System.Diagnostics;
using System.Globalization;
using Exchange.Server.Tests.Infrastructure;
using Grpc.Core;
using Jamsostek.Exchange.V1;
using Xunit.Abstractions;

namespace Exchange.Server.Tests.Faults;

/// <summary>What a finished batch holds, read back through the public surface (GetBatch, then ReadResults from offset 0).</summary>
public sealed record StoredBatch(BatchSummary Summary, IReadOnlyList<RecordResult> Results)
{
    public static async Task<StoredBatch> ReadAsync(SubmissionService.SubmissionServiceClient client, string batchId)
    {
        var batch = (await client.GetBatchAsync(new GetBatchRequest { BatchId = batchId }).ResponseAsync.Within()).Batch;
        using var call = client.ReadResults(new ReadResultsRequest { BatchId = batchId });
        var pages = await call.ResponseStream.ReadAllWithinAsync();
        return new StoredBatch(batch, [.. pages.SelectMany(page => page.Results)]);
    }

    /// <summary>Accepted records per outcome, and rejected ones: how non-trivial the matching was.</summary>
    public string Outcomes() => string.Join(", ", Results
        .GroupBy(result => result.Status == RecordStatus.Accepted ? result.Outcome.ToString() : "Rejected")
        .OrderBy(group => group.Key, StringComparer.Ordinal)
        .Select(group => string.Create(CultureInfo.InvariantCulture, $"{group.Key} {group.Count()}")));
}

/// <summary>What one kill run did and found, as the summary line prints it.</summary>
public sealed record KillRunReport(int Kills, int Records, long RecordsSent, long Resent, long Replayed, int StoredUnanswered, int Lost,
    int Duplicated, int Differing, int AnsweredOtherwise, TimeSpan Elapsed, TimeSpan MeanRestart)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"kills {Kills}, records {Records}, sent {RecordsSent}, resends {Resent} (answered from the ledger {Replayed}), " +
        $"chunks stored but unanswered at a kill {StoredUnanswered}, lost {Lost}, duplicated {Duplicated}, differing {Differing}, " +
        $"answered otherwise than stored {AnsweredOtherwise}, elapsed {Elapsed.TotalSeconds:0.0} s (mean restart {MeanRestart.TotalSeconds:0.00} s)");
}

/// <summary>
/// One submission through gateway processes that are killed (SIGKILL) at seeded random moments and started again over
/// the same storage, the client reopening the batch and resuming from the committed offset each time; then the ledger
/// read back and compared, record by record, with a fault-free run of the same records.
/// </summary>
public static class KillRun
{
    /// <summary>Records per chunk: the gateways run with <see cref="MaxChunk"/> as their limit.</summary>
    public const int MinChunk = 1000;

    public const int MaxChunk = 2000;

    /// <summary>Settings every gateway of these runs gets: chunks up to <see cref="MaxChunk"/>, no daily budget in the way of re-sends.</summary>
    public static readonly string[] Settings =
        [$"--Exchange:MaxRecordsPerChunk={MaxChunk}", "--Exchange:MaxRecordsPerAgencyPerDay=100000000"];

    private enum Moment
    {
        /// <summary>Right after the batch is reopened, before a chunk is sent: a kill during recovery.</summary>
        AfterOpen,

        /// <summary>After some chunks are answered, while the stream waits for the next.</summary>
        BetweenChunks,

        /// <summary>0-200 ms after a chunk was written (about as long as a chunk takes): stored or not, answered or not.</summary>
        InFlight,
    }

    private sealed record Kill(Moment Moment, int ChunksBefore, int DelayMilliseconds);

    /// <summary>BPJS's registry, synced (one snapshot) through <paramref name="gateway"/>.</summary>
    public static async Task SyncRegistryAsync(KillableGateway gateway, KillWorkload workload)
    {
        var synced = await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, workload.Registry);
        Assert.Equal(workload.Registry.Count, synced.Inserted);
    }

    /// <summary>The batch submitted on one gateway, nothing killed: what every kill run must end up with.</summary>
    public static async Task<StoredBatch> FaultFreeAsync(KillableGateway gateway, KillWorkload workload, string batchId)
    {
        var client = new SubmissionClient(workload.Records, batchId, new Random(workload.Seed), MaxChunk, MaxChunk);
        await client.OpenAsync(gateway.Submission);
        await client.SendRestAsync();
        return await StoredBatch.ReadAsync(gateway.Submission, batchId);
    }

    /// <summary>
    /// Submits the workload through <paramref name="replicas"/> (running, the registry synced), killing the one in use
    /// <paramref name="kills"/> times. With one replica it is started again and the client waits for it; with two the
    /// client goes on at the other at once while the killed one starts again, and the next kill is the other's.
    /// </summary>
    public static async Task RunAsync(IReadOnlyList<KillableGateway> replicas, KillWorkload workload,
        Task<FaultFreeRun> faultFree, int kills, int seed, ITestOutputHelper output)
    {
        var elapsed = Stopwatch.StartNew();
        var rng = new Random(seed);
        var batchId = $"kill-{seed}-{replicas.Count}";
        var client = new SubmissionClient(workload.Records, batchId, rng, MinChunk, MaxChunk);
        // Chunks answered between kills, drawn up to twice this: a little fewer than would spread the kills over the whole
        // batch, so that the last kill rarely finds no records left to send (it is then made before the finish).
        var gap = workload.Records.Count / ((MinChunk + MaxChunk) / 2.0) / (kills * 1.2);
        var current = 0;
        Task? restarting = null;
        var killed = 0;
        var answered = 0;

        async Task KillCurrentAsync(Kill kill)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"kill {killed + 1} of {replicas[current].Name}: {kill.Moment} after {answered} chunks, +{kill.DelayMilliseconds} ms, acknowledged {client.Acknowledged}"));
            await replicas[current].KillAsync();
            killed++;
            if (replicas.Count == 1)
            {
                await replicas[current].StartAsync();
                return;
            }
            if (restarting is not null)
            {
                await restarting;
            }
            restarting = replicas[current].StartAsync();
            current = (current + 1) % replicas.Count;
        }

        try
        {
            await client.OpenAsync(replicas[current].Submission);
            while (true)
            {
                var plan = killed < kills ? NextKill(rng, gap) : null;
                var done = false;
                answered = 0;
                try
                {
                    if (plan?.Moment == Moment.AfterOpen)
                    {
                        await KillCurrentAsync(plan);
                        done = true;
                    }
                    while (client.HasMore)
                    {
                        if (!done && plan is { Moment: Moment.BetweenChunks } && answered == plan.ChunksBefore)
                        {
                            await KillCurrentAsync(plan);
                            done = true;
                        }
                        await client.WriteNextChunkAsync();
                        if (!done && plan is { Moment: Moment.InFlight } && answered == plan.ChunksBefore)
                        {
                            // The moment of the kill, not a wait for anything: the chunk may be stored and answered, stored
                            // and not answered, or neither, and the client must cope with each.
                            await Task.Delay(plan.DelayMilliseconds);
                            await KillCurrentAsync(plan);
                            done = true;
                        }
                        // An answer the gateway wrote before it died may still arrive: it was durable when written.
                        await client.ReadAnswerAsync();
                        answered++;
                    }
                    if (plan is not null && !done)
                    {
                        // The records ran out before this kill's moment: every kill is made before the batch is finished.
                        await KillCurrentAsync(plan);
                        done = true;
                    }
                    if (!done)
                    {
                        await client.FinishAsync();
                        break;
                    }
                }
                catch (RpcException) when (done)
                {
                    // The stream of the killed gateway broke: reopened below.
                }
                catch (Exception e) when (done && e is InvalidOperationException or IOException)
                {
                    // The killed gateway's stream ended without an answer, or its connection broke under a write: reopened below.
                }
                var acknowledged = client.Acknowledged;
                var opened = await client.OpenAsync(replicas[current].Submission, resendCommitted: rng.Next(2) == 0);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  reopened at {replicas[current].Name}: committed {opened.CommittedOffset}, acknowledged {acknowledged}"));
            }
            if (restarting is not null)
            {
                await restarting;
            }
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException(
                $"kill run, seed {seed}, after {killed} kills at acknowledged {client.Acknowledged}: {e}\n--- {replicas[current].Name}:\n{replicas[current].Output}");
        }
        catch (Xunit.Sdk.XunitException e)
        {
            throw new Xunit.Sdk.XunitException($"kill run, seed {seed}, after {killed} kills: {e.Message}", e);
        }

        var stored = await StoredBatch.ReadAsync(replicas[current].Submission, batchId);
        foreach (var other in replicas.Where((_, i) => i != current))
        {
            // Every replica serves the same ledger.
            var elsewhere = await StoredBatch.ReadAsync(other.Submission, batchId);
            Assert.Equal(stored.Results.Count, elsewhere.Results.Count);
            Assert.True(stored.Results.SequenceEqual(elsewhere.Results), $"seed {seed}: {other.Name} reads another ledger");
        }
        foreach (var replica in replicas)
        {
            // The kills, each maybe in the middle of an audit append or checkpoint, leave the trail verifiable.
            var (exitCode, verified) = await replica.AuditVerifyAsync();
            Assert.True(exitCode == 0, $"seed {seed}: audit-verify on {replica.Name} after {killed} kills: {verified}");
            output.WriteLine($"{replica.Name}: {verified.Trim()}");
        }
        elapsed.Stop();
        var reference = await faultFree;
        output.WriteLine(reference.Summary);
        Compare(replicas, workload, reference.Batch, stored, client, killed, elapsed.Elapsed, seed, output);
    }

    private static Kill NextKill(Random rng, double gap)
    {
        var draw = rng.NextDouble();
        var moment = draw < 0.1 ? Moment.AfterOpen : draw < 0.45 ? Moment.BetweenChunks : Moment.InFlight;
        return new Kill(moment, rng.Next(0, (int)Math.Ceiling(2 * gap)), rng.Next(0, 200));
    }

    /// <summary>The stored batch against the fault-free one and against what the streams answered; prints the summary line.</summary>
    private static void Compare(IReadOnlyList<KillableGateway> replicas, KillWorkload workload, StoredBatch reference, StoredBatch stored,
        SubmissionClient client, int kills, TimeSpan elapsed, int seed, ITestOutputHelper output)
    {
        var count = workload.Records.Count;
        var byOffset = stored.Results.GroupBy(result => result.Offset).ToDictionary(group => group.Key, group => group.ToList());
        var lost = Enumerable.Range(0, count).Count(offset => !byOffset.ContainsKey(offset));
        var duplicated = stored.Results.Count - byOffset.Count + (int)Math.Max(0, stored.Summary.RecordCount - count);
        var expected = reference.Results.ToDictionary(result => result.Offset);
        var differing = byOffset.Where(pair => !expected.TryGetValue(pair.Key, out var result) || !pair.Value[0].Equals(result))
            .Select(pair => pair.Key).Order().ToList();
        // What a stream answered must be what the ledger keeps (a stream's field paths name the record in its chunk).
        var answeredOtherwise = client.Answers.Where(pair => !byOffset.TryGetValue(pair.Key, out var kept) || !SameVerdict(pair.Value, kept[0]))
            .Select(pair => pair.Key).Order().ToList();
        var restarts = replicas.SelectMany(replica => replica.StartTimes.Skip(1)).DefaultIfEmpty().ToList();
        var report = new KillRunReport(kills, count, client.RecordsSent, client.Resent, client.Replayed, client.StoredUnanswered, lost,
            duplicated, differing.Count, answeredOtherwise.Count, elapsed, TimeSpan.FromTicks((long)restarts.Average(start => start.Ticks)));
        output.WriteLine($"seed {seed}: {report}");
        output.WriteLine($"outcomes: {stored.Outcomes()}");
        foreach (var offset in differing.Take(5))
        {
            output.WriteLine($"differs at {offset}: stored {byOffset[offset][0]}, fault-free {(expected.TryGetValue(offset, out var result) ? result : "none")}");
        }
        foreach (var offset in answeredOtherwise.Take(5))
        {
            output.WriteLine($"answered at {offset}: {client.Answers[offset]}, stored {(byOffset.TryGetValue(offset, out var kept) ? kept[0] : "none")}");
        }
        Assert.True(lost == 0 && duplicated == 0 && differing.Count == 0 && answeredOtherwise.Count == 0, $"seed {seed}: {report}");
        Assert.Equal(BatchState.Finished, stored.Summary.State);
        Assert.Equal(count, stored.Summary.RecordCount);
        Assert.Equal(reference.Summary.AcceptedCount, stored.Summary.AcceptedCount);
        Assert.Equal(reference.Summary.OutcomeCounts, stored.Summary.OutcomeCounts);
    }

    private static bool SameVerdict(RecordResult answered, RecordResult stored) =>
        answered.Offset == stored.Offset && answered.Status == stored.Status && answered.Outcome == stored.Outcome
        && answered.Segment == stored.Segment
        && answered.Violations.Select(v => v.Code).SequenceEqual(stored.Violations.Select(v => v.Code))
        && answered.Warnings.Select(w => w.Code).SequenceEqual(stored.Warnings.Select(w => w.Code));
}
