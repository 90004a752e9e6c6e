using Exchange.Core.Batches;
using Exchange.Core.Validation;
using Exchange.Server.Hosting;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Exchange.Server.Grpc;

/// <summary>
/// RPC-level errors with google.rpc details: ErrorInfo carries the stable code and machine-readable
/// facts (such as expected_offset), BadRequest names the field at fault.
/// </summary>
public static class RpcErrors
{
    /// <summary>ErrorInfo domain: the API that raised the error.</summary>
    public const string Domain = "exchange.jamsostek.v1";

    public static RpcException From(IntakeRefusal refusal, Language language)
    {
        var code = refusal.Kind switch
        {
            RefusalKind.InvalidArgument => Code.InvalidArgument,
            RefusalKind.OutOfRange => Code.OutOfRange,
            RefusalKind.FailedPrecondition => Code.FailedPrecondition,
            RefusalKind.NotFound => Code.NotFound,
            RefusalKind.ResourceExhausted => Code.ResourceExhausted,
            RefusalKind.PermissionDenied => Code.PermissionDenied,
            RefusalKind.Unauthenticated => Code.Unauthenticated,
            RefusalKind.Unavailable => Code.Unavailable,
            _ => Code.Internal,
        };
        var message = Messages.Describe(refusal.Code, Echoed(refusal.Arguments), language);
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        var info = new ErrorInfo { Reason = refusal.Code, Domain = Domain };
        foreach (var (key, value) in refusal.Details)
        {
            info.Metadata[key] = value;
        }
        status.Details.Add(Any.Pack(info));
        if (refusal.RetryAfter is { } wait)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(wait) }));
        }
        if (refusal.Field is not null)
        {
            status.Details.Add(Any.Pack(new BadRequest
            {
                FieldViolations = { new BadRequest.Types.FieldViolation { Field = refusal.Field, Description = message } },
            }));
        }
        return status.ToRpcException();
    }

    /// <summary>
    /// Arguments can echo request text, and the message travels on into logs (Grpc.AspNetCore logs every error status with
    /// its detail): NIKs masked, control characters escaped, and trailers kept small whatever the caller sent.
    /// </summary>
    private static List<string> Echoed(IEnumerable<string> arguments) => [.. arguments.Select(argument => Bounded(ClientText.Safe(argument)))];

    private static string Bounded(string argument) => argument.Length <= MaxArgumentLength ? argument : argument[..MaxArgumentLength] + "…";

    private const int MaxArgumentLength = 100;

    /// <summary>INVALID_ARGUMENT for a request whose fields fail validation; <paramref name="prefix"/> locates them (open.).</summary>
    public static RpcException InvalidRequest(IReadOnlyList<Finding> findings, string prefix, Language language)
    {
        var badRequest = new BadRequest();
        foreach (var finding in findings)
        {
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation
            {
                Field = prefix + finding.Field,
                Description = Messages.Describe(finding.Code, Echoed(finding.Arguments), language),
            });
        }
        var first = findings[0];
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = Messages.Describe(first.Code, Echoed(first.Arguments), language),
        };
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = first.Code, Domain = Domain }));
        status.Details.Add(Any.Pack(badRequest));
        return status.ToRpcException();
    }
}
