using Exchange.Server.Tests.Infrastructure;
using Google.Rpc;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests.Security;

/// <summary>Purpose binding and per-caller limits, each refusal with a clear status, committed records kept.</summary>
public sealed class PurposeAndLimitTests
{
    [Fact]
    public async Task A_purpose_not_configured_for_the_agency_is_refused()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var stream = SubmitStream.Start(new SubmissionService.SubmissionServiceClient(gateway.As(TestCallers.AgencyB)));
        var error = await stream.ExpectErrorAsync(new SubmitRequest { Open = new OpenBatch { BatchId = "apbd", Purpose = Purpose.ApbdEnrollment } });
        RpcAssert.Refused(error, StatusCode.PermissionDenied, "PURPOSE_NOT_ALLOWED", "open.purpose");
    }

    [Fact]
    public async Task Results_carry_only_what_the_purpose_needs_and_never_the_evidence()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var worker = Workers.Valid(1);
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, [Participants.Of(worker, segment: Segment.Pu)]);

        using var coverage = await SubmitStream.OpenAsync(gateway.Submission, "coverage", Purpose.CoverageMatching);
        var withSegment = (await coverage.SendAsync(0, [worker])).Results[0];
        Assert.Equal((MatchOutcome.Active, Segment.Pu), (withSegment.Outcome, withSegment.Segment));
        Assert.Empty(withSegment.Reasons);
        Assert.Equal(0, withSegment.Score);

        using var enrollment = await SubmitStream.OpenAsync(gateway.Submission, "enrollment", Purpose.ApbdEnrollment);
        var minimal = (await enrollment.SendAsync(0, [worker])).Results[0];
        Assert.Equal((MatchOutcome.Active, Segment.Unspecified), (minimal.Outcome, minimal.Segment));
        Assert.Empty(minimal.Reasons);
        Assert.Equal(0, minimal.Score);
    }

    [Fact]
    public async Task Open_streams_per_caller_are_limited_without_affecting_other_callers()
    {
        await using var gateway = await RunningGateway.StartAsync(BogorClock.Start(), "--Exchange:MaxOpenStreamsPerCaller=2");
        using var first = await SubmitStream.OpenAsync(gateway.Submission, "s1");
        using var second = await SubmitStream.OpenAsync(gateway.Submission, "s2");
        using var third = SubmitStream.Start(gateway.Submission);
        var error = await third.ExpectErrorAsync(new SubmitRequest { Open = new OpenBatch { BatchId = "s3", Purpose = Purpose.CoverageMatching } });
        RpcAssert.Refused(error, StatusCode.ResourceExhausted, "STREAMS_EXHAUSTED");
        Assert.NotNull(error.GetRpcStatus()!.GetDetail<RetryInfo>());

        using var other = await SubmitStream.OpenAsync(new SubmissionService.SubmissionServiceClient(gateway.As(TestCallers.AgencyB)), "s1");
        Assert.Equal(0, other.Opened.CommittedOffset);
    }

    [Fact]
    public async Task Records_per_second_are_limited_with_retry_information_and_committed_records_stay()
    {
        await using var gateway = await RunningGateway.StartAsync(BogorClock.Start(),
            "--Exchange:MaxRecordsPerSecondPerCaller=10", "--Exchange:MaxRecordsPerChunk=10");
        var records = Workers.ValidMany(30);
        using (var stream = await SubmitStream.OpenAsync(gateway.Submission, "rate"))
        {
            await stream.SendAsync(0, records.Take(10));
            var error = await stream.ExpectErrorAsync(SubmitStream.Chunk(10, records.Skip(10).Take(10)));
            RpcAssert.Refused(error, StatusCode.ResourceExhausted, "RATE_EXCEEDED");
            var retry = error.GetRpcStatus()!.GetDetail<RetryInfo>();
            Assert.True(retry.RetryDelay.ToTimeSpan() > TimeSpan.Zero);
            // Waiting as long as the gateway said is enough: its clock moves, no test sleeps.
            gateway.Clock.Advance(retry.RetryDelay.ToTimeSpan());
        }

        using var resumed = await SubmitStream.OpenAsync(gateway.Submission, "rate");
        Assert.Equal(10, resumed.Opened.CommittedOffset);
        Assert.Equal(20, (await resumed.SendAsync(10, records.Skip(10).Take(10))).CommittedOffset);
    }

    [Fact]
    public async Task An_idle_stream_is_closed_and_the_batch_stays_resumable()
    {
        await using var gateway = await RunningGateway.StartAsync(BogorClock.Start(), "--Exchange:StreamIdleSeconds=120");
        using (var stream = await SubmitStream.OpenAsync(gateway.Submission, "idle"))
        {
            await stream.SendAsync(0, Workers.ValidMany(3));
            var next = stream.ReadAsync();
            // Just short of the limit the stream stays open.
            gateway.Clock.Advance(TimeSpan.FromSeconds(119));
            Assert.False(await Completes(next, TimeSpan.FromMilliseconds(200)));
            // The server may not be waiting for the next message yet when the clock moves: move it until it notices.
            for (var step = 0; step < 100 && !await Completes(next, TimeSpan.FromMilliseconds(50)); step++)
            {
                gateway.Clock.Advance(TimeSpan.FromSeconds(1));
            }
            var error = await Assert.ThrowsAsync<RpcException>(() => next);
            RpcAssert.Refused(error, StatusCode.ResourceExhausted, "STREAM_IDLE");
        }
        using var resumed = await SubmitStream.OpenAsync(gateway.Submission, "idle");
        Assert.Equal(3, resumed.Opened.CommittedOffset);
    }

    /// <summary>Whether the task ends (in any way) within <paramref name="wait"/> of real time.</summary>
    private static async Task<bool> Completes(Task task, TimeSpan wait)
    {
        try
        {
            await task.WaitAsync(wait);
        }
        catch (TimeoutException)
        {
            return task.IsCompleted;
        }
        catch (RpcException)
        {
            // Ended with an error: the caller reads it.
        }
        return true;
    }

    [Fact]
    public async Task A_batch_cannot_grow_beyond_its_limit()
    {
        await using var gateway = await RunningGateway.StartAsync(BogorClock.Start(), "--Exchange:MaxRecordsPerBatch=10");
        var records = Workers.ValidMany(12);
        using var stream = await SubmitStream.OpenAsync(gateway.Submission, "big");
        await stream.SendAsync(0, records.Take(6));
        var error = await stream.ExpectErrorAsync(SubmitStream.Chunk(6, records.Skip(6)));
        RpcAssert.Refused(error, StatusCode.ResourceExhausted, "BATCH_TOO_LARGE", "chunk.records");
        using var again = await SubmitStream.OpenAsync(gateway.Submission, "big");
        Assert.Equal(6, again.Opened.CommittedOffset);
    }
}
