using Exchange.Server.Tests.Infrastructure;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests.Hostile;

/// <summary>
/// Generated hostile records through one submission stream of the real gateway (issue 4, hostile input):
/// every record gets exactly one result, in order; no bad record ends the stream; and what the stream
/// said it committed is exactly what the ledger holds.
/// </summary>
public sealed class HostileRecordStreamTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const int Seed = 4_6_2025;

    // Under the gateway's 4 MiB message limit, with room for framing: a chunk of 100,000-character fields stays legal.
    private const int MaxChunkBytes = 3 * 1024 * 1024;

    private SubmissionService.SubmissionServiceClient Client => fixture.Gateway.Submission;

    /// <summary>5,000 generated records in chunks of 1 to 1,000, with replays of committed ranges between them.</summary>
    [Fact]
    public async Task Five_thousand_generated_records_each_get_one_result_in_order_and_the_ledger_holds_exactly_the_committed_ones()
    {
        const int records = 5_000;
        var input = new HostileInput(Seed, HostileWire.Today);
        // Some of the workers are registered, so accepted hostile neighbours are matched against real candidates.
        var registered = Enumerable.Range(0, 300).Select(_ => input.ValidWorker()).DistinctBy(w => w.Nik).ToList();
        await Participants.SyncAsync(fixture.Gateway.Registry, SyncMode.Snapshot, registered.Select(w => Participants.Of(w)));
        var all = Enumerable.Range(0, records).Select(_ => input.Chance(0.1) ? Registered(input, registered) : input.WorkerRecord()).ToList();

        var batchId = GatewayFixture.NewBatchId();
        var answered = new Dictionary<long, string>();
        var problems = new List<string>();
        using (var stream = await SubmitStream.OpenAsync(Client, batchId))
        {
            long committed = 0;
            while (committed < records)
            {
                var chunk = NextChunk(input, all, (int)committed);
                var results = await stream.SendAsync(committed, chunk);
                Assert.Equal(committed, results.FirstOffset);
                Assert.Equal(chunk.Count, results.Results.Count);
                Assert.Equal(committed + chunk.Count, results.CommittedOffset);
                for (var i = 0; i < chunk.Count; i++)
                {
                    var result = results.Results[i];
                    Assert.Equal(committed + i, result.Offset);
                    if (HostileWire.ProblemWith(result, i) is { } problem)
                    {
                        problems.Add($"offset {result.Offset}: {problem}");
                    }
                    answered.Add(result.Offset, HostileWire.Essence(result));
                }
                committed = results.CommittedOffset;

                // A client that lost an answer sends a committed range again: the stored results come back, nothing is added.
                if (input.Chance(0.2))
                {
                    var from = input.Random.Next((int)committed);
                    var again = Fit(all.Skip(from).Take(input.Random.Next(1, (int)Math.Min(1000, committed - from) + 1)));
                    var count = again.Count;
                    var replay = await stream.SendAsync(from, again);
                    Assert.Equal(committed, replay.CommittedOffset);
                    Assert.Equal(
                        Enumerable.Range(from, count).Select(offset => answered[offset]),
                        replay.Results.Select(HostileWire.Essence));
                }
            }
            var summary = await stream.FinishAsync(records);
            Assert.Equal(records, summary.RecordCount);
            Assert.Equal(records, summary.AcceptedCount + summary.RejectedCount);
        }
        Assert.Empty(problems);
        Assert.Equal(Enumerable.Range(0, records).Select(offset => (long)offset), answered.Keys.Order());
        // The generator is hostile, not hopeless: both outcomes are exercised.
        Assert.Contains(answered.Values, a => a.Contains(" Accepted ", StringComparison.Ordinal));
        Assert.Contains(answered.Values, a => a.Contains(" Rejected ", StringComparison.Ordinal));

        var batch = (await Client.GetBatchAsync(new GetBatchRequest { BatchId = batchId }).ResponseAsync.Within()).Batch;
        Assert.Equal(records, batch.RecordCount);
        Assert.Equal(answered.Values.Count(a => a.Contains(" Accepted ", StringComparison.Ordinal)), batch.AcceptedCount);
        var stored = await HostileWire.ReadAllResultsAsync(Client, batchId);
        Assert.Equal(Enumerable.Range(0, records).Select(offset => (long)offset), stored.Select(r => r.Offset));
        Assert.Equal(answered.OrderBy(a => a.Key).Select(a => a.Value), stored.Select(HostileWire.Essence));
    }

    // A registered worker as the agency has them, sometimes with one field gone hostile.
    private static WorkerRecord Registered(HostileInput input, List<WorkerRecord> registered)
    {
        var record = input.Pick(registered).Clone();
        switch (input.Random.Next(5))
        {
            case 0:
                record.FullName = input.Text();
                break;
            case 1:
                record.BirthDate = input.Date();
                break;
            case 2:
                record.Sex = (Sex)input.EnumValue(2);
                break;
        }
        return record;
    }

    // 1 to 1,000 records, fewer when 100,000-character fields would make the message too large.
    private static List<WorkerRecord> NextChunk(HostileInput input, List<WorkerRecord> all, int committed) =>
        Fit(all.Skip(committed).Take(input.Pick([1, 2, 3, 17, 100, 333, 999, 1000])));

    private static List<WorkerRecord> Fit(IEnumerable<WorkerRecord> records)
    {
        var chunk = new List<WorkerRecord>();
        var bytes = 0;
        foreach (var record in records)
        {
            bytes += record.CalculateSize() + 5;
            if (chunk.Count > 0 && bytes > MaxChunkBytes)
            {
                break;
            }
            chunk.Add(record);
        }
        return chunk;
    }
}
