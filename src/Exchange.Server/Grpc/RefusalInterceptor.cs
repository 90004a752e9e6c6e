using Exchange.Core.Batches;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Exchange.Server.Grpc;

/// <summary>Turns the domain's refusals into statuses with rich details, in the caller's language.</summary>
public sealed class RefusalInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (IntakeRefusal refusal)
        {
            throw RpcErrors.From(refusal, CallLanguage.Of(context));
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (IntakeRefusal refusal)
        {
            throw RpcErrors.From(refusal, CallLanguage.Of(context));
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (IntakeRefusal refusal)
        {
            throw RpcErrors.From(refusal, CallLanguage.Of(context));
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (IntakeRefusal refusal)
        {
            throw RpcErrors.From(refusal, CallLanguage.Of(context));
        }
    }
}
