using Exchange.Server.Tests.Infrastructure;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests;

/// <summary>The submission stream's semantics over a real channel: results, resume, idempotence, gaps, limits.</summary>
public sealed class SubmitStreamTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private SubmissionService.SubmissionServiceClient Client => fixture.Gateway.Submission;

    [Fact]
    public async Task A_mixed_chunk_gets_one_result_per_record_in_order_and_the_stream_goes_on()
    {
        using var stream = await SubmitStream.OpenAsync(Client, GatewayFixture.NewBatchId());
        Assert.Equal(0, stream.Opened.CommittedOffset);
        Assert.False(stream.Opened.Resumed);

        var badNik = Workers.Valid(2);
        badNik.Nik = "3.27101E+15";
        var noName = Workers.Valid(3);
        noName.FullName = "  ";
        var badKelurahan = Workers.Valid(4);
        badKelurahan.KelurahanCode = "32.01.01.1001";
        var minor = Workers.Valid(5);
        minor.BirthDate = "2015-01-01";
        var warned = Workers.Valid(6);
        warned.Sex = Sex.Female;
        var results = await stream.SendAsync(0, [Workers.Valid(1), badNik, noName, badKelurahan, minor, warned, Workers.Valid(7)]);

        Assert.Equal(0, results.FirstOffset);
        Assert.Equal(7, results.CommittedOffset);
        Assert.Equal([0L, 1, 2, 3, 4, 5, 6], results.Results.Select(r => r.Offset));
        Assert.Equal(
            [RecordStatus.Accepted, RecordStatus.Rejected, RecordStatus.Rejected, RecordStatus.Rejected, RecordStatus.Rejected,
                RecordStatus.Accepted, RecordStatus.Accepted],
            results.Results.Select(r => r.Status));
        AssertOnly(results.Results[1].Violations, "records[1].nik", "NIK_SCIENTIFIC_NOTATION");
        AssertOnly(results.Results[2].Violations, "records[2].full_name", "NAME_REQUIRED");
        AssertOnly(results.Results[3].Violations, "records[3].kelurahan_code", "KELURAHAN_UNKNOWN");
        AssertOnly(results.Results[4].Violations, "records[4].birth_date", "AGE_OUTSIDE_WORKING_AGE");
        AssertOnly(results.Results[5].Warnings, "records[5].nik", "NIK_SEX_MISMATCH");
        Assert.Empty(results.Results[0].Violations);
        Assert.Empty(results.Results[0].Warnings);
        // Rejected records are not matched; accepted ones are, here against an empty registry.
        Assert.Equal(
            [MatchOutcome.NotRegistered, MatchOutcome.Unspecified, MatchOutcome.Unspecified, MatchOutcome.Unspecified,
                MatchOutcome.Unspecified, MatchOutcome.NotRegistered, MatchOutcome.NotRegistered],
            results.Results.Select(r => r.Outcome));

        var next = await stream.SendAsync(7, Workers.ValidMany(3, firstSerial: 100));
        Assert.Equal(10, next.CommittedOffset);
        Assert.All(next.Results, r => Assert.Equal(RecordStatus.Accepted, r.Status));

        var summary = await stream.FinishAsync(10);
        Assert.Equal(10, summary.RecordCount);
        Assert.Equal(6, summary.AcceptedCount);
        Assert.Equal(4, summary.RejectedCount);
        Assert.Equal(1, summary.WarningCount);
        Assert.Equal(BatchState.Finished, summary.State);
    }

    [Fact]
    public async Task Field_paths_index_into_the_chunk_being_answered()
    {
        using var stream = await SubmitStream.OpenAsync(Client, GatewayFixture.NewBatchId());
        await stream.SendAsync(0, Workers.ValidMany(17));
        var chunk = Workers.ValidMany(18, firstSerial: 500);
        chunk[17].Nik = "123";
        var results = await stream.SendAsync(17, chunk);

        Assert.Equal(34, results.Results[17].Offset);
        AssertOnly(results.Results[17].Violations, "records[17].nik", "NIK_MALFORMED");
    }

    [Fact]
    public async Task The_same_nik_twice_in_a_batch_is_refused_the_second_time_even_across_chunks()
    {
        using var stream = await SubmitStream.OpenAsync(Client, GatewayFixture.NewBatchId());
        var first = await stream.SendAsync(0, [Workers.Valid(1), Workers.Valid(1)]);
        Assert.Equal(RecordStatus.Accepted, first.Results[0].Status);
        AssertOnly(first.Results[1].Violations, "records[1].nik", "NIK_DUPLICATE_IN_BATCH");
        Assert.Contains("0", first.Results[1].Violations[0].Description);

        var second = await stream.SendAsync(2, [Workers.Valid(2), Workers.Valid(1)]);
        Assert.Equal(RecordStatus.Accepted, second.Results[0].Status);
        AssertOnly(second.Results[1].Violations, "records[1].nik", "NIK_DUPLICATE_IN_BATCH");
    }

    [Fact]
    public async Task A_nik_rejected_for_another_reason_does_not_block_its_corrected_record()
    {
        using var stream = await SubmitStream.OpenAsync(Client, GatewayFixture.NewBatchId());
        var broken = Workers.Valid(1);
        broken.FullName = "";
        var results = await stream.SendAsync(0, [broken, Workers.Valid(1)]);

        Assert.Equal(RecordStatus.Rejected, results.Results[0].Status);
        Assert.Equal(RecordStatus.Accepted, results.Results[1].Status);
    }

    [Fact]
    public async Task A_client_that_drops_mid_batch_resumes_from_the_committed_offset_and_nothing_is_lost_or_stored_twice()
    {
        var batchId = GatewayFixture.NewBatchId();
        var all = Workers.ValidMany(1000);
        using (var stream = await SubmitStream.OpenAsync(Client, batchId))
        {
            await stream.SendAsync(0, all.Take(300));
            await stream.SendAsync(300, all.Skip(300).Take(300));
            // The last chunk is written and the connection dropped before its answer is read.
            await stream.WriteAsync(SubmitStream.Chunk(600, all.Skip(600).Take(300)));
        }

        using var resumed = await SubmitStream.OpenAsync(Client, batchId);
        Assert.True(resumed.Opened.Resumed);
        var committed = resumed.Opened.CommittedOffset;
        Assert.True(committed is 600 or 900, $"committed offset {committed}");

        // The client goes on from what the server says it has.
        var rest = await resumed.SendAsync(committed, all.Skip((int)committed));
        Assert.Equal(1000, rest.CommittedOffset);
        var summary = await resumed.FinishAsync(1000);
        Assert.Equal(1000, summary.RecordCount);
        Assert.Equal(1000, summary.AcceptedCount);

        var stored = await ReadAllResultsAsync(batchId);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), stored.Select(r => r.Offset));
        Assert.All(stored, r => Assert.Equal(RecordStatus.Accepted, r.Status));
    }

    [Fact]
    public async Task Re_sending_committed_offsets_returns_the_stored_results_and_other_records_there_are_refused()
    {
        var batchId = GatewayFixture.NewBatchId();
        var records = Workers.ValidMany(200);
        records[10].Nik = "3.27101E+15";
        records[20].Sex = Sex.Female;
        using (var stream = await SubmitStream.OpenAsync(Client, batchId))
        {
            var original = await stream.SendAsync(0, records.Take(100));
            await stream.SendAsync(100, records.Skip(100).Take(50));

            var again = await stream.SendAsync(0, records.Take(100));
            Assert.Equal(original.Results, again.Results);
            Assert.Equal(150, again.CommittedOffset);

            // A chunk straddling the committed offset: the old part is replayed, the new part stored.
            var straddling = await stream.SendAsync(120, records.Skip(120).Take(80));
            Assert.Equal(Enumerable.Range(120, 80).Select(i => (long)i), straddling.Results.Select(r => r.Offset));
            Assert.Equal(200, straddling.CommittedOffset);
            Assert.All(straddling.Results, r => Assert.Equal(RecordStatus.Accepted, r.Status));

            // Other records at committed offsets are a client's mistake: answering them with the stored
            // results would lose them without a word.
            var changed = records.Take(100).Select(r => r.Clone()).ToList();
            changed[37].FullName = "Ujang Sutisna";
            var error = await stream.ExpectErrorAsync(SubmitStream.Chunk(0, changed));
            RpcAssert.Refused(error, StatusCode.FailedPrecondition, "OFFSET_CONTENT_MISMATCH", "chunk.records[37]");
            Assert.Equal("37", RpcAssert.ErrorInfo(error).Metadata["differing_offset"]);
            Assert.Equal("200", RpcAssert.ErrorInfo(error).Metadata["committed_offset"]);
        }

        var batch = (await Client.GetBatchAsync(new GetBatchRequest { BatchId = batchId })).Batch;
        Assert.Equal(200, batch.RecordCount);
        Assert.Equal(199, batch.AcceptedCount);
    }

    [Fact]
    public async Task A_gap_is_refused_with_out_of_range_naming_the_expected_offset_and_keeps_what_was_committed()
    {
        var batchId = GatewayFixture.NewBatchId();
        using (var stream = await SubmitStream.OpenAsync(Client, batchId))
        {
            await stream.SendAsync(0, Workers.ValidMany(10));
            var error = await stream.ExpectErrorAsync(SubmitStream.Chunk(15, Workers.ValidMany(5, firstSerial: 20)));
            RpcAssert.Refused(error, StatusCode.OutOfRange, "OFFSET_GAP", "chunk.first_offset");
            Assert.Equal("10", RpcAssert.ErrorInfo(error).Metadata["expected_offset"]);
            Assert.Contains("10", error.Status.Detail);
        }

        using var resumed = await SubmitStream.OpenAsync(Client, batchId);
        Assert.Equal(10, resumed.Opened.CommittedOffset);
    }

    [Fact]
    public async Task The_first_message_must_open_a_batch()
    {
        using var stream = SubmitStream.Start(Client);
        var error = await stream.ExpectErrorAsync(SubmitStream.Chunk(0, Workers.ValidMany(1)));
        RpcAssert.Refused(error, StatusCode.InvalidArgument, "OPEN_REQUIRED", "open");
    }

    [Theory]
    [InlineData("", Purpose.CoverageMatching, "open.batch_id", "BATCH_ID_REQUIRED")]
    [InlineData("has spaces in it", Purpose.CoverageMatching, "open.batch_id", "BATCH_ID_MALFORMED")]
    [InlineData("ok-batch", Purpose.Unspecified, "open.purpose", "PURPOSE_REQUIRED")]
    [InlineData("ok-batch", (Purpose)42, "open.purpose", "PURPOSE_UNKNOWN")]
    public async Task A_malformed_open_is_refused_with_bad_request_naming_the_field(string batchId, Purpose purpose, string field, string code)
    {
        using var stream = SubmitStream.Start(Client);
        var error = await stream.ExpectErrorAsync(new SubmitRequest { Open = new OpenBatch { BatchId = batchId, Purpose = purpose } });
        RpcAssert.Refused(error, StatusCode.InvalidArgument, code, field);
    }

    [Fact]
    public async Task An_empty_chunk_is_refused_and_what_was_committed_stays()
    {
        var batchId = GatewayFixture.NewBatchId();
        using (var stream = await SubmitStream.OpenAsync(Client, batchId))
        {
            await stream.SendAsync(0, Workers.ValidMany(5));
            var error = await stream.ExpectErrorAsync(SubmitStream.Chunk(5, []));
            RpcAssert.Refused(error, StatusCode.InvalidArgument, "CHUNK_EMPTY", "chunk.records");
        }
        await AssertCommittedAsync(batchId, 5);
    }

    [Fact]
    public async Task A_chunk_over_the_record_limit_is_refused_and_what_was_committed_stays()
    {
        var batchId = GatewayFixture.NewBatchId();
        using (var stream = await SubmitStream.OpenAsync(Client, batchId))
        {
            await stream.SendAsync(0, Workers.ValidMany(5));
            var error = await stream.ExpectErrorAsync(SubmitStream.Chunk(5, Workers.ValidMany(1001, firstSerial: 10)));
            RpcAssert.Refused(error, StatusCode.InvalidArgument, "CHUNK_TOO_LARGE", "chunk.records");
            Assert.Equal("1000", RpcAssert.ErrorInfo(error).Metadata["max_records_per_chunk"]);
        }
        await AssertCommittedAsync(batchId, 5);
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_refused_with_resource_exhausted_and_what_was_committed_stays()
    {
        var batchId = GatewayFixture.NewBatchId();
        using (var stream = await SubmitStream.OpenAsync(Client, batchId))
        {
            await stream.SendAsync(0, Workers.ValidMany(5));
            var huge = Workers.ValidMany(900, firstSerial: 10);
            foreach (var record in huge)
            {
                record.Address = new string('x', 5000);
            }
            var error = await stream.ExpectErrorAsync(SubmitStream.Chunk(5, huge));
            Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        }
        await AssertCommittedAsync(batchId, 5);
    }

    [Fact]
    public async Task Finishing_with_a_wrong_expected_count_is_refused_and_the_batch_stays_open()
    {
        var batchId = GatewayFixture.NewBatchId();
        using (var stream = await SubmitStream.OpenAsync(Client, batchId))
        {
            await stream.SendAsync(0, Workers.ValidMany(5));
            var error = await stream.ExpectErrorAsync(new SubmitRequest { Finish = new FinishBatch { ExpectedRecordCount = 6 } });
            RpcAssert.Refused(error, StatusCode.FailedPrecondition, "RECORD_COUNT_MISMATCH", "finish.expected_record_count");
            Assert.Equal("5", RpcAssert.ErrorInfo(error).Metadata["committed_offset"]);
        }
        var batch = (await Client.GetBatchAsync(new GetBatchRequest { BatchId = batchId })).Batch;
        Assert.Equal(BatchState.Open, batch.State);
    }

    [Fact]
    public async Task A_finished_batch_takes_no_new_records_but_still_answers_committed_offsets()
    {
        var batchId = GatewayFixture.NewBatchId();
        ChunkResults original;
        using (var stream = await SubmitStream.OpenAsync(Client, batchId))
        {
            original = await stream.SendAsync(0, Workers.ValidMany(3));
            await stream.FinishAsync();
        }

        using var again = await SubmitStream.OpenAsync(Client, batchId);
        Assert.Equal(BatchState.Finished, again.Opened.State);
        Assert.Equal(original.Results, (await again.SendAsync(0, Workers.ValidMany(3))).Results);
        var error = await again.ExpectErrorAsync(SubmitStream.Chunk(3, Workers.ValidMany(1, firstSerial: 50)));
        RpcAssert.Refused(error, StatusCode.FailedPrecondition, "BATCH_FINISHED");
    }

    [Fact]
    public async Task Resuming_with_another_purpose_is_refused()
    {
        var batchId = GatewayFixture.NewBatchId();
        using (var stream = await SubmitStream.OpenAsync(Client, batchId))
        {
            await stream.SendAsync(0, Workers.ValidMany(1));
        }
        using var other = SubmitStream.Start(Client);
        var error = await other.ExpectErrorAsync(new SubmitRequest
        {
            Open = new OpenBatch { BatchId = batchId, Purpose = Purpose.ApbdEnrollment },
        });
        RpcAssert.Refused(error, StatusCode.FailedPrecondition, "BATCH_PURPOSE_MISMATCH", "open.purpose");
    }

    [Fact]
    public async Task A_second_open_on_the_same_stream_is_refused()
    {
        using var stream = await SubmitStream.OpenAsync(Client, GatewayFixture.NewBatchId());
        var error = await stream.ExpectErrorAsync(new SubmitRequest { Open = new OpenBatch { BatchId = "x", Purpose = Purpose.CoverageMatching } });
        RpcAssert.Refused(error, StatusCode.InvalidArgument, "OPEN_REPEATED", "open");
    }

    [Fact]
    public async Task Messages_are_indonesian_by_default_and_english_when_asked()
    {
        var record = Workers.Valid(1);
        record.Nik = "3.27101E+15";

        using var indonesian = await SubmitStream.OpenAsync(Client, GatewayFixture.NewBatchId());
        var inIndonesian = (await indonesian.SendAsync(0, [record])).Results[0].Violations[0].Description;

        using var english = await SubmitStream.OpenAsync(Client, GatewayFixture.NewBatchId(), headers: new Metadata { { "accept-language", "en-US" } });
        var inEnglish = (await english.SendAsync(0, [record])).Results[0].Violations[0].Description;

        Assert.NotEqual(inIndonesian, inEnglish);
        Assert.Contains("NIK", inIndonesian);
        Assert.Contains("scientific", inEnglish, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Two_streams_on_one_batch_never_store_an_offset_twice()
    {
        var batchId = GatewayFixture.NewBatchId();
        var records = Workers.ValidMany(400);
        using var a = await SubmitStream.OpenAsync(Client, batchId);
        using var b = await SubmitStream.OpenAsync(Client, batchId);

        var fromA = a.SendAsync(0, records.Take(200));
        var fromB = b.SendAsync(0, records.Take(200));
        var results = await Task.WhenAll(fromA, fromB);
        Assert.Equal(results[0].Results, results[1].Results);

        var after = await b.SendAsync(200, records.Skip(200));
        Assert.Equal(400, after.CommittedOffset);
        var summary = await a.FinishAsync(400);
        Assert.Equal(400, summary.AcceptedCount);
    }

    private async Task AssertCommittedAsync(string batchId, long expected)
    {
        using var stream = await SubmitStream.OpenAsync(Client, batchId);
        Assert.Equal(expected, stream.Opened.CommittedOffset);
        var batch = (await Client.GetBatchAsync(new GetBatchRequest { BatchId = batchId })).Batch;
        Assert.Equal(expected, batch.RecordCount);
    }

    private async Task<List<RecordResult>> ReadAllResultsAsync(string batchId)
    {
        using var call = Client.ReadResults(new ReadResultsRequest { BatchId = batchId });
        return (await call.ResponseStream.ReadAllWithinAsync()).SelectMany(r => r.Results).ToList();
    }

    private static void AssertOnly(IEnumerable<FieldViolation> violations, string field, string code)
    {
        var violation = Assert.Single(violations);
        Assert.Equal(field, violation.Field);
        Assert.Equal(code, violation.Code);
        Assert.False(string.IsNullOrWhiteSpace(violation.Description));
    }
}
