using System.Diagnostics;
using Exchange.Server.Tests.Infrastructure;
using Google.Rpc;
using Grpc.Core;
using Jamsostek.Exchange.V1;
using Xunit.Abstractions;

namespace Exchange.Server.Tests.Security;

/// <summary>
/// Calls without credentials, thousands of them from one address: each is still refused, UNAUTHENTICATED while the address
/// is within its allowance and RESOURCE_EXHAUSTED with a retry hint beyond it, and the trail grows by one entry per
/// address and minute rather than one per call.
/// </summary>
public sealed class AnonymousFloodTests(ITestOutputHelper output)
{
    private const int FloodWorkers = 4;

    [Fact]
    public async Task Thousands_of_anonymous_calls_add_one_audit_entry_per_source_and_minute_and_are_refused_with_a_retry_hint_once_over_the_rate()
    {
        await using var gateway = await RunningGateway.StartAsync((string?)null, "--Exchange:Security:RefusedCallBurstPerSource=50");
        var before = (await ListAllAsync(gateway)).Count;
        const int minutes = 3, callsPerMinute = 1000;

        for (var minute = 0; minute < minutes; minute++)
        {
            var statuses = await FloodAsync(gateway, callsPerMinute);
            // The clock stands still within the minute: the allowance is the burst, and it refills as the minute passes.
            Assert.Equal(50, statuses.Count(s => s.StatusCode == StatusCode.Unauthenticated));
            Assert.All(statuses.Where(s => s.StatusCode != StatusCode.Unauthenticated), refused =>
            {
                RpcAssert.Refused(refused, StatusCode.ResourceExhausted, "REFUSED_CALLS_EXCEEDED");
                Assert.True(refused.GetRpcStatus()!.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan() > TimeSpan.Zero);
            });
            gateway.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var entries = await ListAllAsync(gateway);
        var anonymous = entries.Where(e => e.Caller == "anonymous").ToList();
        Assert.Equal(minutes, anonymous.Count);
        Assert.All(anonymous, entry =>
        {
            Assert.Equal(("/jamsostek.exchange.v1.SubmissionService/GetBatch", "UNAUTHENTICATED"), (entry.Method, entry.Outcome));
            Assert.StartsWith($"{callsPerMinute} calls without valid credentials from 127.0.0.1, ", entry.Detail);
            Assert.EndsWith(": 950 RESOURCE_EXHAUSTED, 50 UNAUTHENTICATED", entry.Detail);
        });
        // The rest is the test's own listings: the bound does not depend on how many calls the flood made.
        Assert.True(entries.Count - before <= minutes + 2 * 2, $"the trail grew by {entries.Count - before} entries");
    }

    [Fact]
    public async Task A_refused_call_still_counted_when_the_gateway_stops_before_its_minute_ends()
    {
        using var data = new TempDirectory("exchange-flood-");
        await using (var gateway = await RunningGateway.StartAsync(data.Path))
        {
            await FloodAsync(gateway, 10);
        }
        await using var restarted = await RunningGateway.StartAsync(data.Path);

        var anonymous = Assert.Single(await ListAllAsync(restarted), e => e.Caller == "anonymous");
        Assert.StartsWith("10 calls without valid credentials from 127.0.0.1", anonymous.Detail);
    }

    /// <summary>
    /// Not a timed assertion: prints the median latency of a legitimate call before and during a flood of anonymous calls,
    /// and their ratio (about 65x before anonymous calls were counted instead of each appended to the trail).
    /// </summary>
    [Fact]
    public async Task Report_legitimate_call_latency_during_an_anonymous_flood()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using (var stream = await SubmitStream.OpenAsync(gateway.Submission, "legit"))
        {
            await stream.SendAsync(0, Workers.ValidMany(1));
        }
        var quiet = await LegitLatenciesAsync(gateway, 200, CancellationToken.None);

        using var stop = new CancellationTokenSource();
        var flood = FloodAsync(gateway, 20_000, stop.Token);
        var loud = await LegitLatenciesAsync(gateway, 200, CancellationToken.None);
        await stop.CancelAsync();
        var refused = (await flood).Count;
        gateway.Clock.Advance(TimeSpan.FromMinutes(1));
        var anonymousEntries = (await ListAllAsync(gateway)).Count(e => e.Caller == "anonymous");

        var (before, during) = (Median(quiet), Median(loud));
        output.WriteLine($"legitimate GetBatch, median of 200: {before.TotalMilliseconds:F2} ms alone, {during.TotalMilliseconds:F2} ms during "
            + $"a flood of {refused} anonymous calls from {FloodWorkers} workers: {during / before:F1}x; the flood left {anonymousEntries} audit entries");
        Assert.InRange(anonymousEntries, 1, 2);
    }

    private static async Task<List<TimeSpan>> LegitLatenciesAsync(RunningGateway gateway, int calls, CancellationToken cancellationToken)
    {
        var latencies = new List<TimeSpan>(calls);
        for (var i = 0; i < calls; i++)
        {
            var watch = Stopwatch.StartNew();
            await gateway.Submission.GetBatchAsync(new GetBatchRequest { BatchId = "legit" }, cancellationToken: cancellationToken).ResponseAsync.Within();
            latencies.Add(watch.Elapsed);
        }
        return latencies;
    }

    private static TimeSpan Median(List<TimeSpan> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary><paramref name="calls"/> GetBatch calls without credentials from <see cref="FloodWorkers"/> concurrent workers (fewer if stopped): how each ended.</summary>
    private static async Task<List<RpcException>> FloodAsync(RunningGateway gateway, int calls, CancellationToken stop = default)
    {
        var client = new SubmissionService.SubmissionServiceClient(gateway.Channel);
        var remaining = calls;
        var workers = Enumerable.Range(0, FloodWorkers).Select(_ => Task.Run(async () =>
        {
            var refusals = new List<RpcException>();
            while (!stop.IsCancellationRequested && Interlocked.Decrement(ref remaining) >= 0)
            {
                refusals.Add(await Assert.ThrowsAsync<RpcException>(() => client.GetBatchAsync(new GetBatchRequest { BatchId = "x" }).ResponseAsync.Within()));
            }
            return refusals;
        }));
        return [.. (await Task.WhenAll(workers)).SelectMany(r => r)];
    }

    private static async Task<List<AuditEntry>> ListAllAsync(RunningGateway gateway)
    {
        var audit = new AuditService.AuditServiceClient(gateway.As(TestCallers.Admin));
        var entries = new List<AuditEntry>();
        while (true)
        {
            var page = (await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { AfterSequence = entries.LastOrDefault()?.Sequence ?? 0, PageSize = 1000 })
                .ResponseAsync.Within()).Entries;
            entries.AddRange(page);
            if (page.Count < 1000)
            {
                return entries;
            }
        }
    }
}
