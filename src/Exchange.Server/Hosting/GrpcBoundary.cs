using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Net.Compression;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Hosting;

/// <summary>
/// The HTTP side of every gRPC call, before Grpc.AspNetCore sees it.
/// <list type="bullet">
/// <item>Only a method's own path, spelled exactly, reaches the method. Routing matches paths in any letter case, and a
/// call to /Jamsostek.exchange.v1.AuditService/... would be answered yet never audited (the gatekeeper and the
/// permission table know exact names only), so keys and roles could be probed without a trace. Such paths, like unknown
/// methods, get UNIMPLEMENTED here, and Grpc.AspNetCore never logs the client's path in clear.</item>
/// <item>REST calls (JSON transcoding) are held to the same rule: a path whose literal segments are spelled in another
/// letter case, or with a trailing slash, gets 404 and reaches no service. A request that would not bind to its message
/// is marked and made empty (<see cref="RestRequest"/>), and refused by the gatekeeper as REQUEST_MALFORMED, audited.</item>
/// <item>The request message of a unary or server-streaming call is parsed here first. Grpc.AspNetCore parses it before
/// any interceptor runs, so one that does not parse ended as UNKNOWN, with a stack trace in the log before
/// authentication and no audit entry. Now it is replaced by an empty message and marked, and the gatekeeper refuses the
/// call as MESSAGE_MALFORMED once it knows the caller, audited like every other refusal.</item>
/// </list>
/// </summary>
public sealed partial class GrpcBoundary(RequestDelegate next, IOptions<GrpcServiceOptions> grpcOptions, ILogger<GrpcBoundary> logger)
{
    /// <summary>A gRPC message frame's header: compressed flag (0 or 1) and the message length, big-endian.</summary>
    private const int HeaderSize = 5;

    /// <summary>The route value Grpc.AspNetCore's catch-all endpoints for unknown services and methods set.</summary>
    private const string UnknownMethodRouteValue = "unimplementedMethod";

    /// <summary>One uncompressed empty message, which parses as every message type.</summary>
    private static readonly byte[] EmptyMessage = new byte[HeaderSize];

    private static readonly object MalformedKey = new();

    private readonly ConcurrentDictionary<IMethod, MessageParser?> _parsers = new();

    private enum Verdict
    {
        Parses,
        Malformed,
        /// <summary>Larger than the message limit: left to Grpc.AspNetCore, which refuses it as RESOURCE_EXHAUSTED.</summary>
        TooLarge,
        EncodingUnsupported,
    }

    /// <summary>Whether the call's request message did not parse (and the method got an empty one in its place).</summary>
    public static bool HasMalformedRequest(ServerCallContext context) => context.GetHttpContext().Items.ContainsKey(MalformedKey);

    /// <summary>For a REST call whose request did not bind, the part that did not (a field's path, or "body"); null otherwise.</summary>
    public static string? UnreadableRestPart(ServerCallContext context) => context.GetHttpContext().Items[MalformedKey] as string;

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not null)
        {
            // A REST call: JSON, not gRPC frames, parsed by JSON transcoding. Its method is the gRPC method whatever the
            // path's spelling, so audit and permissions hold either way; refused all the same, like gRPC's, so a path is
            // served in one spelling only.
            if (endpoint is RouteEndpoint route && !SpelledExactly(context.Request.Path.Value ?? "", route.RoutePattern))
            {
                LogUnknownMethod(logger, ClientText.Safe(context.Request.Path.Value ?? ""));
                await AnswerRestAsync(context.Response);
                return;
            }
            var operation = endpoint.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>()!;
            string? part;
            try
            {
                part = await RestRequest.UnreadablePartAsync(context, operation, grpcOptions.Value.MaxReceiveMessageSize ?? int.MaxValue);
            }
            catch (Exception) when (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }
            if (part is not null)
            {
                context.Items[MalformedKey] = part;
                RestRequest.Neutralise(context, operation);
            }
            await next(context);
            return;
        }
        var grpc = endpoint?.Metadata.GetMetadata<GrpcMethodMetadata>();
        var unknown = grpc is null
            ? context.Request.RouteValues.ContainsKey(UnknownMethodRouteValue)
            : !string.Equals(context.Request.Path.Value, grpc.Method.FullName, StringComparison.Ordinal);
        if (unknown)
        {
            LogUnknownMethod(logger, ClientText.Safe(context.Request.Path.Value ?? ""));
            Answer(context.Response, StatusCode.Unimplemented, "Method is unimplemented.");
            return;
        }
        if (grpc is { Method.Type: MethodType.Unary or MethodType.ServerStreaming } && ParserOf(grpc.Method) is { } parser)
        {
            Verdict verdict;
            try
            {
                verdict = await ReadRequestAsync(context, parser);
            }
            catch (Exception) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away while sending: nobody is left to answer.
                return;
            }
            switch (verdict)
            {
                case Verdict.Malformed:
                    context.Items[MalformedKey] = true;
                    context.Request.Body = new MemoryStream(EmptyMessage, writable: false);
                    break;
                case Verdict.EncodingUnsupported:
                    // As the gRPC compression spec asks; the client's encoding name is not echoed.
                    Answer(context.Response, StatusCode.Unimplemented,
                        "The message encoding is not supported. Supported encodings: " +
                        string.Join(", ", grpcOptions.Value.CompressionProviders.Select(provider => provider.EncodingName)));
                    return;
            }
        }
        await next(context);
    }

    /// <summary>
    /// Reads the whole request (one message, as gRPC sends it for these methods) and judges it. Nothing is consumed
    /// unless it is malformed: Grpc.AspNetCore then reads the same bytes from the same reader.
    /// </summary>
    private async Task<Verdict> ReadRequestAsync(HttpContext context, MessageParser parser)
    {
        var reader = context.Request.BodyReader;
        var limit = grpcOptions.Value.MaxReceiveMessageSize ?? int.MaxValue;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted);
            var buffer = result.Buffer;
            var verdict = Judge(context.Request, buffer, result.IsCompleted, limit, parser);
            reader.AdvanceTo(verdict == Verdict.Malformed ? buffer.End : buffer.Start, buffer.End);
            if (verdict is { } known)
            {
                return known;
            }
        }
    }

    /// <summary>The verdict on what has arrived so far, or null while it takes more to tell.</summary>
    private Verdict? Judge(HttpRequest request, ReadOnlySequence<byte> buffer, bool complete, int limit, MessageParser parser)
    {
        if (buffer.Length < HeaderSize)
        {
            return complete ? Verdict.Malformed : null;
        }
        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (header[0] > 1)
        {
            return Verdict.Malformed;
        }
        if (length > (uint)limit)
        {
            return Verdict.TooLarge;
        }
        // A single message and nothing after it.
        if (buffer.Length > HeaderSize + length)
        {
            return Verdict.Malformed;
        }
        if (!complete)
        {
            return null;
        }
        if (buffer.Length < HeaderSize + length)
        {
            return Verdict.Malformed;
        }
        var payload = buffer.Slice(HeaderSize);
        if (header[0] == 1)
        {
            var encoding = request.Headers["grpc-encoding"].ToString();
            if (encoding is "" or "identity")
            {
                return Verdict.Malformed;
            }
            var provider = grpcOptions.Value.CompressionProviders.FirstOrDefault(p => string.Equals(p.EncodingName, encoding, StringComparison.Ordinal));
            if (provider is null)
            {
                return Verdict.EncodingUnsupported;
            }
            var (problem, plain) = Decompress(provider, payload, limit);
            if (problem is not null)
            {
                return problem;
            }
            payload = plain;
        }
        try
        {
            parser.ParseFrom(payload);
            return Verdict.Parses;
        }
        catch (InvalidProtocolBufferException)
        {
            return Verdict.Malformed;
        }
    }

    private static (Verdict? Problem, ReadOnlySequence<byte> Plain) Decompress(ICompressionProvider provider, ReadOnlySequence<byte> payload, int limit)
    {
        try
        {
            using var decompressing = provider.CreateDecompressionStream(new MemoryStream(payload.ToArray(), writable: false));
            using var plain = new MemoryStream();
            var block = new byte[81920];
            int read;
            while ((read = decompressing.Read(block)) > 0)
            {
                plain.Write(block, 0, read);
                if (plain.Length > limit)
                {
                    return (Verdict.TooLarge, default);
                }
            }
            return (null, new ReadOnlySequence<byte>(plain.GetBuffer(), 0, (int)plain.Length));
        }
        catch (InvalidDataException)
        {
            return (Verdict.Malformed, default);
        }
    }

    /// <summary>The protobuf parser of the method's request type (generated code has a static Parser), or null.</summary>
    private MessageParser? ParserOf(IMethod method) => _parsers.GetOrAdd(method, static method =>
        method.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(Method<,>)
            ? type.GetGenericArguments()[0].GetProperty("Parser", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as MessageParser
            : null);

    /// <summary>
    /// Whether the path has the route's literal segments in the route's own letter case, and no more segments (routing
    /// matches literals in any case and forgives a trailing slash).
    /// </summary>
    private static bool SpelledExactly(string path, RoutePattern pattern)
    {
        var segments = path.Split('/');
        if (segments.Length != pattern.PathSegments.Count + 1 || segments[0].Length != 0)
        {
            return false;
        }
        return pattern.PathSegments.Select((segment, i) => (segment.Parts, Text: segments[i + 1])).All(pair => pair.Parts is [RoutePatternLiteralPart only]
            ? string.Equals(pair.Text, only.Content, StringComparison.Ordinal)
            : pair.Parts.OfType<RoutePatternLiteralPart>().All(literal => pair.Text.Contains(literal.Content, StringComparison.Ordinal)));
    }

    /// <summary>What an unknown REST path gets: 404 with a google.rpc.Status body, as JSON transcoding answers errors.</summary>
    private static Task AnswerRestAsync(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status404NotFound;
        response.ContentType = "application/json; charset=utf-8";
        return response.WriteAsync(JsonFormatter.Default.Format(new Google.Rpc.Status { Code = (int)StatusCode.NotFound, Message = "No operation has exactly this path." }));
    }

    /// <summary>A trailers-only answer: the status in the headers of a response without a body, as gRPC allows.</summary>
    private static void Answer(HttpResponse response, StatusCode code, string message)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)code).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = message;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused a call to {Path}: no method has exactly this path")]
    private static partial void LogUnknownMethod(ILogger logger, string path);
}
