using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Exchange.Core.Audit;
using Exchange.Server.Security;
using Exchange.Server.Tests.Infrastructure;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests.Security;

/// <summary>
/// The gateway's edge over a real channel: API keys and cleartext (finding 3), request bytes that are not protobuf
/// (finding 8), method paths in another spelling (finding 9), and client text on its way into the log (finding 11).
/// </summary>
public sealed class BoundaryTests
{
    // Bytes in, bytes out: the client sends exactly what the test made, unparsed.
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    // Field 0 does not exist and the varint after it never ends: no message type parses this.
    private static readonly byte[] NotProtobuf = [0x07, 0xFF, 0xFF, 0xFF];

    [Fact]
    public async Task Over_cleartext_an_api_key_is_refused_before_it_is_looked_at_unless_the_setting_allows_it()
    {
        await using var gateway = await RunningGateway.StartAsync((string?)null, "--Exchange:Security:AllowApiKeysWithoutTls=false");

        var valid = await RefusedAsync(gateway.As(TestCallers.Admin));
        var wrong = await RefusedAsync(gateway.WithApiKey("exk_not_a_real_key"));
        var health = await new Health.HealthClient(gateway.Channel).CheckAsync(new HealthCheckRequest()).ResponseAsync.Within();

        RpcAssert.Refused(valid, StatusCode.Unauthenticated, "API_KEY_REQUIRES_TLS");
        Assert.Contains("https://", valid.Status.Detail);
        // A wrong key gets the same answer: over cleartext, keys cannot even be tried.
        RpcAssert.Refused(wrong, StatusCode.Unauthenticated, "API_KEY_REQUIRES_TLS");
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task A_gateway_that_reads_api_keys_over_cleartext_says_so_at_start_and_one_that_does_not_is_quiet()
    {
        var allowing = new CapturedLogs();
        var refusing = new CapturedLogs();
        await using (var gateway = await RunningGateway.StartAsync(null, allowing, null))
        {
            Assert.True((await new AuditService.AuditServiceClient(gateway.As(TestCallers.Admin))
                .VerifyAuditTrailAsync(new VerifyAuditTrailRequest()).ResponseAsync.Within()).Intact);
        }
        await using (await RunningGateway.StartAsync(null, refusing, null, "--Exchange:Security:AllowApiKeysWithoutTls=false"))
        {
        }

        Assert.Single(allowing.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("AllowApiKeysWithoutTls is on"));
        Assert.DoesNotContain(refusing.Lines, line => line.Contains("AllowApiKeysWithoutTls"));
    }

    [Theory]
    [InlineData("GetBatch", MethodType.Unary)]
    [InlineData("ReadResults", MethodType.ServerStreaming)]
    public async Task A_request_that_is_not_protobuf_is_refused_as_malformed_in_one_short_log_line_and_audited(string name, MethodType type)
    {
        var logs = new CapturedLogs();
        await using var gateway = await RunningGateway.StartAsync(null, logs, null, "--Logging:LogLevel:Default=Information");
        var method = new Method<byte[], byte[]>(type, "jamsostek.exchange.v1.SubmissionService", name, Raw, Raw);
        var before = logs.Lines.Count;

        var refused = await RawRefusalAsync(gateway.As(TestCallers.AgencyA), method, NotProtobuf);
        var anonymous = await RawRefusalAsync(gateway.Channel.CreateCallInvoker(), method, NotProtobuf);
        var written = logs.Lines.Skip(before).ToList();

        RpcAssert.Refused(refused, StatusCode.InvalidArgument, "MESSAGE_MALFORMED");
        // Who calls is settled first, as for any other call.
        RpcAssert.Refused(anonymous, StatusCode.Unauthenticated, "CREDENTIALS_MISSING");
        Assert.Contains(written, line => line.Contains("InvalidArgument"));
        Assert.All(written, line =>
        {
            Assert.DoesNotContain("Exception", line);
            Assert.DoesNotContain("\n", line);
            Assert.True(line.Length < 600, $"a long log line: {line}");
        });
        var entry = (await AuditEntriesAsync(gateway)).Last(e => e.Caller == TestCallers.AgencyA.Name);
        Assert.Equal(("/jamsostek.exchange.v1.SubmissionService/" + name, "INVALID_ARGUMENT"), (entry.Method, entry.Outcome));
    }

    [Fact]
    public async Task A_health_check_that_is_not_protobuf_is_refused_as_malformed_too()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var check = new Method<byte[], byte[]>(MethodType.Unary, "grpc.health.v1.Health", "Check", Raw, Raw);

        var refused = await RawRefusalAsync(gateway.Channel.CreateCallInvoker(), check, NotProtobuf);

        RpcAssert.Refused(refused, StatusCode.InvalidArgument, "MESSAGE_MALFORMED");
    }

    [Fact]
    public async Task A_compressed_request_is_judged_once_decompressed_and_an_unknown_encoding_is_unimplemented()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler());
        var valid = new GetBatchRequest { BatchId = "no-such-batch" }.ToByteArray();

        var garbage = await GrpcStatusAsync(http, gateway, "gzip", compressed: true, Gzip(NotProtobuf));
        var parses = await GrpcStatusAsync(http, gateway, "gzip", compressed: true, Gzip(valid));
        var unknown = await GrpcStatusAsync(http, gateway, "x-unheard-of", compressed: true, valid);
        var flagWithoutEncoding = await GrpcStatusAsync(http, gateway, null, compressed: true, valid);

        Assert.Equal((StatusCode.InvalidArgument, StatusCode.NotFound), (garbage, parses));
        Assert.Equal((StatusCode.Unimplemented, StatusCode.InvalidArgument), (unknown, flagWithoutEncoding));
    }

    public static TheoryData<string, string> OtherSpellings() => new()
    {
        { "Jamsostek.exchange.v1.AuditService", "VerifyAuditTrail" },
        { "jamsostek.exchange.v1.auditservice", "verifyaudittrail" },
        { "JAMSOSTEK.EXCHANGE.V1.AUDITSERVICE", "VERIFYAUDITTRAIL" },
        { "jamsostek.exchange.v1.AuditService", "VerifyAuditTrail/" },
        { "Grpc.Health.V1.Health", "Check" },
    };

    [Theory]
    [MemberData(nameof(OtherSpellings))]
    public async Task A_method_path_spelled_otherwise_is_unimplemented_for_everyone_and_leaves_no_audit_entry(string service, string name)
    {
        await using var gateway = await RunningGateway.StartAsync();
        var method = new Method<byte[], byte[]>(MethodType.Unary, service, name, Raw, Raw);
        var empty = Array.Empty<byte>();

        var answers = new List<StatusCode>
        {
            (await RawRefusalAsync(gateway.As(TestCallers.Admin), method, empty)).StatusCode,
            (await RawRefusalAsync(gateway.As(TestCallers.AgencyA), method, empty)).StatusCode,
            (await RawRefusalAsync(gateway.WithApiKey("exk_not_a_real_key"), method, empty)).StatusCode,
            (await RawRefusalAsync(gateway.Channel.CreateCallInvoker(), method, empty)).StatusCode,
        };
        var canonical = await new AuditService.AuditServiceClient(gateway.As(TestCallers.Admin))
            .VerifyAuditTrailAsync(new VerifyAuditTrailRequest()).ResponseAsync.Within();
        var entries = await AuditEntriesAsync(gateway);

        Assert.All(answers, status => Assert.Equal(StatusCode.Unimplemented, status));
        Assert.True(canonical.Intact);
        // Refused before any service method ran, so the trail holds the canonical call alone, never the other spelling.
        Assert.DoesNotContain(entries, e => e.Method == method.FullName);
        Assert.Single(entries, e => e.Method == "/jamsostek.exchange.v1.AuditService/VerifyAuditTrail");
    }

    [Fact]
    public async Task Client_text_reaches_the_log_masked_and_escaped_and_every_batch_is_logged_when_opened_and_finished()
    {
        var logs = new CapturedLogs();
        await using var gateway = await RunningGateway.StartAsync(null, logs, null,
            "--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace", "--Logging:LogLevel:Grpc=Trace");
        var batchNik = Workers.Nik(71);
        var unknownNik = Workers.Nik(72);
        const string forgery = "7\nCritical Exchange.Server.Security.Gatekeeper: the audit trail was deleted";

        using (var stream = await SubmitStream.OpenAsync(gateway.Submission, batchNik))
        {
            await stream.SendAsync(0, Workers.ValidMany(2));
            await stream.FinishAsync();
        }
        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            gateway.Submission.GetBatchAsync(new GetBatchRequest { BatchId = unknownNik }).ResponseAsync.Within());
        var forged = await Assert.ThrowsAsync<RpcException>(() => gateway.Registry.ResolveReviewItemAsync(
            new ResolveReviewItemRequest { ReviewId = forgery, Decision = ReviewDecision.SamePerson }).ResponseAsync.Within());

        Assert.Equal((StatusCode.NotFound, StatusCode.NotFound), (unknown.StatusCode, forged.StatusCode));
        Assert.DoesNotContain(unknownNik, unknown.Status.Detail);
        var leak = logs.Lines.FirstOrDefault(line => line.Contains(batchNik) || line.Contains(unknownNik) || line.Contains("\nCritical"));
        Assert.True(leak is null, $"client text in clear: {leak}");
        // The review id did reach the log (the refusal echoes it), as one line with the newline escaped.
        Assert.Contains(logs.Lines, line => line.Contains("7\\nCritical Exchange.Server.Security.Gatekeeper"));
        var masked = PersonalData.MaskNik(batchNik);
        Assert.Contains(logs.Lines, line => line.Contains($"Batch {masked} of DINSOS opened for CoverageMatching: 0 records committed, resumed False"));
        Assert.Contains(logs.Lines, line => line.Contains($"Batch {masked} of DINSOS finished: 2 records, 2 accepted, 0 rejected"));
    }

    private static async Task<RpcException> RefusedAsync(CallInvoker invoker) =>
        await Assert.ThrowsAsync<RpcException>(() =>
            new AuditService.AuditServiceClient(invoker).VerifyAuditTrailAsync(new VerifyAuditTrailRequest()).ResponseAsync.Within());

    /// <summary>Sends <paramref name="body"/> as the request of <paramref name="method"/> and returns the error that ends the call.</summary>
    private static async Task<RpcException> RawRefusalAsync(CallInvoker invoker, Method<byte[], byte[]> method, byte[] body)
    {
        if (method.Type == MethodType.ServerStreaming)
        {
            using var streaming = invoker.AsyncServerStreamingCall(method, null, new CallOptions(), body);
            return await Assert.ThrowsAsync<RpcException>(() => streaming.ResponseStream.ReadAllWithinAsync());
        }
        using var unary = invoker.AsyncUnaryCall(method, null, new CallOptions(), body);
        return await Assert.ThrowsAsync<RpcException>(() => unary.ResponseAsync.Within());
    }

    /// <summary>
    /// The status of a GetBatch call made by hand over HTTP/2, so that the message's compressed flag and its grpc-encoding
    /// can be anything a client might send.
    /// </summary>
    private static async Task<StatusCode> GrpcStatusAsync(HttpClient http, RunningGateway gateway, string? encoding, bool compressed, byte[] message)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway.Address + "/jamsostek.exchange.v1.SubmissionService/GetBatch")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.TryAddWithoutValidation(CallerAuthenticator.ApiKeyHeader, TestCallers.AgencyA.ApiKey);
        if (encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-encoding", encoding);
        }
        using var response = await http.SendAsync(request).Within();
        await response.Content.ReadAsByteArrayAsync().Within();
        // Trailers-only answers carry the status in the headers, the others in the trailers.
        var status = response.Headers.TryGetValues("grpc-status", out var values) || response.TrailingHeaders.TryGetValues("grpc-status", out values)
            ? values.Single()
            : throw new Xunit.Sdk.XunitException($"no grpc-status in the answer ({response.StatusCode})");
        return (StatusCode)int.Parse(status, CultureInfo.InvariantCulture);
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }
        return compressed.ToArray();
    }

    private static async Task<List<Jamsostek.Exchange.V1.AuditEntry>> AuditEntriesAsync(RunningGateway gateway) =>
        [.. (await new AuditService.AuditServiceClient(gateway.As(TestCallers.Admin))
            .ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 1000 }).ResponseAsync.Within()).Entries];
}
