using Exchange.Server.Tests.Infrastructure;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Jamsostek.Exchange.V1;
using Xunit.Abstractions;

namespace Exchange.Server.Tests.Hostile;

/// <summary>
/// Raw bytes as request messages (issue 4, hostile input): random bytes, truncated protobuf, wrong wire
/// types, broken varints and lengths, deep groups, invalid UTF-8 in strings. A message that does not
/// parse is refused with INVALID_ARGUMENT and stores nothing; one that parses is answered as its
/// content deserves; the gateway stays healthy throughout.
/// </summary>
public sealed class GarbageBytesTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    private const int Seed = 9_2025;
    private const string Service = "jamsostek.exchange.v1.SubmissionService";

    // Bytes in, bytes out: the client sends exactly what the test made, unparsed.
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);
    private static readonly Method<byte[], byte[]> SubmitMethod = new(MethodType.DuplexStreaming, Service, "Submit", Raw, Raw);
    private static readonly Method<byte[], byte[]> GetBatchMethod = new(MethodType.Unary, Service, "GetBatch", Raw, Raw);

    private CallInvoker Invoker => fixture.Gateway.As(TestCallers.AgencyA);

    private SubmissionService.SubmissionServiceClient Client => fixture.Gateway.Submission;

    /// <summary>1,500 generated GetBatch requests.</summary>
    [Fact]
    public async Task GetBatch_answers_1_500_generated_garbage_requests_with_a_clear_status()
    {
        var input = new HostileInput(Seed, HostileWire.Today);
        var answers = new Answers();
        for (var i = 0; i < 1_500; i++)
        {
            var (kind, bytes) = Garbage(input, GetBatchRequest.Parser, ValidGetBatch(input));
            var parsed = TryParse(GetBatchRequest.Parser, bytes);
            var status = await StatusOfAsync(async () =>
                await Invoker.AsyncUnaryCall(GetBatchMethod, null, Options(), bytes).ResponseAsync.Within());
            // A parsed request names a batch that does not exist (or none at all); one that does not parse is
            // refused as MESSAGE_MALFORMED (checked by GrpcBoundary before Grpc.AspNetCore would parse it).
            var expected = parsed is null ? [StatusCode.InvalidArgument] : new[] { StatusCode.NotFound, StatusCode.InvalidArgument };
            answers.Add(kind, parsed is not null, status, expected, bytes);
        }
        output.WriteLine(answers.Report());
        await AssertHealthyAsync();
        answers.AssertAllExpected();
    }

    /// <summary>600 generated first messages of a submission stream.</summary>
    [Fact]
    public async Task Submit_answers_600_generated_garbage_first_messages_with_a_clear_status_and_creates_no_batch()
    {
        var input = new HostileInput(Seed + 1, HostileWire.Today);
        var answers = new Answers();
        var before = await BatchIdsAsync();
        var opened = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 600; i++)
        {
            var (kind, bytes) = Garbage(input, SubmitRequest.Parser, ValidOpen(input));
            var parsed = TryParse(SubmitRequest.Parser, bytes);
            var (status, responses) = await SubmitRawAsync([bytes]);
            StatusCode[] expected;
            if (parsed is { Open: { } open } && HostileWire.IsWellFormedBatchId(open.BatchId) && open.Purpose is Purpose.CoverageMatching or Purpose.ApbdEnrollment)
            {
                // Garbage that happens to be a proper opening opens a batch, like any proper opening.
                expected = [StatusCode.OK];
                opened.Add(open.BatchId);
                Assert.Equal(SubmitResponse.MessageOneofCase.Opened, SubmitResponse.Parser.ParseFrom(responses[0]).MessageCase);
            }
            else
            {
                expected = [StatusCode.InvalidArgument];
            }
            answers.Add(kind, parsed is not null, status, expected, bytes);
        }
        output.WriteLine(answers.Report());
        Assert.Equal(before.Union(opened).Order(), (await BatchIdsAsync()).Order());
        await AssertHealthyAsync();
        answers.AssertAllExpected();
    }

    /// <summary>600 generated messages sent where a chunk belongs, after a proper opening of a batch with 3 records.</summary>
    [Fact]
    public async Task Submit_answers_600_generated_garbage_chunks_with_a_clear_status_and_stores_nothing_of_them()
    {
        var input = new HostileInput(Seed + 2, HostileWire.Today);
        var answers = new Answers();
        var batchId = GatewayFixture.NewBatchId();
        using (var stream = await SubmitStream.OpenAsync(Client, batchId))
        {
            await stream.SendAsync(0, Workers.ValidMany(3));
            await stream.CompleteAsync();
        }
        var open = new SubmitRequest { Open = new OpenBatch { BatchId = batchId, Purpose = Purpose.CoverageMatching } }.ToByteArray();
        long committed = 3;
        var finished = false;
        for (var i = 0; i < 600; i++)
        {
            var (kind, bytes) = Garbage(input, SubmitRequest.Parser, SubmitStream.Chunk(committed, [input.WorkerRecord()]));
            var parsed = TryParse(SubmitRequest.Parser, bytes);
            var (status, responses) = await SubmitRawAsync([open, bytes]);
            var expected = Expected(parsed, ref committed, ref finished);
            answers.Add(kind, parsed is not null, status, [expected], bytes);
            Assert.True(responses.Count >= 1, $"no opening answer for {kind}");
        }
        output.WriteLine(answers.Report());
        await AssertHealthyAsync();
        var stored = await HostileWire.StoredAsync(Client, batchId);
        Assert.Equal((committed, committed, finished ? BatchState.Finished : BatchState.Open), stored);
        Assert.Equal(Enumerable.Range(0, (int)committed).Select(o => (long)o), (await HostileWire.ReadAllResultsAsync(Client, batchId)).Select(r => r.Offset));
        answers.AssertAllExpected();
    }

    /// <summary>
    /// A request that does not parse is still a call: it gets INVALID_ARGUMENT, and the audit trail
    /// records it with the status the caller got (issue 4: every call, with its outcome).
    /// </summary>
    [Fact]
    public async Task A_streamed_message_that_does_not_parse_is_refused_with_invalid_argument_and_audited_and_a_unary_one_harms_nothing()
    {
        byte[] garbage = [0xFF, 0xFF];
        var unary = await StatusOfAsync(async () => await Invoker.AsyncUnaryCall(GetBatchMethod, null, Options(), garbage).ResponseAsync.Within());
        var (streaming, _) = await SubmitRawAsync([garbage]);

        var audit = new AuditService.AuditServiceClient(fixture.Gateway.As(TestCallers.Admin));
        var entries = new List<AuditEntry>();
        for (var after = 0L; ;)
        {
            var page = (await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { AfterSequence = after, PageSize = 1000 }).ResponseAsync.Within()).Entries;
            entries.AddRange(page);
            // Each listing is itself audited: a short page is the end, or this would read its own entries forever.
            if (page.Count < 1000)
            {
                break;
            }
            after = page[^1].Sequence;
        }
        var last = entries.Last(e => e.Caller == TestCallers.AgencyA.Name);
        Assert.Equal(StatusCode.InvalidArgument, streaming.StatusCode);
        Assert.Equal(("Submit", "INVALID_ARGUMENT"), (last.Method[(last.Method.LastIndexOf('/') + 1)..], last.Outcome));
        Assert.Equal((StatusCode.InvalidArgument, "MESSAGE_MALFORMED"), (unary.StatusCode, unary.What));
        using var stream = await SubmitStream.OpenAsync(fixture.Gateway.Submission, GatewayFixture.NewBatchId());
        Assert.Equal(RecordStatus.Accepted, (await stream.SendAsync(0, Workers.ValidMany(1))).Results[0].Status);
    }

    // What a message sent after the opening must get, by the rules of the stream; and what it does to the batch.
    private static StatusCode Expected(SubmitRequest? parsed, ref long committed, ref bool finished)
    {
        switch (parsed)
        {
            case null:
                return StatusCode.InvalidArgument;
            case { MessageCase: SubmitRequest.MessageOneofCase.Chunk, Chunk: var chunk }:
                if (chunk.Records.Count is 0 or > 1000 || chunk.FirstOffset < 0)
                {
                    return StatusCode.InvalidArgument;
                }
                if (chunk.FirstOffset > committed)
                {
                    return StatusCode.OutOfRange;
                }
                var fresh = Math.Max(0, chunk.Records.Count - (committed - chunk.FirstOffset));
                if (fresh > 0 && finished)
                {
                    return StatusCode.FailedPrecondition;
                }
                committed += fresh;
                // The client half-closes after it: the stream ends well once the chunk is answered.
                return StatusCode.OK;
            case { MessageCase: SubmitRequest.MessageOneofCase.Finish, Finish: var finish }:
                // A flipped bit turns a chunk (field 2) into a finish (field 3) whose count is the chunk's offset.
                if (finish.HasExpectedRecordCount && finish.ExpectedRecordCount != committed)
                {
                    return StatusCode.FailedPrecondition;
                }
                finished = true;
                return StatusCode.OK;
            default:
                return StatusCode.InvalidArgument;
        }
    }

    /// <summary>One stream of raw messages, half-closed after the last; its final status and every answer.</summary>
    private async Task<(Answer Status, List<byte[]> Responses)> SubmitRawAsync(IReadOnlyList<byte[]> messages)
    {
        using var call = Invoker.AsyncDuplexStreamingCall(SubmitMethod, null, Options());
        var responses = new List<byte[]>();
        try
        {
            foreach (var message in messages)
            {
                await call.RequestStream.WriteAsync(message).Within();
            }
            await call.RequestStream.CompleteAsync().Within();
        }
        catch (RpcException)
        {
            // The server may end the call before the writes complete; the status is read below.
        }
        try
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None).Within())
            {
                responses.Add(call.ResponseStream.Current);
            }
            return (new Answer(call.GetStatus().StatusCode, ""), responses);
        }
        catch (RpcException error)
        {
            return (Answer.Of(error), responses);
        }
    }

    /// <summary>
    /// One garbage message of a generated kind; <paramref name="valid"/> is a proper message of the
    /// call, the starting point of the kinds that break a real message.
    /// </summary>
    private static (string Kind, byte[] Bytes) Garbage<T>(HostileInput input, MessageParser<T> parser, IMessage valid) where T : IMessage<T>
    {
        var proper = valid.ToByteArray();
        var random = input.Random;
        switch (random.Next(12))
        {
            case 0:
                return ("random bytes", Bytes(input, random.Next(1, 64)));
            case 1:
                return ("random bytes, long", Bytes(input, random.Next(64, 65_536)));
            case 2:
                return ("truncated", proper[..random.Next(1, Math.Max(2, proper.Length))]);
            case 3:
            {
                var flipped = (byte[])proper.Clone();
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                }
                return ("bits flipped", flipped);
            }
            case 4:
            {
                // Field 1 to 3 of the message with a wire type it does not have.
                var field = random.Next(1, 4);
                var wire = input.Pick([0, 1, 5, 3]);
                byte[] payload = wire switch { 0 => [0x96, 0x01], 1 => Bytes(input, 8), 5 => Bytes(input, 4), _ => [(byte)((field << 3) | 4)] };
                return ("wrong wire type", [(byte)((field << 3) | wire), .. payload]);
            }
            case 5:
                return ("broken tag or varint", input.Pick<byte[]>(
                [
                    [0x00], [0x00, 0x00], [0x02, 0x00], [0x07], [0x0E, 0x01], [0x0C], [0x0B],
                    [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
                    [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [0x0A, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80],
                    [0xF8, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], [0xFA, 0xFF, 0xFF, 0xFF, 0x0F, 0x00], [0x12, 0x05, 0x08],
                ]));
            case 6:
                // A length prefix larger than what follows, at the top or inside the first field.
                return ("length beyond the end", [proper.Length > 0 ? proper[0] : (byte)0x0A, 0xF4, 0x03, .. proper.Skip(2)]);
            case 7:
                // Unknown field 15 as groups nested deeper than any parser's recursion limit.
                var depth = random.Next(50, 5_000);
                return ("deep groups", [.. Enumerable.Repeat((byte)0x7B, depth), .. Enumerable.Repeat((byte)0x7C, depth)]);
            case 8:
                return ("invalid UTF-8 string", InvalidUtf8(input, valid));
            case 9:
                // A proper message with garbage appended.
                return ("trailing garbage", [.. proper, .. Bytes(input, random.Next(1, 16))]);
            case 10:
                return ("unknown fields only", [0xA2, 0x06, 0x03, 0x61, 0x62, 0x63, 0xA8, 0x06, 0x01]);
            default:
                return ("empty", []);
        }
    }

    // The message's first string (a batch id, or a NIK inside a chunk) replaced by bytes that are not UTF-8.
    private static byte[] InvalidUtf8(HostileInput input, IMessage valid)
    {
        byte[] bad = input.Pick<byte[]>([[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x80]]);
        byte[] text = [.. "ok-"u8, .. bad, .. "-id"u8];
        return valid switch
        {
            GetBatchRequest => [0x0A, (byte)text.Length, .. text],
            SubmitRequest { Open: not null } => [0x0A, (byte)(text.Length + 4), 0x0A, (byte)text.Length, .. text, 0x10, 0x01],
            SubmitRequest { Chunk: { } chunk } => WithRecord(chunk.FirstOffset, [0x0A, (byte)text.Length, .. text, 0x12, (byte)text.Length, .. text]),
            _ => text,
        };
    }

    // A chunk request with one record made of the given bytes.
    private static byte[] WithRecord(long firstOffset, byte[] record)
    {
        var offset = new RecordChunk { FirstOffset = firstOffset }.ToByteArray();
        byte[] chunk = [.. offset, 0x12, (byte)record.Length, .. record];
        return [0x12, (byte)chunk.Length, .. chunk];
    }

    private static byte[] Bytes(HostileInput input, int length)
    {
        var bytes = new byte[length];
        input.Random.NextBytes(bytes);
        return bytes;
    }

    private static GetBatchRequest ValidGetBatch(HostileInput input) => new() { BatchId = "no-such-batch-" + input.Digits(8) };

    private static SubmitRequest ValidOpen(HostileInput input) =>
        new() { Open = new OpenBatch { BatchId = "garbage-" + input.Digits(12), Purpose = Purpose.CoverageMatching } };

    private static T? TryParse<T>(MessageParser<T> parser, byte[] bytes) where T : class, IMessage<T>
    {
        try
        {
            return parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private static CallOptions Options() => new(cancellationToken: new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

    private static async Task<Answer> StatusOfAsync(Func<Task> call)
    {
        try
        {
            await call();
            return new Answer(StatusCode.OK, "");
        }
        catch (RpcException error)
        {
            return Answer.Of(error);
        }
    }

    // The gateway still serves: health says so and a normal submission goes through.
    private async Task AssertHealthyAsync()
    {
        var health = await new Health.HealthClient(fixture.Gateway.Channel).CheckAsync(new HealthCheckRequest()).ResponseAsync.Within();
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        using var stream = await SubmitStream.OpenAsync(Client, GatewayFixture.NewBatchId());
        var results = await stream.SendAsync(0, Workers.ValidMany(10));
        Assert.All(results.Results, r => Assert.Equal(RecordStatus.Accepted, r.Status));
        Assert.Equal(10, (await stream.FinishAsync(10)).RecordCount);
    }

    private async Task<HashSet<string>> BatchIdsAsync()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var token = "";
        do
        {
            var page = await Client.ListBatchesAsync(new ListBatchesRequest { PageSize = 100, PageToken = token }).ResponseAsync.Within();
            ids.UnionWith(page.Batches.Select(b => b.BatchId));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return ids;
    }

    /// <summary>What the server answered, by kind of garbage and whether it parsed; and what it should not have.</summary>
    private sealed class Answers
    {
        private readonly SortedDictionary<string, int> _counts = new(StringComparer.Ordinal);
        private readonly List<string> _unexpected = [];

        public void Add(string kind, bool parsed, Answer status, IReadOnlyCollection<StatusCode> expected, byte[] bytes)
        {
            var key = $"{kind} ({(parsed ? "parses" : "does not parse")}): {status.StatusCode} {status.What}";
            _counts[key] = _counts.GetValueOrDefault(key) + 1;
            if (!expected.Contains(status.StatusCode))
            {
                _unexpected.Add($"{key}; expected {string.Join(" or ", expected)}; bytes {Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 24)))}");
            }
        }

        public string Report() => string.Join("\n", _counts.Select(c => $"{c.Value,5} x {c.Key}"));

        public int Total => _counts.Values.Sum();

        public void AssertAllExpected() => Assert.True(_unexpected.Count == 0,
            $"{_unexpected.Count} unexpected answers:\n{string.Join("\n", _unexpected.Distinct().Take(15))}\nAll answers:\n{Report()}");
    }

    /// <summary>A status and what explains it: the ErrorInfo reason when the gateway gave one, else the status text.</summary>
    private sealed record Answer(StatusCode StatusCode, string What)
    {
        public static Answer Of(RpcException error) =>
            new(error.StatusCode, error.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason ?? $"\"{error.Status.Detail}\"");
    }
}
