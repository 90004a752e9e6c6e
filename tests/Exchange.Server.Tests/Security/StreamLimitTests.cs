using Exchange.Server.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Health.V1;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests.Security;

/// <summary>
/// Streams without limits (issue 10): a client stream that goes quiet, a server stream whose reader stops reading and
/// a flood of anonymous Health/Watch streams are each ended or refused, by the gateway's clock.
/// </summary>
public sealed class StreamLimitTests
{
    private const int IdleSeconds = 60;

    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(IdleSeconds);

    private static Task<RunningGateway> StartAsync(params string[] settings) =>
        RunningGateway.StartAsync(BogorClock.Start(), [$"--Exchange:StreamIdleSeconds={IdleSeconds}", .. settings]);

    /// <summary>
    /// Moves the gateway's clock a step at a time until <paramref name="ended"/> says the call is over: the server may
    /// not have started waiting yet when the clock first moves. Each check is a real round trip, bounded by its timeout.
    /// </summary>
    private static async Task<T> AdvanceUntilAsync<T>(RunningGateway gateway, TimeSpan step, Func<Task<T?>> ended) where T : class
    {
        for (var i = 0; i < 200; i++)
        {
            gateway.Clock.Advance(step);
            if (await ended() is { } result)
            {
                return result;
            }
        }
        throw new Xunit.Sdk.XunitException("The gateway never ended the call.");
    }

    /// <summary>Whether <paramref name="task"/> ends, in any way, within a moment of real time.</summary>
    private static async Task<bool> EndsSoonAsync(Task task)
    {
        try
        {
            await task.WaitAsync(TimeSpan.FromMilliseconds(50));
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (RpcException)
        {
            // Ended with an error: the caller reads it.
        }
        return true;
    }

    /// <summary>The audit entry of the call to <paramref name="method"/>, once the call has ended.</summary>
    private static async Task<Jamsostek.Exchange.V1.AuditEntry?> AuditedAsync(RunningGateway gateway, string method) =>
        (await new AuditService.AuditServiceClient(gateway.As(TestCallers.Admin))
            .ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 1000 }).ResponseAsync.Within())
        .Entries.FirstOrDefault(e => e.Method.EndsWith("/" + method, StringComparison.Ordinal));

    private static async Task SubmitAsync(RunningGateway gateway, string batchId, IReadOnlyList<WorkerRecord> records)
    {
        using var stream = await SubmitStream.OpenAsync(gateway.Submission, batchId);
        var offset = 0L;
        foreach (var chunk in records.Chunk(1000))
        {
            offset = (await stream.SendAsync(offset, chunk)).CommittedOffset;
        }
        await stream.FinishAsync(records.Count);
    }

    /// <summary>Records wrong in many fields: every stored result carries a long list of violations.</summary>
    private static List<WorkerRecord> Rejected(int count) => [.. Enumerable.Range(0, count).Select(_ => new WorkerRecord
    {
        Nik = "12345",
        FullName = "Asep 2",
        BirthDate = "kemarin",
        KelurahanCode = "9999",
        Phone = "1",
        MonthlyIncomeRupiah = -1,
        WelfareDecile = 0,
    })];

    [Fact]
    public async Task A_registry_sync_that_goes_quiet_is_ended_unapplied_and_frees_bpjs_s_stream()
    {
        await using var gateway = await StartAsync("--Exchange:MaxOpenStreamsPerCaller=1");
        using var quiet = gateway.Registry.SyncParticipants(cancellationToken: new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        await quiet.RequestStream.WriteAsync(new SyncParticipantsRequest { Header = new SyncHeader { Mode = SyncMode.Snapshot } }).Within();
        await quiet.RequestStream.WriteAsync(new SyncParticipantsRequest
        {
            Chunk = new ParticipantChunk { Upserts = { Participants.Of(Workers.Valid(1)) } },
        }).Within();

        // Just short of the limit the sync stays open.
        gateway.Clock.Advance(Idle - TimeSpan.FromSeconds(1));
        Assert.False(await EndsSoonAsync(quiet.ResponseAsync));
        await AdvanceUntilAsync(gateway, TimeSpan.FromSeconds(1), async () => await EndsSoonAsync(quiet.ResponseAsync) ? quiet : null);

        var error = await Assert.ThrowsAsync<RpcException>(() => quiet.ResponseAsync);
        RpcAssert.Refused(error, StatusCode.ResourceExhausted, "SYNC_IDLE");
        Assert.Contains($"{IdleSeconds} detik", error.Status.Detail, StringComparison.Ordinal);
        // Nothing of it was applied, and BPJS's one stream is free for the next sync.
        var next = await Participants.SyncAsync(gateway.Registry, SyncMode.Incremental, []);
        Assert.Equal(0, next.ParticipantCount);
    }

    [Fact]
    public async Task A_results_reader_that_does_not_read_is_ended_and_learns_why_when_it_reads_again()
    {
        await using var gateway = await StartAsync();
        await SubmitAsync(gateway, "unread", Rejected(3000));

        using var reader = gateway.Submission.ReadResults(new ReadResultsRequest { BatchId = "unread" });
        // The gateway writes until HTTP/2 flow control holds it back, then waits on the reader for the idle time at most.
        var entry = await AdvanceUntilAsync(gateway, Idle, () => AuditedAsync(gateway, "ReadResults"));
        Assert.Equal("RESOURCE_EXHAUSTED", entry.Outcome);

        // The stream was reset: reading again, the client learns it is over and calls again from its last offset.
        var read = 0;
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await reader.ResponseStream.MoveNext(CancellationToken.None).Within())
            {
                read += reader.ResponseStream.Current.Results.Count;
            }
        });
        // The gateway resets the stream: the client's HTTP/2 stack reports it as cancelled, or as an internal error when the reset lands mid-frame.
        Assert.Contains(error.StatusCode, new[] { StatusCode.Cancelled, StatusCode.Internal });
        Assert.InRange(read, 0, 2999);
    }

    [Fact]
    public async Task An_enrollment_candidate_reader_that_does_not_read_is_ended()
    {
        await using var gateway = await StartAsync();
        var workers = Workers.ValidMany(1500);
        foreach (var worker in workers)
        {
            worker.Address = string.Concat(Enumerable.Repeat("Jl. Batu Tulis Gg. Mawar No. 12 RT 03/RW 05, ", 10));
        }
        await SubmitAsync(gateway, "candidates", workers);

        using var reader = gateway.Registry.StreamEnrollmentCandidates(new StreamEnrollmentCandidatesRequest());
        var entry = await AdvanceUntilAsync(gateway, Idle, () => AuditedAsync(gateway, "StreamEnrollmentCandidates"));

        Assert.Equal("RESOURCE_EXHAUSTED", entry.Outcome);
        var error = await Assert.ThrowsAsync<RpcException>(() => reader.ResponseStream.ReadAllWithinAsync());
        // The gateway resets the stream: the client's HTTP/2 stack reports it as cancelled, or as an internal error when the reset lands mid-frame.
        Assert.Contains(error.StatusCode, new[] { StatusCode.Cancelled, StatusCode.Internal });
    }

    [Fact]
    public async Task Health_watch_streams_are_capped_per_address_and_a_closed_one_frees_its_place()
    {
        await using var gateway = await StartAsync("--Exchange:MaxHealthWatchStreamsPerAddress=2");
        var health = new Health.HealthClient(gateway.Channel);
        using var first = health.Watch(new HealthCheckRequest());
        using var second = health.Watch(new HealthCheckRequest());
        foreach (var watch in new[] { first, second })
        {
            Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None).Within());
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, watch.ResponseStream.Current.Status);
        }

        using (var third = health.Watch(new HealthCheckRequest()))
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => third.ResponseStream.MoveNext(CancellationToken.None).Within());
            RpcAssert.Refused(error, StatusCode.ResourceExhausted, "STREAMS_EXHAUSTED");
        }
        // A one-off check is not a stream, and is still answered.
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest()).ResponseAsync.Within()).Status);

        // The gateway gives the place back once it sees the closed stream go: ask again until it has.
        first.Dispose();
        for (var attempt = 0; ; attempt++)
        {
            using var again = health.Watch(new HealthCheckRequest());
            try
            {
                Assert.True(await again.ResponseStream.MoveNext(CancellationToken.None).Within());
                break;
            }
            catch (RpcException refused) when (refused.StatusCode == StatusCode.ResourceExhausted && attempt < 100)
            {
                // Not yet seen: the next attempt is another round trip.
            }
        }
    }
}
