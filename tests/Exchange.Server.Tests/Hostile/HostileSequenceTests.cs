using Exchange.Server.Tests.Infrastructure;
using Grpc.Core;
using Jamsostek.Exchange.V1;
using Xunit.Sdk;

namespace Exchange.Server.Tests.Hostile;

/// <summary>
/// Generated sequences of stream messages, right and wrong, against a model of the stream's rules
/// (issue 4, hostile input): each answer is the one the rules give, each refusal ends the stream with
/// its clear status, and after every stream the ledger holds exactly what the model committed.
/// </summary>
public sealed class HostileSequenceTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const int Seed = 12_2025;

    private SubmissionService.SubmissionServiceClient Client => fixture.Gateway.Submission;

    /// <summary>800 generated protocol steps over 4 batches; chunks of 1-40 generated records, about 1,300 of them committed in the end.</summary>
    [Fact]
    public async Task Eight_hundred_generated_protocol_steps_are_each_answered_by_the_rules_and_the_ledger_follows_the_model()
    {
        const int steps = 800;
        var input = new HostileInput(Seed, HostileWire.Today);
        var batches = Enumerable.Range(0, 4).Select(_ => new BatchModel(GatewayFixture.NewBatchId())).ToList();
        SubmitStream? stream = null;
        BatchModel? current = null;
        try
        {
            for (var step = 0; step < steps; step++)
            {
                var action = "";
                try
                {
                    if (stream is null || current is null)
                    {
                        current = input.Pick(batches);
                        (stream, action) = await StartAsync(input, current);
                    }
                    else
                    {
                        action = await StepAsync(input, stream, current);
                    }
                    if (action.StartsWith("ended", StringComparison.Ordinal))
                    {
                        stream!.Dispose();
                        stream = null;
                        await AssertLedgerAsync(current);
                    }
                }
                catch (Exception exception) when (exception is not XunitException)
                {
                    throw new XunitException($"step {step} ({action}) on {current?.BatchId}: {exception}");
                }
                catch (XunitException failure)
                {
                    throw new XunitException($"step {step} ({action}) on {current?.BatchId}: {failure.Message}");
                }
            }
        }
        finally
        {
            stream?.Dispose();
        }

        foreach (var batch in batches.Where(b => b.Exists))
        {
            await AssertLedgerAsync(batch);
            var stored = await HostileWire.ReadAllResultsAsync(Client, batch.BatchId);
            Assert.Equal(Enumerable.Range(0, (int)batch.Committed).Select(o => batch.Results[o]), stored.Select(HostileWire.Essence));
        }
        Assert.True(batches.Sum(b => b.Committed) > 1000, $"the sequences stored too little to mean much: {batches.Sum(b => b.Committed)} records");
    }

    // A new stream: mostly a proper opening, sometimes the wrong purpose or no opening at all.
    private async Task<(SubmitStream? Stream, string Action)> StartAsync(HostileInput input, BatchModel batch)
    {
        var stream = SubmitStream.Start(Client);
        var roll = input.Random.NextDouble();
        if (roll < 0.08)
        {
            var first = input.Pick([new SubmitRequest(), new SubmitRequest { Finish = new FinishBatch() }, SubmitStream.Chunk(0, Workers.ValidMany(1))]);
            HostileWire.AssertRefused(await ExpectErrorAsync(stream, first), StatusCode.InvalidArgument, "OPEN_REQUIRED");
            return (stream, "ended: no opening");
        }
        if (roll < 0.12 && batch.Exists)
        {
            var open = new SubmitRequest { Open = new OpenBatch { BatchId = batch.BatchId, Purpose = Purpose.ApbdEnrollment } };
            HostileWire.AssertRefused(await ExpectErrorAsync(stream, open), StatusCode.FailedPrecondition, "BATCH_PURPOSE_MISMATCH");
            return (stream, "ended: resumed with another purpose");
        }
        await stream.WriteAsync(new SubmitRequest { Open = new OpenBatch { BatchId = batch.BatchId, Purpose = Purpose.CoverageMatching } });
        var opened = (await stream.ReadAsync()).Opened;
        Assert.NotNull(opened);
        Assert.Equal((batch.Committed, batch.Exists, batch.Finished ? BatchState.Finished : BatchState.Open),
            (opened.CommittedOffset, opened.Resumed, opened.State));
        batch.Exists = true;
        return (stream, "open");
    }

    // One message on an open stream, chosen at random, answered as the rules say.
    private async Task<string> StepAsync(HostileInput input, SubmitStream stream, BatchModel batch)
    {
        var roll = input.Random.NextDouble();
        if (roll < 0.70)
        {
            return await ChunkAsync(input, stream, batch);
        }
        if (roll < 0.76)
        {
            var finish = new FinishBatch();
            var expected = input.Random.Next(3) switch { 0 => (long?)null, 1 => batch.Committed, _ => input.Int64Value() };
            if (expected is { } count)
            {
                finish.ExpectedRecordCount = count;
            }
            if (expected is { } wrong && wrong != batch.Committed)
            {
                HostileWire.AssertRefused(await ExpectErrorAsync(stream, new SubmitRequest { Finish = finish }), StatusCode.FailedPrecondition, "RECORD_COUNT_MISMATCH");
                return "ended: finish with a wrong count";
            }
            var summary = await stream.FinishAsync(expected);
            Assert.Equal((batch.Committed, BatchState.Finished), (summary.RecordCount, summary.State));
            batch.Finished = true;
            await Assert.ThrowsAsync<InvalidOperationException>(stream.ReadAsync);
            return "ended: finish";
        }
        if (roll < 0.80)
        {
            HostileWire.AssertRefused(await ExpectErrorAsync(stream, new SubmitRequest()), StatusCode.InvalidArgument, "MESSAGE_EMPTY");
            return "ended: empty message";
        }
        if (roll < 0.84)
        {
            var open = new SubmitRequest { Open = new OpenBatch { BatchId = batch.BatchId, Purpose = Purpose.CoverageMatching } };
            HostileWire.AssertRefused(await ExpectErrorAsync(stream, open), StatusCode.InvalidArgument, "OPEN_REPEATED");
            return "ended: second open";
        }
        if (roll < 0.92)
        {
            // Half-close: the server ends the stream well, with nothing more to say.
            await stream.CompleteAsync();
            await Assert.ThrowsAsync<InvalidOperationException>(stream.ReadAsync);
            return "ended: half-close";
        }
        return "ended: dropped";
    }

    private static async Task<string> ChunkAsync(HostileInput input, SubmitStream stream, BatchModel batch)
    {
        var committed = batch.Committed;
        var offset = input.Random.Next(12) switch
        {
            < 6 => committed,
            6 or 7 => committed - input.Random.NextInt64(0, committed + 1),
            8 => committed + input.Random.NextInt64(1, 100),
            9 => -input.Random.NextInt64(1, 100),
            10 => input.Pick([long.MaxValue, long.MinValue, 1L << 62, -(1L << 62)]),
            _ => Math.Max(0, committed - 1),
        };
        var records = input.Random.Next(30) switch
        {
            0 => [],
            1 => Workers.ValidMany(1001, firstSerial: 1),
            _ => Enumerable.Range(0, input.Random.Next(1, 41)).Select(_ => input.WorkerRecord()).ToList(),
        };
        // Most re-sends carry what was stored there, as a client resuming would; the others other records.
        if (offset >= 0 && offset < committed && input.Random.Next(8) != 0)
        {
            for (var i = 0; i < records.Count && offset + i < committed; i++)
            {
                records[i] = batch.Records[offset + i].Clone();
            }
        }
        var action = $"chunk of {records.Count} at {offset}, committed {committed}";
        var request = SubmitStream.Chunk(offset, records);
        if (records.Count == 0)
        {
            HostileWire.AssertRefused(await ExpectErrorAsync(stream, request), StatusCode.InvalidArgument, "CHUNK_EMPTY");
            return "ended: " + action;
        }
        if (records.Count > 1000)
        {
            HostileWire.AssertRefused(await ExpectErrorAsync(stream, request), StatusCode.InvalidArgument, "CHUNK_TOO_LARGE");
            return "ended: " + action;
        }
        if (offset < 0)
        {
            HostileWire.AssertRefused(await ExpectErrorAsync(stream, request), StatusCode.InvalidArgument, "OFFSET_NEGATIVE");
            return "ended: " + action;
        }
        if (offset > committed)
        {
            HostileWire.AssertRefused(await ExpectErrorAsync(stream, request), StatusCode.OutOfRange, "OFFSET_GAP");
            return "ended: " + action;
        }
        var fresh = Math.Max(0, records.Count - (committed - offset));
        if (Enumerable.Range(0, (int)(records.Count - fresh)).FirstOrDefault(i => !records[i].Equals(batch.Records[offset + i]), -1) is var differing and >= 0)
        {
            HostileWire.AssertRefused(await ExpectErrorAsync(stream, request), StatusCode.FailedPrecondition, "OFFSET_CONTENT_MISMATCH");
            return $"ended: {action}, record {differing} differs";
        }
        if (fresh > 0 && batch.Finished)
        {
            HostileWire.AssertRefused(await ExpectErrorAsync(stream, request), StatusCode.FailedPrecondition, "BATCH_FINISHED");
            return "ended: " + action;
        }
        var results = await stream.SendAsync(offset, records);
        Assert.Equal((offset, committed + fresh, records.Count), (results.FirstOffset, results.CommittedOffset, results.Results.Count));
        for (var i = 0; i < records.Count; i++)
        {
            var result = results.Results[i];
            Assert.Equal(offset + i, result.Offset);
            Assert.Null(HostileWire.ProblemWith(result, i));
            if (result.Offset < committed)
            {
                // Replayed: exactly what was answered the first time.
                Assert.Equal(batch.Results[result.Offset], HostileWire.Essence(result));
            }
            else
            {
                batch.Results.Add(result.Offset, HostileWire.Essence(result));
                batch.Records.Add(result.Offset, records[i]);
            }
        }
        batch.Committed += fresh;
        return action;
    }

    // The client half-closes after the message it expects refused: a client that leaves its side open
    // after the server has ended the call keeps the HTTP/2 stream alive, and Kestrel refuses new streams
    // (ENHANCE_YOUR_CALM) once a connection holds a few hundred of them.
    private static async Task<RpcException> ExpectErrorAsync(SubmitStream stream, SubmitRequest request)
    {
        try
        {
            await stream.WriteAsync(request);
            await stream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server may end the call before the write completes; the status is read below.
        }
        return await Assert.ThrowsAsync<RpcException>(stream.ReadAsync);
    }

    private async Task AssertLedgerAsync(BatchModel batch)
    {
        if (!batch.Exists)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => Client.GetBatchAsync(new GetBatchRequest { BatchId = batch.BatchId }).ResponseAsync.Within());
            Assert.Equal(StatusCode.NotFound, error.StatusCode);
            return;
        }
        var stored = (await Client.GetBatchAsync(new GetBatchRequest { BatchId = batch.BatchId }).ResponseAsync.Within()).Batch;
        Assert.Equal((batch.Committed, batch.Finished ? BatchState.Finished : BatchState.Open), (stored.RecordCount, stored.State));
        Assert.Equal(stored.RecordCount, stored.AcceptedCount + stored.RejectedCount);
    }

    /// <summary>What the rules say a batch holds.</summary>
    private sealed class BatchModel(string batchId)
    {
        public string BatchId { get; } = batchId;

        public bool Exists { get; set; }

        public long Committed { get; set; }

        public bool Finished { get; set; }

        /// <summary>The answer for each committed offset, as <see cref="HostileWire.Essence"/>.</summary>
        public Dictionary<long, string> Results { get; } = [];

        /// <summary>The record stored at each committed offset, as it was sent.</summary>
        public Dictionary<long, WorkerRecord> Records { get; } = [];
    }
}
