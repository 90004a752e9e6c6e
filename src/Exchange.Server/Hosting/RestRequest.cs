using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;

namespace Exchange.Server.Hosting;

/// <summary>
/// What <see cref="GrpcBoundary"/> does for a REST call's request. JSON transcoding binds the body, the path's variables and
/// the query to the request message before any interceptor runs, so a request that does not bind was answered 400 before
/// the caller was authenticated and was never audited. Here the request is read first: a part that cannot be the field it
/// names (a body that is not JSON of the message, a number that is no number, an enum value the contract lacks) marks the
/// call, and the request is replaced by one that binds to an empty message, for the gatekeeper to refuse as
/// REQUEST_MALFORMED once it knows the caller, audited like every other refusal. The check only ever finds fault where
/// transcoding would; what it does not know (unknown query names, booleans, nested messages) it leaves to transcoding.
/// </summary>
internal static class RestRequest
{
    /// <summary>The part named for a body that does not parse.</summary>
    public const string Body = "body";

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    /// <summary>The first part of the request that cannot bind (<see cref="Body"/> or a field's path), or null.</summary>
    public static async Task<string?> UnreadablePartAsync(HttpContext context, GrpcJsonTranscodingMetadata operation, int limit)
    {
        var request = operation.MethodDescriptor.InputType;
        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is string text && Field(request, name) is var (field, path) && !Binds(field, text))
            {
                return path;
            }
        }
        foreach (var (name, values) in context.Request.Query)
        {
            if (Field(request, name) is var (field, path) && values.Any(value => value is not null && !Binds(field, value)))
            {
                return path;
            }
        }
        return operation.HttpRule.Body.Length > 0 && !await BodyParsesAsync(context.Request, request, operation.HttpRule.Body, limit) ? Body : null;
    }

    /// <summary>Makes the request bind to an empty message: no body, no query, zero for each number or enum in the path.</summary>
    public static void Neutralise(HttpContext context, GrpcJsonTranscodingMetadata operation)
    {
        var request = operation.MethodDescriptor.InputType;
        foreach (var name in context.Request.RouteValues.Keys.ToList())
        {
            if (Field(request, name) is ({ FieldType: not (FieldType.String or FieldType.Bytes) }, _))
            {
                context.Request.RouteValues[name] = "0";
            }
        }
        context.Request.QueryString = QueryString.Empty;
        context.Request.Query = QueryCollection.Empty;
        if (operation.HttpRule.Body.Length > 0)
        {
            var empty = "{}"u8.ToArray();
            context.Request.Body = new MemoryStream(empty, writable: false);
            context.Request.ContentLength = empty.Length;
            context.Request.ContentType = "application/json";
        }
    }

    private static async Task<bool> BodyParsesAsync(HttpRequest request, MessageDescriptor message, string bodyField, int limit)
    {
        // Only JSON is judged: another content type, or a body over the message limit, is transcoding's to refuse.
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase)
            || request.ContentLength > limit)
        {
            return true;
        }
        request.EnableBuffering();
        using var buffer = new MemoryStream();
        var block = new byte[16384];
        int read;
        while ((read = await request.Body.ReadAsync(block, request.HttpContext.RequestAborted)) > 0)
        {
            buffer.Write(block, 0, read);
            if (buffer.Length > limit)
            {
                request.Body.Position = 0;
                return true;
            }
        }
        request.Body.Position = 0;
        if (buffer.Length == 0)
        {
            return true;
        }
        var target = bodyField == "*" ? message : message.FindFieldByName(bodyField)?.MessageType;
        if (target is null)
        {
            return true;
        }
        try
        {
            Parser.Parse(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length), target);
            return true;
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>
    /// The scalar or enum field a path (proto or JSON names, dotted) names, with that path in the contract's own field
    /// names (the client's spelling is never echoed); null when it names none or a message.
    /// </summary>
    private static (FieldDescriptor Field, string Path)? Field(MessageDescriptor message, string path)
    {
        FieldDescriptor? field = null;
        var names = new List<string>();
        foreach (var part in path.Split('.'))
        {
            if (field is not null)
            {
                if (field.FieldType != FieldType.Message)
                {
                    return null;
                }
                message = field.MessageType;
            }
            field = message.FindFieldByName(part) ?? message.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == part);
            if (field is null)
            {
                return null;
            }
            names.Add(field.Name);
        }
        return field is { FieldType: not FieldType.Message and not FieldType.Group } ? (field, string.Join('.', names)) : null;
    }

    // Generous on purpose: only what no reading can take as the field's type is judged here (a number that is no number
    // at all, an enum name the contract lacks in any letter case); the finer points, an empty value too, stay transcoding's.
    private static bool Binds(FieldDescriptor field, string text) => string.IsNullOrWhiteSpace(text) || field.FieldType switch
    {
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 or FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64
            or FieldType.UInt32 or FieldType.Fixed32 or FieldType.UInt64 or FieldType.Fixed64 or FieldType.Float or FieldType.Double
            => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        FieldType.Enum => field.EnumType.Values.Any(value => string.Equals(value.Name, text.Trim(), StringComparison.OrdinalIgnoreCase))
            || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        _ => true,
    };
}
