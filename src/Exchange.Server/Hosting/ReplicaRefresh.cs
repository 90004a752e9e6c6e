using Exchange.Core.Registry;
using Exchange.Core.Reviews;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Hosting;

/// <summary>
/// Replicas share one database but each matches against the registry and the review decisions it holds in memory: every
/// ReplicaRefreshSeconds (by the gateway's clock) it looks whether a sync or a decision made through another replica
/// changed them, and serves the stored ones. A change reaches every replica's matching within that period plus the
/// time to load the registry.
/// </summary>
public sealed class ReplicaRefresh(ParticipantRegistry registry, ReviewDesk reviews, IOptions<GatewayOptions> options, TimeProvider clock,
    ILogger<ReplicaRefresh> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.ReplicaRefreshSeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (await registry.RefreshAsync(stoppingToken))
                {
                    logger.LogInformation("Registry version {Version}, synced through another replica, is now served", registry.Version);
                }
                await reviews.RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next tick tries again; a database fault shows in health and in the calls themselves.
                logger.LogWarning(e, "Could not look for registry syncs and review decisions of other replicas");
            }
        }
    }
}
