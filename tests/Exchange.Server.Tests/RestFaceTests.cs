using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Exchange.Server.Hosting;
using Exchange.Server.Tests.Infrastructure;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests;

/// <summary>
/// The REST/JSON face (JSON transcoding) over HTTP/1.1 on the gateway's REST endpoint: the same answers as gRPC, the same
/// authentication, permissions and audit, and an OpenAPI document that lists exactly the transcoded operations.
/// </summary>
public sealed class RestFaceTests : IAsyncLifetime
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithTypeRegistry(
        TypeRegistry.FromMessages(ErrorInfo.Descriptor, BadRequest.Descriptor, RetryInfo.Descriptor)));

    private RunningGateway _gateway = null!;
    private HttpClient _rest = null!;

    public async Task InitializeAsync()
    {
        _gateway = await RunningGateway.StartAsync(dataDirectory: null, RunningGateway.WithRestEndpoint);
        _rest = new HttpClient { BaseAddress = _gateway.RestAddress, Timeout = TaskTimeouts.Default };
    }

    public async Task DisposeAsync()
    {
        _rest.Dispose();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task The_coverage_report_over_REST_is_the_one_gRPC_answers()
    {
        await SubmitAsync("rest-coverage", Workers.ValidMany(6));
        var request = new GetCoverageReportRequest { Grouping = CoverageGrouping.Kecamatan };
        var overGrpc = await new ReportService.ReportServiceClient(_gateway.As(TestCallers.Bpjs)).GetCoverageReportAsync(request).ResponseAsync.Within();
        Assert.Equal(6, overGrpc.Total.WorkerCount);

        using var response = await SendAsync(HttpMethod.Get, "/v1/coverage-report?grouping=COVERAGE_GROUPING_KECAMATAN", TestCallers.Bpjs.ApiKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Equal(overGrpc, Parser.Parse<GetCoverageReportResponse>(await response.Content.ReadAsStringAsync()));

        // The gRPC endpoint answers REST too, to clients that speak HTTP/2 with prior knowledge as gRPC clients do.
        using var http2 = new HttpClient { BaseAddress = new Uri(_gateway.Address), Timeout = TaskTimeouts.Default };
        using var overHttp2 = new HttpRequestMessage(HttpMethod.Get, "/v1/coverage-report?grouping=COVERAGE_GROUPING_KECAMATAN")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        overHttp2.Headers.Add("x-api-key", TestCallers.Bpjs.ApiKey);
        using var answer = await http2.SendAsync(overHttp2).Within();
        Assert.Equal(HttpVersion.Version20, answer.Version);
        Assert.Equal(overGrpc, Parser.Parse<GetCoverageReportResponse>(await answer.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task REST_calls_without_valid_credentials_or_permission_are_refused_with_a_status_body()
    {
        await AssertRefusedAsync(await SendAsync(HttpMethod.Get, "/v1/coverage-report", apiKey: null),
            HttpStatusCode.Unauthorized, Code.Unauthenticated, "CREDENTIALS_MISSING");
        await AssertRefusedAsync(await SendAsync(HttpMethod.Get, "/v1/coverage-report", "exk_wrong"),
            HttpStatusCode.Unauthorized, Code.Unauthenticated, "API_KEY_UNKNOWN");
        // BPJS only: an agency may not read the city's coverage, nor resolve a review.
        await AssertRefusedAsync(await SendAsync(HttpMethod.Get, "/v1/coverage-report", TestCallers.AgencyA.ApiKey),
            HttpStatusCode.Forbidden, Code.PermissionDenied, "ROLE_NOT_ALLOWED");
        await AssertRefusedAsync(
            await SendAsync(HttpMethod.Post, "/v1/review-items/1:resolve", TestCallers.AgencyA.ApiKey, """{"decision":"REVIEW_DECISION_SAME_PERSON"}"""),
            HttpStatusCode.Forbidden, Code.PermissionDenied, "ROLE_NOT_ALLOWED");
        // Another agency's batch answers like a missing one, over REST as over gRPC.
        await SubmitAsync("rest-dinsos-only", Workers.ValidMany(1));
        await AssertRefusedAsync(await SendAsync(HttpMethod.Get, "/v1/batches/rest-dinsos-only", TestCallers.AgencyB.ApiKey),
            HttpStatusCode.NotFound, Code.NotFound, "BATCH_NOT_FOUND");

        // Only exact paths: routing alone would serve these too.
        foreach (var path in new[] { "/V1/coverage-report", "/v1/Coverage-Report", "/v1/coverage-report/", "/v1/review-items/1:RESOLVE" })
        {
            using var refused = await SendAsync(path.EndsWith("RESOLVE", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get, path,
                TestCallers.Bpjs.ApiKey, "{}");
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.Equal((int)Code.NotFound, Parser.Parse<Google.Rpc.Status>(await refused.Content.ReadAsStringAsync()).Code);
        }
    }

    [Fact]
    public async Task The_OpenAPI_document_parses_and_lists_every_transcoded_operation_each_served_at_its_path()
    {
        var expected = TranscodedMethods().Select(m => RestOpenApi.VerbAndTemplate(m.Rule)).ToHashSet();
        Assert.NotEmpty(expected);

        // Anonymous: the document describes the API, never data.
        using var response = await SendAsync(HttpMethod.Get, RestOpenApi.DocumentPath, apiKey: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var listed = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Verb: operation.Name, Template: path.Name)))
            .ToHashSet();
        Assert.Equal(expected.OrderBy(o => o.Template + o.Verb), listed.OrderBy(o => o.Template + o.Verb));

        // Each one is served there: refused for want of credentials, never an unknown path.
        foreach (var (verb, template) in listed)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(template, "{[^}]+}", "0");
            using var refused = await SendAsync(new HttpMethod(verb.ToUpperInvariant()), path, apiKey: null, verb == "get" ? null : "{}");
            Assert.Equal((verb, path, HttpStatusCode.Unauthorized), (verb, path, refused.StatusCode));
        }
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_operations_parameters_and_fields_with_the_protos_comments()
    {
        using var response = await SendAsync(HttpMethod.Get, RestOpenApi.DocumentPath, apiKey: null);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        var root = document.RootElement;
        var people = root.GetProperty("paths").GetProperty("/v1/apbd-estimate/people").GetProperty("get");

        // As written above the rpc, the message and the fields in protos/jamsostek/exchange/v1/report.proto.
        Assert.StartsWith("The workers the APBD estimate counts, by name and NIK", people.GetProperty("description").GetString(), StringComparison.Ordinal);
        var pageSize = people.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "pageSize");
        Assert.Equal("At most this many people (1-1000; 0 means 100).", pageSize.GetProperty("description").GetString());
        var schemas = root.GetProperty("components").GetProperty("schemas");
        var page = schemas.GetProperty("jamsostek.exchange.v1.ListApbdEligiblePeopleResponse");
        Assert.Equal("A page of the eligible people, in NIK order.", page.GetProperty("description").GetString());
        Assert.Equal("Token for the next page; empty on the last page.",
            page.GetProperty("properties").GetProperty("nextPageToken").GetProperty("description").GetString());
        // A field whose type is a message keeps its reference and has its own description beside it.
        var listed = page.GetProperty("properties").GetProperty("people");
        Assert.Equal("The people.", listed.GetProperty("description").GetString());
        Assert.StartsWith("One eligible worker", schemas.GetProperty("jamsostek.exchange.v1.ApbdEligiblePerson").GetProperty("description").GetString(),
            StringComparison.Ordinal);
        Assert.Equal("How to group a coverage report.", schemas.GetProperty("jamsostek.exchange.v1.CoverageGrouping").GetProperty("description").GetString());
    }

    [Fact]
    public void Every_unary_and_server_streaming_method_has_a_REST_path_and_no_client_streaming_one_does()
    {
        var methods = Contracts().SelectMany(file => file.Services).SelectMany(service => service.Methods).ToList();
        Assert.All(methods, method => Assert.True(
            (Rule(method) is not null) == !method.IsClientStreaming,
            $"{method.FullName}: {(method.IsClientStreaming ? "streams from the client, which JSON transcoding cannot carry" : "has no google.api.http rule")}"));
    }

    [Fact]
    public async Task A_server_streaming_call_over_REST_returns_every_message_gRPC_does()
    {
        // More results than one message holds (1,000), so the stream has several.
        var records = Workers.ValidMany(1_500);
        records[2].Nik = "123";
        using (var stream = await SubmitStream.OpenAsync(_gateway.Submission, "rest-results"))
        {
            await stream.SendAsync(0, records.Take(1_000));
            await stream.SendAsync(1_000, records.Skip(1_000));
            await stream.FinishAsync();
        }
        var overGrpc = new List<ReadResultsResponse>();
        using (var call = _gateway.Submission.ReadResults(new ReadResultsRequest { BatchId = "rest-results", FromOffset = 1 }))
        {
            overGrpc.AddRange(await call.ResponseStream.ReadAllWithinAsync());
        }
        Assert.Equal(1_499, overGrpc.Sum(r => r.Results.Count));
        Assert.True(overGrpc.Count > 1);

        using var response = await SendAsync(HttpMethod.Get, "/v1/batches/rest-results/results?fromOffset=1", TestCallers.AgencyA.ApiKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(overGrpc, ParseStream<ReadResultsResponse>(await response.Content.ReadAsStringAsync()));

        // Filters as query parameters, a repeated field repeated: each value counts, not only the last.
        using var filtered = await SendAsync(HttpMethod.Get,
            "/v1/batches/rest-results/results?outcomes=MATCH_OUTCOME_NOT_REGISTERED&outcomes=MATCH_OUTCOME_ACTIVE", TestCallers.AgencyA.ApiKey);
        Assert.Equal(1_499, ParseStream<ReadResultsResponse>(await filtered.Content.ReadAsStringAsync()).Sum(r => r.Results.Count));
        using var rejected = await SendAsync(HttpMethod.Get, "/v1/batches/rest-results/results?rejectedOnly=true", TestCallers.AgencyA.ApiKey);
        Assert.Equal(2, Assert.Single(Assert.Single(ParseStream<ReadResultsResponse>(await rejected.Content.ReadAsStringAsync())).Results).Offset);
    }

    [Fact]
    public async Task A_REST_call_leaves_the_audit_entry_its_gRPC_call_does()
    {
        await SubmitAsync("rest-audited", Workers.ValidMany(2));
        await _gateway.Submission.GetBatchAsync(new GetBatchRequest { BatchId = "rest-audited" }).ResponseAsync.Within();
        using (var ok = await SendAsync(HttpMethod.Get, "/v1/batches/rest-audited", TestCallers.AgencyA.ApiKey))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using (await SendAsync(HttpMethod.Get, "/v1/batches", TestCallers.Bpjs.ApiKey))
        using (await SendAsync(HttpMethod.Get, "/v1/audit-entries", apiKey: null))
        {
        }

        // Calls without valid credentials are recorded per source when their minute ends.
        _gateway.Clock.Advance(TimeSpan.FromMinutes(1));
        var entries = (await new AuditService.AuditServiceClient(_gateway.As(TestCallers.Observer))
            .ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 1000 }).ResponseAsync.Within()).Entries;
        var getBatch = entries.Where(e => e.Method == "/jamsostek.exchange.v1.SubmissionService/GetBatch")
            .Select(e => (e.Caller, e.Role, e.BatchId, e.RecordCount, e.Outcome, e.Detail)).ToList();
        Assert.Equal(2, getBatch.Count);
        Assert.Equal(("dinsos", "Agency", "rest-audited", 0L, "OK", ""), getBatch[0]);
        Assert.Equal(getBatch[0], getBatch[1]);
        Assert.Contains(entries, e => e is { Caller: "bpjs", Method: "/jamsostek.exchange.v1.SubmissionService/ListBatches", Outcome: "PERMISSION_DENIED" });
        Assert.Contains(entries, e => e is { Caller: "anonymous", Method: "/jamsostek.exchange.v1.AuditService/ListAuditEntries", Outcome: "UNAUTHENTICATED" });
    }

    [Fact]
    public async Task A_REST_request_that_does_not_bind_is_refused_after_authentication_naming_the_part_and_audited()
    {
        const string resolve = "/v1/review-items/1:resolve";
        // Without credentials, whatever the request holds: not authenticated, as over gRPC.
        await AssertRefusedAsync(await SendAsync(HttpMethod.Post, resolve, apiKey: null, "{not json"),
            HttpStatusCode.Unauthorized, Code.Unauthenticated, "CREDENTIALS_MISSING");
        await AssertRefusedAsync(await SendAsync(HttpMethod.Get, "/v1/batches?page_size=many", apiKey: null),
            HttpStatusCode.Unauthorized, Code.Unauthenticated, "CREDENTIALS_MISSING");
        // A caller without the role learns no more than that.
        await AssertRefusedAsync(await SendAsync(HttpMethod.Post, resolve, TestCallers.AgencyA.ApiKey, "{not json"),
            HttpStatusCode.Forbidden, Code.PermissionDenied, "ROLE_NOT_ALLOWED");

        // The caller known and allowed: the part that does not bind, in the contract's field names.
        (string Method, string Path, string? Json, TestCallers.TestCaller Caller, string Part)[] unreadable =
        [
            ("POST", resolve, "{not json", TestCallers.Bpjs, "body"),
            ("POST", resolve, """{"decision":"REVIEW_DECISION_MAYBE"}""", TestCallers.Bpjs, "body"),
            ("POST", resolve, """{"no_such_field":1}""", TestCallers.Bpjs, "body"),
            ("GET", "/v1/batches?page_size=many", null, TestCallers.AgencyA, "page_size"),
            ("GET", "/v1/batches?pageSize=12x", null, TestCallers.AgencyA, "page_size"),
            ("GET", "/v1/coverage-report?grouping=COVERAGE_GROUPING_STREET", null, TestCallers.Bpjs, "grouping"),
            ("GET", "/v1/agencies/dinsos/batches/b1/results/first/explanation", null, TestCallers.Bpjs, "offset"),
        ];
        foreach (var (method, path, json, caller, part) in unreadable)
        {
            using var response = await SendAsync(new HttpMethod(method), path, caller.ApiKey, json);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var body = Parser.Parse<Google.Rpc.Status>(await response.Content.ReadAsStringAsync());
            Assert.Equal((int)Code.InvalidArgument, body.Code);
            Assert.Contains(part, body.Message, StringComparison.Ordinal);
            Assert.Equal("REQUEST_MALFORMED", body.Details.Single(detail => detail.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>().Reason);
        }
        // What binds still reaches the method: an unknown review item is not found, not malformed.
        using (var valid = await SendAsync(HttpMethod.Post, resolve, TestCallers.Bpjs.ApiKey, """{"decision":"REVIEW_DECISION_SAME_PERSON"}"""))
        {
            Assert.Equal(HttpStatusCode.NotFound, valid.StatusCode);
        }
        using (var paged = await SendAsync(HttpMethod.Get, "/v1/batches?pageSize=2", TestCallers.AgencyA.ApiKey))
        {
            Assert.Equal(HttpStatusCode.OK, paged.StatusCode);
        }

        _gateway.Clock.Advance(TimeSpan.FromMinutes(1));
        var entries = (await new AuditService.AuditServiceClient(_gateway.As(TestCallers.Observer))
            .ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 1000 }).ResponseAsync.Within()).Entries;
        var resolved = entries.Where(e => e.Method == "/jamsostek.exchange.v1.RegistryService/ResolveReviewItem").Select(e => (e.Caller, e.Outcome)).ToList();
        Assert.Equal(3, resolved.Count(entry => entry == ("bpjs", "INVALID_ARGUMENT")));
        // The two calls without credentials, in their source's aggregate entry.
        Assert.Contains(entries, e => e is { Caller: "anonymous", Method: "*", Outcome: "UNAUTHENTICATED" }
            && e.Detail.StartsWith("2 calls without valid credentials", StringComparison.Ordinal) && e.Detail.EndsWith("2 methods", StringComparison.Ordinal));
        Assert.Contains(("dinsos", "PERMISSION_DENIED"), resolved);
        Assert.Equal(2, entries.Count(e => e is { Caller: "dinsos", Method: "/jamsostek.exchange.v1.SubmissionService/ListBatches", Outcome: "INVALID_ARGUMENT" }));
    }

    /// <summary>The messages of a server-streaming answer: JSON transcoding writes each as one JSON object, a line apart.</summary>
    private static List<T> ParseStream<T>(string body) where T : IMessage<T>, new()
    {
        var messages = new List<T>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(body), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            messages.Add(Parser.Parse<T>(body[start..((int)reader.BytesConsumed)]));
        }
        return messages;
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, Code code, string reason)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            var body = Parser.Parse<Google.Rpc.Status>(await response.Content.ReadAsStringAsync());
            Assert.Equal((int)code, body.Code);
            Assert.NotEmpty(body.Message);
            Assert.Equal(reason, body.Details.Single(detail => detail.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>().Reason);
        }
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? apiKey, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (apiKey is not null)
        {
            request.Headers.Add("x-api-key", apiKey);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        return _rest.SendAsync(request).Within();
    }

    private async Task SubmitAsync(string batchId, IEnumerable<WorkerRecord> records)
    {
        using var stream = await SubmitStream.OpenAsync(_gateway.Submission, batchId);
        await stream.SendAsync(0, records);
        await stream.FinishAsync();
    }

    private static IEnumerable<(MethodDescriptor Method, HttpRule Rule)> TranscodedMethods() =>
        Contracts().SelectMany(file => file.Services).SelectMany(service => service.Methods)
            .Select(method => (method, Rule(method))).Where(pair => pair.Item2 is not null).Select(pair => (pair.method, pair.Item2!));

    private static HttpRule? Rule(MethodDescriptor method) => method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);

    /// <summary>Every proto file compiled into the contracts (each has a generated ...Reflection class with its descriptor).</summary>
    private static IEnumerable<FileDescriptor> Contracts() => typeof(SubmissionReflection).Assembly.GetTypes()
        .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
        .OfType<FileDescriptor>();
}
