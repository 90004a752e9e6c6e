using System.Diagnostics;
using System.Globalization;
using Exchange.Server.Tests.Infrastructure;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Jamsostek.Exchange.V1;
using Xunit.Abstractions;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Exchange.Server.Tests.Faults;

/// <summary>
/// SIGTERM to a real gateway process during paced submissions: health stops answering SERVING, each stream waiting for
/// its next chunk ends at once with UNAVAILABLE DRAINING, the committed offset it had acknowledged and a retry hint, new
/// submissions and syncs are refused the same way while the drain runs, the process exits 0, and a new process on the
/// same data directory lets every client resume with nothing lost.
/// </summary>
[Collection(nameof(KilledGatewayCollection))]
public sealed class DrainTests(ServerBuildCopy server, ITestOutputHelper output)
{
    private const int Seed = 20_251_202;

    private const int Records = 5_000;

    /// <summary>The gateway's default: how long it keeps serving open streams after SIGTERM.</summary>
    private const int DrainSeconds = 10;

    /// <summary>After the drain, the host's own margin to close connections and sign the last audit checkpoint (GatewayExtensions).</summary>
    private const int ShutdownMarginSeconds = 10;

    /// <summary>The drain a stream that is not read holds open: shorter than the default, as the test waits it out.</summary>
    private const int HeldDrainSeconds = 3;

    private const int PacedChunk = 100;

    /// <summary>Chunks answered before a paced stream counts as running (and a quiet one goes quiet).</summary>
    private const int WarmUpChunks = 3;

    /// <summary>Between a chunk's answer and the next chunk: the client of a paced stream is mostly quiet, as an agency's is.</summary>
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Two paced streams: one that has gone quiet (listening for the gateway, as a client between chunks is), whose end
    /// is exactly specified, and one still sending chunk after chunk. A client writing its next chunk at the very moment
    /// the gateway ends the stream may lose the gateway's status to its own failed write (Grpc.Net.Client then reports
    /// CANCELLED or INTERNAL); whatever it sees, reopening resumes it.
    /// </summary>
    [Fact]
    public Task Sigterm_ends_paced_streams_with_draining_at_their_acknowledged_offsets_exits_0_and_a_new_process_resumes_them() =>
        WithGatewayAsync("drain", [], async gateway =>
        {
            var workload = KillWorkload.Create(Seed, Records);
            var rng = new Random(Seed);
            var quiet = new SubmissionClient(workload.Records, "drain-quiet", rng, PacedChunk, PacedChunk);
            var busy = new SubmissionClient(workload.Records, "drain-busy", rng, PacedChunk, PacedChunk);
            var (quietStream, quietRunning) = await PacedAsync(gateway, quiet, goQuiet: true);
            var (busyStream, busyRunning) = await PacedAsync(gateway, busy, goQuiet: false);
            await Task.WhenAll(quietRunning, busyRunning).Within();

            var drain = Stopwatch.StartNew();
            await gateway.TerminateAsync();
            var quietEnded = await quietStream.Within(TimeSpan.FromSeconds(DrainSeconds));
            var busyEnded = await busyStream.Within(TimeSpan.FromSeconds(DrainSeconds));
            var endedAfter = drain.Elapsed;
            AssertDraining(quietEnded, quiet.Acknowledged);
            if (IsDraining(busyEnded))
            {
                AssertDraining(busyEnded, busy.Acknowledged);
            }
            else
            {
                Assert.Contains(busyEnded.StatusCode, new[] { StatusCode.Cancelled, StatusCode.Internal, StatusCode.Unavailable });
            }
            // The streams were ended by the drain, so it has begun: from here health never says SERVING.
            Assert.NotEqual(ServingStatus.Serving, await HealthAsync(gateway.Address));
            Assert.Equal(0, await gateway.ExitedAsync(TimeSpan.FromSeconds(DrainSeconds + ShutdownMarginSeconds)));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"SIGTERM: quiet stream ended {Describe(quietEnded)} at {quiet.Acknowledged}, busy stream {Describe(busyEnded)} at {busy.Acknowledged}, " +
                $"after {endedAfter.TotalSeconds:0.00} s; process exited 0 after {drain.Elapsed.TotalSeconds:0.00} s"));

            await gateway.StartAsync();
            Assert.Equal(quiet.Acknowledged, (await quiet.OpenAsync(gateway.Submission)).CommittedOffset);
            // The busy one's last chunk may have been stored and answered while its client failed to read the answer.
            await busy.OpenAsync(gateway.Submission);
            foreach (var client in new[] { quiet, busy })
            {
                await client.SendRestAsync();
                await AssertWholeAsync(gateway, client, workload.Records.Count);
            }
        });

    /// <summary>
    /// A stream whose client stops reading holds the drain open (its answer cannot be written, so it never comes back to
    /// wait for a chunk): meanwhile the process should still listen, answer health NOT_SERVING, and refuse a new
    /// submission and a new sync with DRAINING. What the test saw is printed, and the assertion names each thing that
    /// differed.
    /// </summary>
    [Fact]
    public Task While_the_drain_runs_health_answers_not_serving_and_new_submissions_and_syncs_are_refused_with_draining() =>
        WithGatewayAsync("drain-held", [$"--Exchange:DrainSeconds={HeldDrainSeconds}"], async gateway =>
        {
            var workload = KillWorkload.Create(Seed, Records);
            var rng = new Random(Seed);
            // Answers too large for the HTTP/2 windows and the server's buffers: three violations for each of 2,000 records.
            var unread = workload.Records.Take(KillRun.MaxChunk).Select(record =>
            {
                var broken = record.Clone();
                broken.FullName += " 2";
                broken.Phone = "12345";
                broken.KelurahanCode = "32.71.09.9999";
                return broken;
            }).ToList();
            var stalled = new SubmissionClient(unread, "drain-unread", rng, KillRun.MaxChunk, KillRun.MaxChunk);
            await stalled.OpenAsync(gateway.Submission);
            await stalled.WriteNextChunkAsync();
            await CommittedAsync(gateway, stalled.BatchId, unread.Count);
            var paced = new SubmissionClient(workload.Records, "drain-held-quiet", rng, PacedChunk, PacedChunk);
            var (pacedStream, pacedRunning) = await PacedAsync(gateway, paced, goQuiet: true);
            await pacedRunning.Within();
            Assert.Equal(ServingStatus.Serving, await HealthAsync(gateway.Address));

            var drain = Stopwatch.StartNew();
            await gateway.TerminateAsync();
            // The signal is handled on a thread of the process's own: health may answer SERVING until then, never after.
            var (health, polls) = await HealthOnceDrainingAsync(gateway.Address).Within();
            var healthAfter = drain.Elapsed;
            var pacedEnded = await pacedStream.Within(TimeSpan.FromSeconds(HeldDrainSeconds));
            AssertDraining(pacedEnded, paced.Acknowledged);
            var submission = await Assert.ThrowsAsync<RpcException>(() =>
                new SubmissionClient(workload.Records, "drain-new", rng, PacedChunk, PacedChunk).OpenAsync(gateway.Submission));
            var sync = await Assert.ThrowsAsync<RpcException>(() =>
                Participants.SyncAsync(gateway.Registry, SyncMode.Incremental, workload.Registry.Take(10)));
            var healthLater = await HealthAsync(gateway.Address);
            var askedUntil = drain.Elapsed;
            var exitCode = await gateway.ExitedAsync(TimeSpan.FromSeconds(HeldDrainSeconds + ShutdownMarginSeconds + 10));
            var seen = string.Create(CultureInfo.InvariantCulture,
                $"after SIGTERM: health {Describe(health)} at {healthAfter.TotalMilliseconds:0} ms ({polls} asks), paced stream {Describe(pacedEnded)}, " +
                $"new submission {Describe(submission)}, new sync {Describe(sync)}, health again {Describe(healthLater)} at {askedUntil.TotalMilliseconds:0} ms; " +
                $"process exited {exitCode} after {drain.Elapsed.TotalSeconds:0.00} s (DrainSeconds {HeldDrainSeconds})");
            output.WriteLine(seen);
            Assert.True(health == ServingStatus.NotServing && IsDraining(submission) && IsDraining(sync) && healthLater == ServingStatus.NotServing,
                $"while a stream held the drain open, expected health NOT_SERVING and DRAINING refusals; saw {seen}");
            AssertDraining(submission, committedOffset: null);
            AssertDraining(sync, committedOffset: null);
            Assert.Equal(0, exitCode);

            await gateway.StartAsync();
            // The unread chunk was stored before its answer was written: the client resumes after it.
            Assert.Equal(unread.Count, (await stalled.OpenAsync(gateway.Submission)).CommittedOffset);
            Assert.Equal(paced.Acknowledged, (await paced.OpenAsync(gateway.Submission)).CommittedOffset);
            await paced.SendRestAsync();
            await AssertWholeAsync(gateway, paced, workload.Records.Count);
        });

    /// <summary>
    /// Runs <paramref name="test"/> on a gateway process on a fresh data directory; a failure carries the seed and what the
    /// process wrote.
    /// </summary>
    private async Task WithGatewayAsync(string name, string[] settings, Func<KillableGateway, Task> test)
    {
        output.WriteLine($"seed {Seed}");
        using var data = new TempDirectory($"exchange-{name}-");
        await using var gateway = new KillableGateway(server, name, data.Path, [.. KillRun.Settings, .. settings]);
        await gateway.StartAsync();
        try
        {
            await test(gateway);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"seed {Seed}: {e}\n--- {name}:\n{gateway.Output}");
        }
    }

    /// <summary>
    /// Opens the client's batch and sends chunk after chunk, each once the one before is answered and a listening
    /// <see cref="Pause"/> has passed, until the gateway ends the stream: the error it ended with, and a task done once
    /// <see cref="WarmUpChunks"/> are answered. With <paramref name="goQuiet"/> the client then sends nothing more and only
    /// listens, as one waiting for its next records.
    /// </summary>
    private static async Task<(Task<RpcException> Ended, Task Running)> PacedAsync(KillableGateway gateway, SubmissionClient client, bool goQuiet)
    {
        await client.OpenAsync(gateway.Submission);
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task<RpcException> SendAsync()
        {
            for (var answered = 0; ; answered++)
            {
                if (answered == WarmUpChunks)
                {
                    running.TrySetResult();
                    if (goQuiet)
                    {
                        return await client.PauseAsync(Timeout.InfiniteTimeSpan) ?? throw new InvalidOperationException("An endless pause ended.");
                    }
                }
                Assert.True(client.HasMore, $"{client.BatchId}: every record was sent before the gateway drained");
                try
                {
                    await client.WriteNextChunkAsync();
                    await client.ReadAnswerAsync();
                }
                catch (RpcException ended)
                {
                    return ended;
                }
                if (await client.PauseAsync(Pause) is { } endedWhileQuiet)
                {
                    return endedWhileQuiet;
                }
            }
        }

        return (SendAsync(), running.Task);
    }

    /// <summary>Health asked on a channel of its own, as a load balancer asks; null when no answer came (the process no longer listens).</summary>
    private static async Task<ServingStatus?> HealthAsync(string address)
    {
        using var channel = GrpcChannel.ForAddress(address);
        try
        {
            return (await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest()).ResponseAsync.Within()).Status;
        }
        catch (RpcException)
        {
            return null;
        }
    }

    /// <summary>Asks health, each time on a new channel, until it answers other than SERVING or not at all: that answer, and how many asks it took.</summary>
    private static async Task<(ServingStatus? Status, int Polls)> HealthOnceDrainingAsync(string address)
    {
        for (var polls = 1; ; polls++)
        {
            if (await HealthAsync(address) is not ServingStatus.Serving and var status)
            {
                return (status, polls);
            }
        }
    }

    /// <summary>Polls GetBatch until <paramref name="records"/> are committed: the chunk sent is stored, whatever became of its answer.</summary>
    private static async Task CommittedAsync(KillableGateway gateway, string batchId, long records)
    {
        async Task PollAsync()
        {
            while ((await gateway.Submission.GetBatchAsync(new GetBatchRequest { BatchId = batchId })).Batch.RecordCount < records)
            {
                await Task.Yield();
            }
        }

        await PollAsync().Within();
    }

    private static bool IsDraining(RpcException error) =>
        error.StatusCode == StatusCode.Unavailable && error.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason == "DRAINING";

    private static string Describe(RpcException error) => error.GetRpcStatus()?.GetDetail<ErrorInfo>() is { } info
        ? $"{error.StatusCode} {info.Reason}"
        : $"{error.StatusCode} without ErrorInfo ({error.Status.Detail})";

    private static string Describe(ServingStatus? status) => status?.ToString() ?? "no answer (connection refused or closed)";

    private static void AssertDraining(RpcException error, long? committedOffset)
    {
        RpcAssert.Refused(error, StatusCode.Unavailable, "DRAINING");
        var metadata = RpcAssert.ErrorInfo(error).Metadata;
        if (committedOffset is { } offset)
        {
            Assert.Equal(offset.ToString(CultureInfo.InvariantCulture), metadata.GetValueOrDefault("committed_offset"));
        }
        else
        {
            Assert.False(metadata.ContainsKey("committed_offset"));
        }
        Assert.True(error.GetRpcStatus()!.GetDetail<RetryInfo>()?.RetryDelay.ToTimeSpan() > TimeSpan.Zero, $"no RetryInfo in {error.Status}");
    }

    /// <summary>The finished batch holds every record once, each as the streams answered it.</summary>
    private static async Task AssertWholeAsync(KillableGateway gateway, SubmissionClient client, int count)
    {
        var stored = await StoredBatch.ReadAsync(gateway.Submission, client.BatchId);
        Assert.Equal(BatchState.Finished, stored.Summary.State);
        Assert.Equal(count, stored.Summary.RecordCount);
        Assert.Equal(Enumerable.Range(0, count).Select(offset => (long)offset), stored.Results.Select(result => result.Offset));
        Assert.All(client.Answers, answer => Assert.Equal(
            (answer.Value.Status, answer.Value.Outcome), (stored.Results[(int)answer.Key].Status, stored.Results[(int)answer.Key].Outcome)));
    }
}
