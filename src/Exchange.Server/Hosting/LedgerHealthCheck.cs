using Exchange.Core.Batches;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Exchange.Server.Hosting;

/// <summary>
/// Healthy while the ledger's database answers and the gateway is not shutting down. Runs on every
/// health request, so the answer is current rather than the last periodic sample.
/// </summary>
public sealed class LedgerHealthCheck(IBatchLedger ledger, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The gateway is draining.");
        }
        return await ledger.IsReachableAsync(cancellationToken)
            ? HealthCheckResult.Healthy("The ledger database answers.")
            : HealthCheckResult.Unhealthy("The ledger database does not answer.");
    }
}
