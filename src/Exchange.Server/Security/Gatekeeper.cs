using Exchange.Core.Audit;
using Exchange.Core.Batches;
using Exchange.Core.Faults;
using Exchange.Core.Validation;
using Exchange.Server.Grpc;
using Exchange.Server.Hosting;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Exchange.Server.Security;

/// <summary>
/// Every call passes here first: who is calling (authentication), may they (the permission table, deny
/// by default), are they within their stream limit, and afterwards one audit entry per call to the
/// gateway's own services: who, which call, which batch, how many records, what outcome, when. Calls
/// without an authenticated caller are limited and counted per source instead (<see cref="RefusedCalls"/>).
/// A storage fault (disk full, read-only database) ends any call here as UNAVAILABLE with a retry hint, never UNKNOWN.
/// </summary>
public sealed class Gatekeeper(
    CallerAuthenticator authenticator,
    CallerLimits limits,
    AuditRecorder audit,
    RefusedCalls refusedCalls,
    IStorageFaults faults,
    StorageHealth storage,
    TimeProvider clock) : Interceptor
{
    private const string OwnServices = "/jamsostek.exchange.";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation) =>
        GuardAsync(context, streaming: false, () => continuation(request, context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        GuardAsync(context, streaming: true, async () =>
        {
            await continuation(request, responseStream, context);
            return true;
        });

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        GuardAsync(context, streaming: true, () => continuation(requestStream, context));

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        GuardAsync(context, streaming: true, async () =>
        {
            await continuation(requestStream, responseStream, context);
            return true;
        });

    private async Task<T> GuardAsync<T>(ServerCallContext context, bool streaming, Func<Task<T>> call)
    {
        var method = context.Method;
        if (Permissions.Anonymous.Contains(method))
        {
            return GrpcBoundary.HasMalformedRequest(context) ? throw RpcErrors.From(Malformed(context), CallLanguage.Of(context)) : await call();
        }
        var language = CallLanguage.Of(context);
        Caller? caller = null;
        var outcome = StatusCode.OK;
        try
        {
            caller = authenticator.Authenticate(context)
                ?? throw new IntakeRefusal(RefusalKind.Unauthenticated, ViolationCodes.CredentialsMissing, null, []);
            if (!Permissions.Allows(method, caller.Role))
            {
                throw new IntakeRefusal(RefusalKind.PermissionDenied, ViolationCodes.RoleNotAllowed, null, [caller.Role.ToString()]);
            }
            // A request message that did not parse was replaced by an empty one (GrpcBoundary): refused once the caller is known.
            if (GrpcBoundary.HasMalformedRequest(context))
            {
                throw Malformed(context);
            }
            if (method.StartsWith(OwnServices, StringComparison.Ordinal) && audit.IsFull)
            {
                // No room left for this call's entry: refused, rather than served without a record.
                throw storage.Unavailable(storage.Fault ?? "the audit entries kept during a fault are still being written", null);
            }
            if (storage.Fault is { } fault && StorageHealth.Writers.Contains(method))
            {
                throw storage.Unavailable(fault, null);
            }
            context.UserState[typeof(Caller)] = caller;
            using var stream = streaming ? limits.OpenStream(caller) : null;
            return await call();
        }
        catch (IntakeRefusal refusal)
        {
            var error = RpcErrors.From(caller is null && refusal.Kind == RefusalKind.Unauthenticated ? refusedCalls.Limit(context, refusal) : refusal,
                language);
            outcome = error.StatusCode;
            throw error;
        }
        catch (InvalidProtocolBufferException)
        {
            // A streamed message that does not parse is the caller's mistake, not the gateway's.
            var error = RpcErrors.From(Malformed(), language);
            outcome = error.StatusCode;
            throw error;
        }
        catch (RpcException error)
        {
            outcome = error.StatusCode;
            throw;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            outcome = StatusCode.Cancelled;
            throw;
        }
        catch (Exception exception) when (faults.IsFault(exception, out var reason))
        {
            // Nothing the failed step would have stored is stored: the same call later, or from the committed offset, succeeds.
            storage.Failed(reason, exception);
            var error = RpcErrors.From(storage.Unavailable(reason, context.CommittedOffset()), language);
            outcome = error.StatusCode;
            throw error;
        }
        catch
        {
            outcome = StatusCode.Internal;
            throw;
        }
        finally
        {
            if (caller is null)
            {
                // Counted per source, not recorded one by one: a flood of such calls cannot grow the trail call by call.
                refusedCalls.Count(context, StatusName(outcome));
            }
            else if (method.StartsWith(OwnServices, StringComparison.Ordinal))
            {
                await RecordAsync(context, caller, outcome);
            }
        }
    }

    private Task RecordAsync(ServerCallContext context, Caller? caller, StatusCode outcome)
    {
        var note = context.Audit();
        return audit.RecordAsync(new AuditEvent(clock.GetUtcNow(), caller?.Name ?? "anonymous", caller?.Role.ToString() ?? "none",
            context.Method, note.BatchId is null ? null : PersonalData.Scrub(note.BatchId), note.Records, StatusName(outcome), note.Detail));
    }

    private static IntakeRefusal Malformed() => new(RefusalKind.InvalidArgument, ViolationCodes.MessageMalformed, null, []);

    // A REST request names the part that did not bind; a gRPC message is one whole.
    private static IntakeRefusal Malformed(ServerCallContext context) => GrpcBoundary.UnreadableRestPart(context) is { } part
        ? new(RefusalKind.InvalidArgument, ViolationCodes.RequestMalformed, part, [part])
        : Malformed();

    /// <summary>The status code as gRPC spells it: PERMISSION_DENIED.</summary>
    private static string StatusName(StatusCode code) =>
        string.Concat(code.ToString().Select((c, i) => i > 0 && char.IsUpper(c) && char.IsLower(code.ToString()[i - 1]) ? "_" + c : c.ToString()))
            .ToUpperInvariant();
}
