using Exchange.Core.Coverage;
using Exchange.Core.Faults;
using Exchange.Core.Time;

namespace Exchange.Server.Hosting;

/// <summary>
/// Appends the projection's pending entries to the <see cref="IOutcomeLog"/> as they come, one
/// transaction for all waiting, and sweeps the projection at each new day in Asia/Jakarta so the
/// calendar's changes are logged too. Watchers wait on <see cref="WaitForAppendAsync"/>. A storage
/// fault keeps the entries for the next try; what a crash loses, the next start logs again
/// (<see cref="KnownWorkers.LoadAsync"/>).
/// </summary>
public sealed partial class OutcomeLogWriter(KnownWorkers knownWorkers, IOutcomeLog log, IStorageFaults faults, TimeProvider clock,
    ILogger<OutcomeLogWriter> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfterFault = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _pending = new(0);
    private TaskCompletionSource _appended = NewSignal();
    private DateOnly _swept;

    /// <summary>Completes at the next append (or when <paramref name="cancellationToken"/> is cancelled).</summary>
    public Task WaitForAppendAsync(CancellationToken cancellationToken) => Volatile.Read(ref _appended).Task.WaitAsync(cancellationToken);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _swept = Wib.Today(clock);
        knownWorkers.EntriesPending += Wake;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        knownWorkers.EntriesPending -= Wake;
        await base.StopAsync(cancellationToken);
        // The last entries, after the drain ended the streams that made them.
        await FlushAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // The day is looked at before each wait, so a day that turned while entries were being written counts too.
            if (Wib.Today(clock) is var day && day != _swept)
            {
                _swept = day;
                LogSwept(logger, knownWorkers.Sweep(day), day);
            }
            // The start's entries too (a day or a registry that changed while the gateway was down).
            if (!await FlushAsync(stoppingToken))
            {
                try
                {
                    await Task.Delay(RetryAfterFault, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }
            var midnight = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), Wib.Offset);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            await Task.WhenAny(_pending.WaitAsync(wait.Token), Task.Delay(midnight - clock.GetUtcNow() is { Ticks: > 0 } left ? left : TimeSpan.Zero, clock, wait.Token));
            await wait.CancelAsync();
        }
    }

    private void Wake()
    {
        if (_pending.CurrentCount == 0)
        {
            _pending.Release();
        }
    }

    // False when storage refused: the entries are back in the projection's queue.
    private async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        var entries = knownWorkers.TakePending();
        if (entries.Count == 0)
        {
            return true;
        }
        try
        {
            await log.AppendAsync(entries, cancellationToken);
        }
        catch (Exception exception) when (faults.IsFault(exception, out var reason))
        {
            knownWorkers.ReturnPending(entries);
            LogKept(logger, entries.Count, reason);
            return false;
        }
        catch (OperationCanceledException)
        {
            knownWorkers.ReturnPending(entries);
            throw;
        }
        Interlocked.Exchange(ref _appended, NewSignal()).TrySetResult();
        return true;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Information, Message = "New day {Day}: {Entries} workers' standing moved with the calendar")]
    private static partial void LogSwept(ILogger logger, int entries, DateOnly day);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outcome log took none of {Entries} entries ({Reason}); they are kept for the next try")]
    private static partial void LogKept(ILogger logger, int entries, string reason);
}
