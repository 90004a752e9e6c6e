using Exchange.Server.Tests.Infrastructure;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests.Hostile;

/// <summary>
/// A submission stream used wrongly on purpose (issue 4, hostile input): absurd offsets, empty and
/// repeated messages, finish before open, chunks after finish, oversized chunks, absurd counts and ids.
/// Each ends with a clear status, never UNKNOWN or INTERNAL; what was committed before stays
/// committed and nothing of the refused message is stored.
/// </summary>
public sealed class HostileProtocolTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const int Seed = 16_2022;

    private SubmissionService.SubmissionServiceClient Client => fixture.Gateway.Submission;

    [Theory]
    [InlineData(-1L, StatusCode.InvalidArgument, "OFFSET_NEGATIVE")]
    [InlineData(long.MinValue, StatusCode.InvalidArgument, "OFFSET_NEGATIVE")]
    [InlineData(6L, StatusCode.OutOfRange, "OFFSET_GAP")]
    [InlineData(1L << 53, StatusCode.OutOfRange, "OFFSET_GAP")]
    [InlineData(long.MaxValue - 1, StatusCode.OutOfRange, "OFFSET_GAP")]
    [InlineData(long.MaxValue, StatusCode.OutOfRange, "OFFSET_GAP")]
    public async Task An_absurd_offset_is_refused_and_nothing_of_its_chunk_is_stored(long offset, StatusCode code, string reason)
    {
        var batchId = await BatchWithFiveRecordsAsync();
        using (var stream = await SubmitStream.OpenAsync(Client, batchId))
        {
            var error = await stream.ExpectErrorAsync(SubmitStream.Chunk(offset, Workers.ValidMany(3, firstSerial: 100)));
            HostileWire.AssertRefused(error, code, reason);
            if (code == StatusCode.OutOfRange)
            {
                Assert.Equal("5", RpcAssert.ErrorInfo(error).Metadata["expected_offset"]);
            }
        }
        await AssertStoredAsync(batchId, 5);
    }

    [Fact]
    public async Task An_empty_message_after_open_is_refused_and_what_was_committed_stays()
    {
        var batchId = await BatchWithFiveRecordsAsync();
        using (var stream = await SubmitStream.OpenAsync(Client, batchId))
        {
            HostileWire.AssertRefused(await stream.ExpectErrorAsync(new SubmitRequest()), StatusCode.InvalidArgument, "MESSAGE_EMPTY");
        }
        await AssertStoredAsync(batchId, 5);
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("finish")]
    [InlineData("finish-with-count")]
    [InlineData("chunk")]
    [InlineData("empty-chunk")]
    public async Task A_stream_that_does_not_start_with_open_is_refused_and_creates_no_batch(string first)
    {
        var before = await BatchCountAsync();
        using (var stream = SubmitStream.Start(Client))
        {
            var request = first switch
            {
                "empty" => new SubmitRequest(),
                "finish" => new SubmitRequest { Finish = new FinishBatch() },
                "finish-with-count" => new SubmitRequest { Finish = new FinishBatch { ExpectedRecordCount = long.MaxValue } },
                "chunk" => SubmitStream.Chunk(0, Workers.ValidMany(2)),
                _ => SubmitStream.Chunk(long.MinValue, []),
            };
            HostileWire.AssertRefused(await stream.ExpectErrorAsync(request), StatusCode.InvalidArgument, "OPEN_REQUIRED");
        }
        Assert.Equal(before, await BatchCountAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_repeated_open_is_refused_keeps_the_first_batch_and_creates_no_other(bool sameBatch)
    {
        var batchId = await BatchWithFiveRecordsAsync();
        var otherId = sameBatch ? batchId : GatewayFixture.NewBatchId();
        using (var stream = await SubmitStream.OpenAsync(Client, batchId))
        {
            var error = await stream.ExpectErrorAsync(new SubmitRequest { Open = new OpenBatch { BatchId = otherId, Purpose = Purpose.CoverageMatching } });
            HostileWire.AssertRefused(error, StatusCode.InvalidArgument, "OPEN_REPEATED");
        }
        await AssertStoredAsync(batchId, 5);
        if (!sameBatch)
        {
            await AssertNotFoundAsync(otherId);
        }
    }

    [Fact]
    public async Task Chunks_after_finish_are_never_stored_whether_on_the_same_stream_or_a_new_one()
    {
        var batchId = await BatchWithFiveRecordsAsync();
        using (var stream = await SubmitStream.OpenAsync(Client, batchId))
        {
            await stream.FinishAsync(5);
            // The server has ended the call with the summary: whatever follows goes nowhere.
            try
            {
                await stream.WriteAsync(SubmitStream.Chunk(5, Workers.ValidMany(3, firstSerial: 100)));
                await stream.WriteAsync(new SubmitRequest { Finish = new FinishBatch() });
            }
            catch (RpcException)
            {
                // Writing to a finished call may fail; that is fine.
            }
            catch (InvalidOperationException)
            {
                // The client refuses to write after the response completed; also fine.
            }
            await Assert.ThrowsAsync<InvalidOperationException>(stream.ReadAsync);
        }
        await AssertStoredAsync(batchId, 5, BatchState.Finished);

        using (var again = await SubmitStream.OpenAsync(Client, batchId))
        {
            Assert.Equal(BatchState.Finished, again.Opened.State);
            // A chunk that is half replay (the record stored at offset 4), half new: the new half must not slip in.
            var error = await again.ExpectErrorAsync(SubmitStream.Chunk(4, Workers.ValidMany(3, firstSerial: 5)));
            HostileWire.AssertRefused(error, StatusCode.FailedPrecondition, "BATCH_FINISHED");
        }
        using (var again = await SubmitStream.OpenAsync(Client, batchId))
        {
            var error = await again.ExpectErrorAsync(SubmitStream.Chunk(5, Workers.ValidMany(1, firstSerial: 200)));
            HostileWire.AssertRefused(error, StatusCode.FailedPrecondition, "BATCH_FINISHED");
        }
        await AssertStoredAsync(batchId, 5, BatchState.Finished);
    }

    /// <remarks>
    /// 1,500,000 records (3 MB) is more than the caller's records-per-second bucket can ever hold
    /// (max(MaxRecordsPerSecondPerCaller, MaxRecordsPerChunk) = 1,000,000): refused as a rate limit with a
    /// retry delay, the client would wait and send it again forever.
    /// </remarks>
    [Theory]
    [InlineData(1_001, "valid")]
    [InlineData(5_000, "valid")]
    [InlineData(100_000, "empty")]
    [InlineData(1_500_000, "empty")]
    public async Task A_chunk_over_the_record_limit_is_refused_as_too_large_and_nothing_of_it_is_stored(int count, string records)
    {
        var batchId = await BatchWithFiveRecordsAsync();
        // Empty records cost two bytes each: a huge repeated field in a message under the size limit.
        var chunk = records == "valid"
            ? Workers.ValidMany(count, firstSerial: 10)
            : Enumerable.Repeat(new WorkerRecord(), count).ToList();
        using (var stream = await SubmitStream.OpenAsync(Client, batchId))
        {
            var error = await stream.ExpectErrorAsync(SubmitStream.Chunk(5, chunk));
            HostileWire.AssertRefused(error, StatusCode.InvalidArgument, "CHUNK_TOO_LARGE");
            Assert.Equal("1000", RpcAssert.ErrorInfo(error).Metadata["max_records_per_chunk"]);
            // Retrying the same chunk can never succeed: no retry delay may suggest otherwise.
            Assert.Null(error.GetRpcStatus()?.GetDetail<Google.Rpc.RetryInfo>());
        }
        await AssertStoredAsync(batchId, 5);
    }

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(-1L)]
    [InlineData(0L)]
    [InlineData(6L)]
    [InlineData(long.MaxValue)]
    public async Task Finishing_with_an_absurd_expected_count_is_refused_and_the_batch_stays_open(long expected)
    {
        var batchId = await BatchWithFiveRecordsAsync();
        using (var stream = await SubmitStream.OpenAsync(Client, batchId))
        {
            var error = await stream.ExpectErrorAsync(new SubmitRequest { Finish = new FinishBatch { ExpectedRecordCount = expected } });
            HostileWire.AssertRefused(error, StatusCode.FailedPrecondition, "RECORD_COUNT_MISMATCH");
            Assert.Equal("5", RpcAssert.ErrorInfo(error).Metadata["committed_offset"]);
        }
        await AssertStoredAsync(batchId, 5, BatchState.Open);
    }

    /// <summary>300 generated openings: ids of every shape and purposes out of range.</summary>
    [Fact]
    public async Task Three_hundred_generated_hostile_openings_are_refused_with_invalid_argument_and_create_no_batch()
    {
        var input = new HostileInput(Seed, HostileWire.Today);
        var before = await BatchCountAsync();
        for (var i = 0; i < 300; i++)
        {
            // Either the id is not 1-64 characters of A-Z a-z 0-9 . _ : - or the purpose is not defined.
            var id = i % 2 == 0 ? HostileId(input) : "hostile-" + i;
            var purpose = !HostileWire.IsWellFormedBatchId(id) && input.Chance(0.5)
                ? (Purpose)input.EnumValue(2)
                : (Purpose)input.Pick([-1, 0, 3, int.MinValue, int.MaxValue]);
            var error = await RefusedOpeningAsync(new OpenBatch { BatchId = id, Purpose = purpose });
            Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"opening {i} ({Show(id)}, purpose {(int)purpose}) got {error.Status}");
            Assert.Contains(RpcAssert.ErrorInfo(error).Reason, (string[])["BATCH_ID_REQUIRED", "BATCH_ID_MALFORMED", "PURPOSE_REQUIRED", "PURPOSE_UNKNOWN"]);
        }
        Assert.Equal(before, await BatchCountAsync());
    }

    /// <summary>300 generated batch ids to GetBatch and ReadResults, and hostile offsets and pages.</summary>
    [Fact]
    public async Task Three_hundred_generated_batch_ids_are_answered_not_found_or_invalid_argument_by_the_read_calls()
    {
        var input = new HostileInput(Seed + 1, HostileWire.Today);
        var failures = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            var id = i == 0 ? new string('b', HostileInput.HugeLength) : HostileId(input);
            foreach (var (call, status) in new[]
                     {
                         ("GetBatch", await StatusOfAsync(() => Client.GetBatchAsync(new GetBatchRequest { BatchId = id }).ResponseAsync.Within())),
                         ("ReadResults", await StatusOfAsync(() => HostileWire.ReadAllResultsAsync(Client, id))),
                     })
            {
                if (status.StatusCode is not (StatusCode.NotFound or StatusCode.InvalidArgument))
                {
                    failures.Add($"{call}({Show(id)}): {status.StatusCode} {status.Detail}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Distinct().Take(20)));
    }

    [Fact]
    public async Task Read_calls_with_absurd_offsets_and_pages_get_a_clear_answer()
    {
        var batchId = await BatchWithFiveRecordsAsync();
        Assert.Equal(StatusCode.InvalidArgument, (await StatusOfAsync(() => HostileWire.ReadAllResultsAsync(Client, batchId, long.MinValue))).StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, (await StatusOfAsync(() => HostileWire.ReadAllResultsAsync(Client, batchId, -1))).StatusCode);
        Assert.Empty(await HostileWire.ReadAllResultsAsync(Client, batchId, long.MaxValue));
        Assert.Equal(2, (await HostileWire.ReadAllResultsAsync(Client, batchId, 3)).Count);

        var outcomes = new ReadResultsRequest { BatchId = batchId, Outcomes = { (MatchOutcome)(-1), (MatchOutcome)int.MaxValue } };
        Assert.Empty(await HostileWire.ReadAllResultsAsync(Client, outcomes));

        var input = new HostileInput(Seed + 2, HostileWire.Today);
        for (var i = 0; i < 100; i++)
        {
            var request = new ListBatchesRequest
            {
                PageSize = input.Int32Value(0, 100),
                PageToken = i % 3 == 0 ? "" : input.Chance(0.5) ? input.Text() : Convert.ToBase64String(BitConverter.GetBytes(input.Random.NextInt64()))[..11],
            };
            var status = await StatusOfAsync(() => Client.ListBatchesAsync(request).ResponseAsync.Within());
            Assert.True(status.StatusCode is StatusCode.OK or StatusCode.InvalidArgument,
                $"ListBatches(page_size {request.PageSize}, page_token {Show(request.PageToken)}) got {status}");
        }
    }

    // The client half-closes after its one message, as a well-behaved client does: many streams a client
    // leaves open while the server has already answered make Kestrel refuse new ones (ENHANCE_YOUR_CALM).
    private async Task<RpcException> RefusedOpeningAsync(OpenBatch open)
    {
        using var stream = SubmitStream.Start(Client);
        try
        {
            await stream.WriteAsync(new SubmitRequest { Open = open });
            await stream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server may end the call before the write completes; the status is read below.
        }
        return await Assert.ThrowsAsync<RpcException>(stream.ReadAsync);
    }

    private async Task<string> BatchWithFiveRecordsAsync()
    {
        var batchId = GatewayFixture.NewBatchId();
        using var stream = await SubmitStream.OpenAsync(Client, batchId);
        await stream.SendAsync(0, Workers.ValidMany(5));
        await stream.CompleteAsync();
        return batchId;
    }

    private async Task AssertStoredAsync(string batchId, long records, BatchState state = BatchState.Open)
    {
        var stored = await HostileWire.StoredAsync(Client, batchId);
        Assert.Equal((records, records, state), stored);
        Assert.Equal(Enumerable.Range(0, (int)records).Select(i => (long)i), (await HostileWire.ReadAllResultsAsync(Client, batchId)).Select(r => r.Offset));
    }

    private async Task AssertNotFoundAsync(string batchId)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.GetBatchAsync(new GetBatchRequest { BatchId = batchId }).ResponseAsync.Within());
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    private async Task<int> BatchCountAsync()
    {
        var count = 0;
        var token = "";
        do
        {
            var page = await Client.ListBatchesAsync(new ListBatchesRequest { PageSize = 100, PageToken = token }).ResponseAsync.Within();
            count += page.Batches.Count;
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return count;
    }

    private static async Task<Status> StatusOfAsync(Func<Task> call)
    {
        try
        {
            await call();
            return Status.DefaultSuccess;
        }
        catch (RpcException error)
        {
            return error.Status;
        }
    }

    private static string HostileId(HostileInput input) => input.Random.Next(4) switch
    {
        0 => input.Text(),
        1 => "batch-" + input.Digits(input.Random.Next(59, 80)),
        2 => input.Nik(),
        _ => "b" + input.Pick<string>([" ", "/", "\\", "\0", "\u202E", "\uD800", "é", "*", "%", "..", "\n"]) + "x",
    };

    private static string Show(string text) =>
        text.Length <= 40 ? string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}")) : $"{Show(text[..40])}...({text.Length} chars)";
}
