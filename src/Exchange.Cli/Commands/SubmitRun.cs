using System.Security.Cryptography;
using Exchange.Cli.Connection;
using Exchange.Cli.Input;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Cli.Commands;

/// <summary>Where a submission stands, for the live display: counts of this run plus where it resumed.</summary>
public sealed record SubmitProgress(
    string BatchId,
    long Total,
    long ResumedAt,
    long Committed,
    long Accepted,
    long Rejected,
    int Unreadable,
    IReadOnlyDictionary<MatchOutcome, long> Outcomes,
    TimeSpan Elapsed,
    bool Done)
{
    /// <summary>Records committed by this run per second.</summary>
    public double RecordsPerSecond => Elapsed.TotalSeconds > 0 ? (Committed - ResumedAt) / Elapsed.TotalSeconds : 0;

    public TimeSpan? Remaining => RecordsPerSecond > 0 ? TimeSpan.FromSeconds((Total - Committed) / RecordsPerSecond) : null;
}

/// <summary>
/// Streams one file's readable lines over the Submit stream: opens (or resumes) the batch, sends
/// chunks from the committed offset with a few in flight, finishes, and returns the batch's summary.
/// Line k of the file that can be sent is record k of the batch, every time the file is read, which
/// is what makes resuming and the results file line up.
/// </summary>
public sealed class SubmitRun(GatewayConnection connection, WorkerFile file, string batchId, Purpose purpose, int chunkSize, TimeProvider clock)
{
    // Chunks sent ahead of their results: enough to hide a round trip, small enough to stop promptly.
    private const int Window = 3;

    /// <summary>A batch id from the file's content: the same file gives the same batch (so running again resumes), another file another one. Batches belong to the calling agency, so agencies never share one.</summary>
    public static string DeriveBatchId(string path)
    {
        using var stream = File.OpenRead(path);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
        var stem = new string([.. Path.GetFileNameWithoutExtension(path).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-')]);
        return $"{stem[..Math.Min(stem.Length, 40)]}-{hash}";
    }

    /// <param name="unreadable">Lines that cannot be sent (already counted), shown beside the gateway's counts.</param>
    public async Task<BatchSummary> RunAsync(long total, int unreadable, Action<SubmitProgress> report, CancellationToken cancellation)
    {
        var started = clock.GetTimestamp();
        var outcomes = new Dictionary<MatchOutcome, long>();
        long resumedAt = 0, committed = 0, accepted = 0, rejected = 0;
        SubmitProgress Snapshot(bool done) => new(batchId, total, resumedAt, committed, accepted, rejected, unreadable,
            new Dictionary<MatchOutcome, long>(outcomes), clock.GetElapsedTime(started), done);

        using var call = connection.Submission.Submit(cancellationToken: cancellation);
        await call.RequestStream.WriteAsync(new SubmitRequest { Open = new OpenBatch { BatchId = batchId, Purpose = purpose } }, cancellation);
        if (!await call.ResponseStream.MoveNext(cancellation) || call.ResponseStream.Current.Opened is not { } opened)
        {
            throw new CliException(ExitCodes.Refused, "the gateway closed the stream without opening the batch");
        }
        resumedAt = committed = opened.CommittedOffset;
        report(Snapshot(false));
        if (opened.State == BatchState.Finished)
        {
            await call.RequestStream.CompleteAsync();
            var finished = (await connection.Submission.GetBatchAsync(new GetBatchRequest { BatchId = batchId }, cancellationToken: cancellation)).Batch;
            report(Snapshot(true));
            return finished;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var window = new SemaphoreSlim(Window);
        var reader = Task.Run(async () =>
        {
            try
            {
                while (await call.ResponseStream.MoveNext(stop.Token))
                {
                    var response = call.ResponseStream.Current;
                    if (response.Summary is { } summary)
                    {
                        return summary;
                    }
                    if (response.Results is { } results)
                    {
                        foreach (var result in results.Results)
                        {
                            if (result.Status == RecordStatus.Accepted)
                            {
                                accepted++;
                                outcomes[result.Outcome] = outcomes.GetValueOrDefault(result.Outcome) + 1;
                            }
                            else
                            {
                                rejected++;
                            }
                        }
                        committed = results.CommittedOffset;
                        report(Snapshot(false));
                        window.Release();
                    }
                }
                throw new CliException(ExitCodes.Refused, "the gateway closed the stream before the batch's summary");
            }
            catch
            {
                await stop.CancelAsync();
                throw;
            }
        }, CancellationToken.None);

        try
        {
            long offset = 0;
            var chunk = new RecordChunk();
            foreach (var line in file.ReadLines())
            {
                if (line.Record is null)
                {
                    continue;
                }
                if (offset++ < resumedAt)
                {
                    continue;
                }
                if (chunk.Records.Count == 0)
                {
                    chunk.FirstOffset = offset - 1;
                }
                chunk.Records.Add(line.Record);
                if (chunk.Records.Count == chunkSize)
                {
                    await SendAsync(chunk);
                    chunk = new RecordChunk();
                }
            }
            if (chunk.Records.Count > 0)
            {
                await SendAsync(chunk);
            }
            await call.RequestStream.WriteAsync(new SubmitRequest { Finish = new FinishBatch { ExpectedRecordCount = offset } }, stop.Token);
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or RpcException && !cancellation.IsCancellationRequested)
        {
            // The stream ended from the gateway's side: its status says why.
            await reader;
        }
        var done = await reader;
        report(Snapshot(true) with { Committed = done.RecordCount });
        return done;

        async Task SendAsync(RecordChunk toSend)
        {
            await window.WaitAsync(stop.Token);
            await call.RequestStream.WriteAsync(new SubmitRequest { Chunk = toSend }, stop.Token);
        }
    }
}
