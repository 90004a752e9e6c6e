using Exchange.Core.Faults;
using Exchange.Server.Security;

namespace Exchange.Server.Hosting;

/// <summary>
/// Finds out when the database takes writes again: at start (a gateway started on a full disk says NOT_SERVING before
/// its first call fails), then every StorageProbeSeconds by the gateway's clock while <see cref="StorageHealth"/> is
/// failing, one small real write (<see cref="IStorageProbe"/>). The first that succeeds marks storage writable and
/// appends the audit entries kept meanwhile. While writes succeed it writes nothing.
/// </summary>
public sealed partial class StorageProbe(IStorageProbe probe, IStorageFaults faults, StorageHealth health, AuditRecorder audit,
    TimeProvider clock, ILogger<StorageProbe> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _timer;
    private int _probing;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ProbeAsync();
        _timer = clock.CreateTimer(_ => _ = TickAsync(), null, health.RetryAfter, health.RetryAfter);
    }

    private async Task TickAsync()
    {
        // A probe waiting on another writer's lock is still running: the next tick does not queue behind it.
        if (Interlocked.Exchange(ref _probing, 1) == 1)
        {
            return;
        }
        try
        {
            if (health.Fault is not null || audit.HasKept)
            {
                await ProbeAsync();
            }
        }
        finally
        {
            Volatile.Write(ref _probing, 0);
        }
    }

    private async Task ProbeAsync()
    {
        try
        {
            await probe.WriteAsync(_stopping.Token);
        }
        catch (Exception exception) when (faults.IsFault(exception, out var reason))
        {
            health.Failed(reason);
            return;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception)
        {
            // Not a fault that passes (a damaged file): loud, and health is left as the calls find it.
            LogProbeFailed(logger, exception);
            return;
        }
        health.Writable();
        await audit.FlushAsync();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The storage probe's write failed")]
    private static partial void LogProbeFailed(ILogger logger, Exception exception);
}
