using Exchange.Core.Batches;
using Exchange.Server.Security;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Exchange.Server.Hosting;

/// <summary>
/// Healthy while the ledger's database answers and takes writes, the audit entries kept during a fault leave room for
/// the next call's, and the gateway is not shutting down. Runs on every health request, so the answer is current rather
/// than the last periodic sample; whether writes succeed is what the calls and the storage probe last found
/// (<see cref="StorageHealth"/>), since a health request must not write.
/// </summary>
public sealed class LedgerHealthCheck(IBatchLedger ledger, StorageHealth storage, AuditRecorder audit, IHostApplicationLifetime lifetime)
    : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The gateway is draining.");
        }
        if (storage.Fault is { } fault)
        {
            return HealthCheckResult.Unhealthy($"The ledger database cannot be written ({fault}).");
        }
        if (audit.IsFull)
        {
            return HealthCheckResult.Unhealthy("The audit entries kept during a storage fault are still being written: calls are refused until then.");
        }
        return await ledger.IsReachableAsync(cancellationToken)
            ? HealthCheckResult.Healthy("The ledger database answers.")
            : HealthCheckResult.Unhealthy("The ledger database does not answer.");
    }
}
