using System.Globalization;
using Exchange.Core.Batches;
using Exchange.Core.Validation;
using Exchange.Server.Hosting;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Grpc;

/// <summary>
/// How long a stream waits on its client, by the gateway's clock (StreamIdleSeconds): for the next message, and for an
/// answer to be taken. A client that goes quiet or stops reading would otherwise hold a stream slot, its buffers and,
/// for a reader of stored results, a read of the ledger that keeps SQLite's WAL from being checkpointed, for ever.
/// </summary>
public sealed class StreamIdleLimit(IOptions<GatewayOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime,
    ILogger<StreamIdleLimit> logger)
{
    /// <summary>
    /// The next client message, or false at the end; a client silent for too long is refused with <paramref name="idleCode"/>.
    /// When the gateway starts draining, a stream waiting here (every chunk before it answered and durable) ends at
    /// once with UNAVAILABLE DRAINING, <paramref name="committedOffset"/> when it has one, and a retry hint, instead of
    /// being served until the host's timeout cuts it.
    /// </summary>
    public async Task<bool> NextAsync<T>(IAsyncStreamReader<T> requestStream, string idleCode, CancellationToken cancellationToken,
        long? committedOffset = null)
    {
        var idle = Idle;
        using var idleTimer = new CancellationTokenSource(idle, clock);
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idleTimer.Token, lifetime.ApplicationStopping);
        try
        {
            return await requestStream.MoveNext(quiet.Token);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw GatewayDrain.Refusal(committedOffset);
        }
        catch (OperationCanceledException) when (idleTimer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Refusal(idleCode, idle);
        }
    }

    /// <summary>
    /// Writes <paramref name="message"/>. A client that does not take it in time ends the call: cancelling the write
    /// resets the HTTP/2 stream (the reader sees CANCELLED, nothing else can reach it), and the call's audit entry says
    /// RESOURCE_EXHAUSTED with STREAM_NOT_READ.
    /// </summary>
    public async Task WriteAsync<T>(IServerStreamWriter<T> responseStream, T message, CancellationToken cancellationToken)
    {
        var idle = Idle;
        using var idleTimer = new CancellationTokenSource(idle, clock);
        using var stalled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idleTimer.Token);
        try
        {
            await responseStream.WriteAsync(message, stalled.Token);
        }
        // The reset cancels the call's own token too, so only the timer tells a stalled reader from a client that left.
        catch (OperationCanceledException) when (idleTimer.IsCancellationRequested)
        {
            logger.LogWarning("A client did not read its answers for {Seconds} seconds: the stream was ended", (int)idle.TotalSeconds);
            throw Refusal(ViolationCodes.StreamNotRead, idle);
        }
    }

    private TimeSpan Idle => TimeSpan.FromSeconds(options.Value.StreamIdleSeconds);

    private static IntakeRefusal Refusal(string code, TimeSpan idle) =>
        new(RefusalKind.ResourceExhausted, code, null, [((int)idle.TotalSeconds).ToString(CultureInfo.InvariantCulture)]);
}
