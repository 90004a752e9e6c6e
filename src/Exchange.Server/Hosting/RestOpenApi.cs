using System.Text.Json;
using System.Text.Json.Nodes;
using HttpRule = Google.Api.HttpRule;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;

namespace Exchange.Server.Hosting;

/// <summary>
/// The OpenAPI 3.0 document of the REST face, made from the transcoded endpoints the gateway serves (each one's
/// google.api.http rule and message descriptors), so it cannot list an operation that is not served or miss one that is.
/// Schemas follow the proto3 JSON mapping JSON transcoding speaks: lowerCamel names, 64-bit integers as strings, enums by
/// name. It describes the API, never data, and is served without credentials (docs/rest.md).
/// </summary>
public static class RestOpenApi
{
    public const string DocumentPath = "/openapi/v1.json";

    private const string ApiKeyScheme = "apiKey";
    private const string StatusSchema = "google.rpc.Status";
    private const string SchemaPrefix = "#/components/schemas/";

    public static IEndpointRouteBuilder MapRestOpenApi(this IEndpointRouteBuilder routes)
    {
        // Built on first request, once every transcoded endpoint is known; the same bytes for every later one.
        var document = new Lazy<byte[]>(() => Build(routes.DataSources.SelectMany(source => source.Endpoints), ProtoComments.Load()));
        routes.MapGet(DocumentPath, () => Results.Bytes(document.Value, "application/json"));
        return routes;
    }

    /// <param name="comments">What the protos say of each operation, message and field: the descriptions.</param>
    public static byte[] Build(IEnumerable<Endpoint> endpoints, ProtoComments comments)
    {
        ArgumentNullException.ThrowIfNull(comments);
        var schemas = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal) { [StatusSchema] = Status() };
        var paths = new JsonObject();
        var operations = endpoints.Select(endpoint => endpoint.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>())
            .OfType<GrpcJsonTranscodingMetadata>()
            .OrderBy(operation => operation.MethodDescriptor.FullName, StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            var (verb, template) = VerbAndTemplate(operation.HttpRule);
            if (paths[template] is not JsonObject item)
            {
                paths[template] = item = new JsonObject();
            }
            item[verb] = Operation(operation.MethodDescriptor, operation.HttpRule, template, schemas, comments);
        }
        var document = new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "Exchange: BPJS Ketenagakerjaan and Pemkot Bogor worker data exchange",
                ["version"] = "v1",
                ["description"] = "The REST/JSON face of the gateway's gRPC API (JSON transcoding). Every operation needs an API key " +
                    "in x-api-key or a client certificate (mutual TLS), and is authorized, limited and audited as its gRPC method is. " +
                    "Errors are google.rpc.Status objects. A server-streaming operation answers its messages as they come, each one JSON object on a line of its own.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject(schemas.Select(schema => KeyValuePair.Create(schema.Key, (JsonNode?)schema.Value))),
                ["securitySchemes"] = new JsonObject
                {
                    [ApiKeyScheme] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "x-api-key" },
                },
            },
            ["security"] = new JsonArray(new JsonObject { [ApiKeyScheme] = new JsonArray() }),
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The HTTP method (lower case, as OpenAPI keys them) and path template of a rule.</summary>
    public static (string Verb, string Template) VerbAndTemplate(HttpRule rule) => rule.PatternCase switch
    {
        HttpRule.PatternOneofCase.Get => ("get", rule.Get),
        HttpRule.PatternOneofCase.Post => ("post", rule.Post),
        HttpRule.PatternOneofCase.Put => ("put", rule.Put),
        HttpRule.PatternOneofCase.Delete => ("delete", rule.Delete),
        HttpRule.PatternOneofCase.Patch => ("patch", rule.Patch),
        HttpRule.PatternOneofCase.Custom => (rule.Custom.Kind.ToLowerInvariant(), rule.Custom.Path),
        _ => throw new InvalidOperationException("An http rule without a pattern."),
    };

    private static JsonObject Operation(MethodDescriptor method, HttpRule rule, string template, IDictionary<string, JsonNode> schemas,
        ProtoComments comments)
    {
        var input = method.InputType;
        var inPath = PathVariables(template);
        var parameters = new JsonArray();
        foreach (var name in inPath)
        {
            var field = input.FindFieldByName(name)
                ?? throw new InvalidOperationException($"{method.FullName}: the path names {name}, which {input.Name} does not have.");
            parameters.Add(Described(new JsonObject { ["name"] = name, ["in"] = "path", ["required"] = true, ["schema"] = FieldSchema(field, schemas, comments) },
                comments.Of(field)));
        }
        var operation = new JsonObject
        {
            ["operationId"] = $"{method.Service.Name}_{method.Name}",
            ["tags"] = new JsonArray(method.Service.Name),
            ["summary"] = $"{method.Service.FullName}/{method.Name}",
        };
        Described(operation, comments.Of(method));
        var rest = input.Fields.InDeclarationOrder().Where(field => !inPath.Contains(field.Name)).ToList();
        if (rule.Body == "*")
        {
            operation["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = ObjectSchema(rest, schemas, comments) } },
            };
        }
        else
        {
            // Without a body every other field is a query parameter; messages inside the request are not (none are needed).
            foreach (var field in rest.Where(field => field.FieldType != FieldType.Message))
            {
                parameters.Add(Described(new JsonObject { ["name"] = field.JsonName, ["in"] = "query", ["schema"] = FieldSchema(field, schemas, comments) },
                    comments.Of(field)));
            }
        }
        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }
        var output = Reference(method.OutputType, schemas, comments);
        operation["responses"] = new JsonObject
        {
            ["200"] = new JsonObject
            {
                ["description"] = method.IsServerStreaming
                    ? $"A stream of {method.OutputType.Name} messages, each one JSON object on a line of its own (newline-delimited JSON)"
                    : method.OutputType.Name,
                ["content"] = new JsonObject
                {
                    ["application/json"] = new JsonObject
                    {
                        ["schema"] = output,
                    },
                },
            },
            ["default"] = new JsonObject
            {
                ["description"] = "An error: 400 invalid argument, 401 not authenticated, 403 not allowed, 404 not found, 429 a limit, 503 unavailable",
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref(StatusSchema) } },
            },
        };
        return operation;
    }

    /// <summary>The variables of a path template: /v1/batches/{batch_id}/results names batch_id.</summary>
    private static HashSet<string> PathVariables(string template)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var start = template.IndexOf('{', StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = template.IndexOf('}', start);
            var variable = template[(start + 1)..end];
            names.Add(variable.Split('=')[0]);
            start = template.IndexOf('{', end);
        }
        return names;
    }

    private static JsonObject ObjectSchema(IEnumerable<FieldDescriptor> fields, IDictionary<string, JsonNode> schemas, ProtoComments comments) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject(fields.Select(field =>
            KeyValuePair.Create(field.JsonName, (JsonNode?)Property(field, schemas, comments)))),
    };

    // A reference cannot carry a description of its own in OpenAPI 3.0: the field's goes beside it in an allOf.
    private static JsonObject Property(FieldDescriptor field, IDictionary<string, JsonNode> schemas, ProtoComments comments)
    {
        var schema = FieldSchema(field, schemas, comments);
        if (comments.Of(field) is not { } description)
        {
            return schema;
        }
        return schema.ContainsKey("$ref")
            ? new JsonObject { ["allOf"] = new JsonArray(schema), ["description"] = description }
            : Described(schema, description);
    }

    private static JsonObject Described(JsonObject node, string? description)
    {
        if (description is not null)
        {
            node["description"] = description;
        }
        return node;
    }

    private static JsonObject FieldSchema(FieldDescriptor field, IDictionary<string, JsonNode> schemas, ProtoComments comments)
    {
        if (field.IsMap)
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = FieldSchema(field.MessageType.FindFieldByNumber(2), schemas, comments) };
        }
        JsonObject single = field.FieldType switch
        {
            FieldType.Message or FieldType.Group => Reference(field.MessageType, schemas, comments),
            FieldType.Enum => Reference(field.EnumType, schemas, comments),
            FieldType.Bool => Scalar("boolean"),
            FieldType.String => Scalar("string"),
            FieldType.Bytes => Scalar("string", "byte"),
            FieldType.Double => Scalar("number", "double"),
            FieldType.Float => Scalar("number", "float"),
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => Scalar("integer", "int32"),
            FieldType.UInt32 or FieldType.Fixed32 => Scalar("integer", "int64"),
            // proto3 JSON writes 64-bit integers as strings: JavaScript's numbers cannot hold them all.
            _ => Scalar("string", "int64"),
        };
        return field.IsRepeated ? new JsonObject { ["type"] = "array", ["items"] = single } : single;
    }

    private static JsonObject Reference(MessageDescriptor message, IDictionary<string, JsonNode> schemas, ProtoComments comments)
    {
        if (!schemas.ContainsKey(message.FullName))
        {
            // Placed first, so a message that holds itself refers to its own entry instead of recursing.
            schemas[message.FullName] = new JsonObject();
            schemas[message.FullName] = Described(ObjectSchema(message.Fields.InDeclarationOrder(), schemas, comments), comments.Of(message));
        }
        return Ref(message.FullName);
    }

    private static JsonObject Reference(EnumDescriptor enumeration, IDictionary<string, JsonNode> schemas, ProtoComments comments)
    {
        schemas[enumeration.FullName] = Described(new JsonObject
        {
            ["type"] = "string",
            ["enum"] = new JsonArray([.. enumeration.Values.Select(value => (JsonNode?)JsonValue.Create(value.Name))]),
        }, comments.Of(enumeration));
        return Ref(enumeration.FullName);
    }

    private static JsonObject Status() => new()
    {
        ["type"] = "object",
        ["description"] = "google.rpc.Status: the gRPC status code, a readable message, and details such as google.rpc.ErrorInfo (reason, domain, metadata)",
        ["properties"] = new JsonObject
        {
            ["code"] = Scalar("integer", "int32"),
            ["message"] = Scalar("string"),
            ["details"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = true } },
        },
    };

    private static JsonObject Ref(string schema) => new() { ["$ref"] = SchemaPrefix + schema };

    private static JsonObject Scalar(string type, string? format = null) =>
        format is null ? new JsonObject { ["type"] = type } : new JsonObject { ["type"] = type, ["format"] = format };
}
