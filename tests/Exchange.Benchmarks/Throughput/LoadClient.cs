using System.Diagnostics;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Benchmarks.Throughput;

/// <summary>What one round of streams measured.</summary>
/// <param name="Latencies">Each chunk's time from being written to its results arriving, over all streams.</param>
public sealed record LoadResult(long Records, TimeSpan Elapsed, double[] Latencies)
{
    public double RecordsPerSecond => Records / Elapsed.TotalSeconds;
}

/// <summary>
/// An agency's data system at full speed: each stream opens a batch, writes its records in chunks with up to
/// <c>window</c> chunks unanswered, and finishes. The same client for the echo server and the gateway.
/// </summary>
public static class LoadClient
{
    /// <param name="results">When given, each stream's results in offset order, one per record, in its own list.</param>
    public static async Task<LoadResult> RunAsync(IReadOnlyList<SubmissionService.SubmissionServiceClient> streams,
        IReadOnlyList<WorkerRecord> records, int chunkSize, int window, string batchPrefix, CancellationToken cancellationToken,
        List<RecordResult>[]? results = null)
    {
        // Each stream its own contiguous share of the records, one batch each.
        var share = (records.Count + streams.Count - 1) / streams.Count;
        var latencies = new List<double>[streams.Count];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(streams.Select((client, i) => Task.Run(async () =>
        {
            var slice = records.Skip(i * share).Take(share).ToArray();
            latencies[i] = await StreamAsync(client, slice, chunkSize, window, $"{batchPrefix}-{i}", results?[i], cancellationToken);
        }, cancellationToken)));
        var elapsed = clock.Elapsed;
        return new LoadResult(records.Count, elapsed, [.. latencies.SelectMany(l => l)]);
    }

    private static async Task<List<double>> StreamAsync(SubmissionService.SubmissionServiceClient client, WorkerRecord[] records,
        int chunkSize, int window, string batchId, List<RecordResult>? kept, CancellationToken cancellationToken)
    {
        using var call = client.Submit(cancellationToken: cancellationToken);
        await call.RequestStream.WriteAsync(new SubmitRequest { Open = new OpenBatch { BatchId = batchId, Purpose = Purpose.CoverageMatching } }, cancellationToken);
        if (!await call.ResponseStream.MoveNext(cancellationToken) || call.ResponseStream.Current.MessageCase != SubmitResponse.MessageOneofCase.Opened)
        {
            throw new InvalidOperationException($"batch {batchId} did not open");
        }
        var chunks = (records.Length + chunkSize - 1) / chunkSize;
        var sentAt = new long[chunks];
        var latencies = new List<double>(chunks);
        using var slots = new SemaphoreSlim(window);
        var reader = Task.Run(async () =>
        {
            for (var answered = 0; answered < chunks; answered++)
            {
                if (!await call.ResponseStream.MoveNext(cancellationToken) || call.ResponseStream.Current.Results is not { } results)
                {
                    throw new InvalidOperationException($"batch {batchId}: no results for chunk {answered}");
                }
                if (results.Results.Count != Math.Min(chunkSize, records.Length - answered * chunkSize))
                {
                    throw new InvalidOperationException($"batch {batchId}: chunk {answered} answered {results.Results.Count} records");
                }
                latencies.Add(Stopwatch.GetElapsedTime(sentAt[answered]).TotalMilliseconds);
                kept?.AddRange(results.Results);
                slots.Release();
            }
        }, cancellationToken);
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            await slots.WaitAsync(cancellationToken);
            var message = new RecordChunk { FirstOffset = (long)chunk * chunkSize };
            message.Records.AddRange(records.AsSpan(chunk * chunkSize, Math.Min(chunkSize, records.Length - chunk * chunkSize)).ToArray());
            sentAt[chunk] = Stopwatch.GetTimestamp();
            await call.RequestStream.WriteAsync(new SubmitRequest { Chunk = message }, cancellationToken);
        }
        await reader;
        await call.RequestStream.WriteAsync(new SubmitRequest { Finish = new FinishBatch { ExpectedRecordCount = records.Length } }, cancellationToken);
        if (!await call.ResponseStream.MoveNext(cancellationToken) || call.ResponseStream.Current.Summary is not { } summary || summary.RecordCount != records.Length)
        {
            throw new InvalidOperationException($"batch {batchId} did not finish with {records.Length} records");
        }
        await call.RequestStream.CompleteAsync();
        return latencies;
    }
}
