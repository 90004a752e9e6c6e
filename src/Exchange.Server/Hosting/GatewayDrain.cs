using System.Globalization;
using Exchange.Core.Batches;
using Exchange.Core.Validation;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Hosting;

/// <summary>
/// The drain on shutdown (SIGTERM): from the first moment health answers NOT_SERVING (LedgerHealthCheck) and no new
/// submission or sync starts; each open stream finishes the chunk in flight and is then ended with UNAVAILABLE
/// DRAINING, its committed offset and a retry hint (StreamIdleLimit). The host stops its listener only after every
/// such stream's status has been sent (and StatusLinger more), or after DrainSeconds, so health keeps answering while
/// old streams are still served.
/// </summary>
public sealed class GatewayDrain(IHostApplicationLifetime lifetime, IOptions<GatewayOptions> options, TimeProvider clock,
    ILogger<GatewayDrain> logger) : IHostedLifecycleService
{
    /// <summary>A client told to come back is told when: soon, at this gateway once it is up again or at another replica.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the listener stays open after the last drained stream's status was sent. A client whose own request
    /// stream is still open (grpc-dotnet's, for one) loses a status it has received but not read yet when the connection
    /// closes under it, and reports INTERNAL instead of UNAVAILABLE DRAINING. Wall-clock time on purpose: it is the
    /// network's and the client's time to take delivery, not a time of the calendar.
    /// </summary>
    public static readonly TimeSpan StatusLinger = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private int _open;
    private TaskCompletionSource? _allEnded;

    public bool IsDraining => lifetime.ApplicationStopping.IsCancellationRequested;

    /// <summary>The refusal a stream or a new submission gets while the gateway drains.</summary>
    public static IntakeRefusal Refusal(long? committedOffset = null) => new(RefusalKind.Unavailable, ViolationCodes.Draining, null, [],
        committedOffset is { } offset
            ? new Dictionary<string, string> { ["committed_offset"] = offset.ToString(CultureInfo.InvariantCulture) }
            : null,
        RetryAfter);

    /// <summary>
    /// Counts a stream that stores records (a submission, a registry sync) until its response, the status last, has been
    /// sent: the handler returning is not enough, as the status is written after the call's interceptors (the audit
    /// among them) have run. Refused while draining, so no new one starts.
    /// </summary>
    public void Track(ServerCallContext call)
    {
        lock (_lock)
        {
            if (IsDraining)
            {
                throw Refusal();
            }
            _open++;
        }
        call.GetHttpContext().Response.OnCompleted(() =>
        {
            End();
            return Task.CompletedTask;
        });
    }

    private void End()
    {
        lock (_lock)
        {
            if (--_open == 0)
            {
                _allEnded?.TrySetResult();
            }
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The host calls this before it stops any service, the web server (which closes the listener) among them: the
    /// drain runs while everything still serves.
    /// </summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        // SIGTERM signals ApplicationStopping before this runs; a stop asked for in code (StopAsync) signals it only
        // after: signalled here too, so the streams are told and health answers NOT_SERVING either way.
        lifetime.StopApplication();
        Task allEnded;
        lock (_lock)
        {
            if (_open == 0)
            {
                return;
            }
            _allEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            allEnded = _allEnded.Task;
        }
        var limit = TimeSpan.FromSeconds(options.Value.DrainSeconds);
        logger.LogInformation("Draining: {Streams} open streams are ended after their chunk in flight, for at most {Seconds} s", _open, limit.TotalSeconds);
        try
        {
            await allEnded.WaitAsync(limit, clock, cancellationToken);
            logger.LogInformation("Drained: every open stream has ended and its status has been sent");
            await Task.Delay(StatusLinger, TimeProvider.System, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            logger.LogWarning("The drain ended with {Streams} streams still open: the host's shutdown ends them", _open);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
