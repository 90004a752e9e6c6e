using Exchange.Core.Batches;
using Exchange.Server.Grpc;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Exchange.Server.Security;

/// <summary>
/// Health/Watch answers without credentials (load balancers probe it) and stays open, so the gatekeeper has no caller
/// to count it against: its streams are counted per remote address instead (MaxHealthWatchStreamsPerAddress). Behind a
/// proxy every client shares the proxy's address.
/// </summary>
public sealed class AnonymousStreamLimit(CallerLimits limits) : Interceptor
{
    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!Permissions.Anonymous.Contains(context.Method))
        {
            await continuation(request, responseStream, context);
            return;
        }
        IDisposable lease;
        try
        {
            lease = limits.OpenAddressStream(context.GetHttpContext().Connection.RemoteIpAddress);
        }
        catch (IntakeRefusal refusal)
        {
            throw RpcErrors.From(refusal, CallLanguage.Of(context));
        }
        using (lease)
        {
            await continuation(request, responseStream, context);
        }
    }
}
