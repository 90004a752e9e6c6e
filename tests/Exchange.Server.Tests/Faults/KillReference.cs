using System.Diagnostics;
using System.Globalization;

namespace Exchange.Server.Tests.Faults;

/// <summary>The fault-free run's stored batch, and the line that describes the run.</summary>
public sealed record FaultFreeRun(StoredBatch Batch, string Summary);

/// <summary>
/// The kill tests' workload and its fault-free run, made once for their collection: the run starts with the first test
/// that asks and goes on beside that test's kills (a gateway waiting for its restarts leaves a core free), and every
/// later test compares with the same results, whatever its storage engine.
/// </summary>
public sealed class KillReference
{
    public const int Seed = 20_251_201;

    /// <summary>The variable that sets <see cref="Records"/>: fewer for a quicker run.</summary>
    private const string RecordsVariable = "EXCHANGE_KILL_RECORDS";

    /// <summary>
    /// Records in the submission: 200,000, the size the kill test is asked to hold at; <c>EXCHANGE_KILL_RECORDS=50000</c>
    /// for a run about half as long (the 20 restarts cost more than the records).
    /// </summary>
    public static int Records { get; } =
        int.TryParse(Environment.GetEnvironmentVariable(RecordsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var records) && records > 0
            ? records
            : 200_000;

    private readonly Lazy<KillWorkload> _workload = new(() => KillWorkload.Create(Seed, Records));
    private readonly Lock _lock = new();
    private Task<FaultFreeRun>? _run;

    public KillWorkload Workload => _workload.Value;

    /// <summary>
    /// The fault-free run, started by the first caller on a fresh SQLite gateway nobody kills. It writes to no test's
    /// output: it may outlive the test that started it, when that one fails early.
    /// </summary>
    public Task<FaultFreeRun> FaultFreeAsync(ServerBuildCopy server)
    {
        lock (_lock)
        {
            return _run ??= RunAsync(server);
        }
    }

    private async Task<FaultFreeRun> RunAsync(ServerBuildCopy server)
    {
        var elapsed = Stopwatch.StartNew();
        using var data = new TempDirectory("exchange-kill-reference-");
        await using var gateway = new KillableGateway(server, "fault-free", data.Path, KillRun.Settings);
        StoredBatch reference;
        try
        {
            await gateway.StartAsync();
            await KillRun.SyncRegistryAsync(gateway, Workload);
            reference = await KillRun.FaultFreeAsync(gateway, Workload, "fault-free");
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"fault-free run, seed {Seed}: {e}\n--- fault-free gateway:\n{gateway.Output}");
        }
        return new FaultFreeRun(reference, string.Create(CultureInfo.InvariantCulture,
            $"fault-free run, seed {Seed}: {Records} records, {Workload.Registry.Count} participants, {elapsed.Elapsed.TotalSeconds:0.0} s; {reference.Outcomes()}"));
    }
}
