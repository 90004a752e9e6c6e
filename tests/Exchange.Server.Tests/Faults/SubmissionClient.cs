using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests.Faults;

/// <summary>
/// An agency's client for one batch that outlives its gateway. It sends one chunk at a time (the next only once the one
/// before is answered) and keeps every answer; when a stream breaks, <see cref="OpenAsync"/> on the same gateway
/// restarted, or on another replica, reopens the batch, checks the committed offset the gateway names against what the
/// client knows, and resumes from it, re-sending what was not acknowledged.
/// </summary>
/// <param name="rng">Where chunk sizes are drawn from: the caller's seeded generator, so the inputs of a failure can be replayed.</param>
public sealed class SubmissionClient(IReadOnlyList<WorkerRecord> records, string batchId, Random rng, int minChunk, int maxChunk)
{
    private readonly Dictionary<long, RecordResult> _answers = [];
    private AsyncDuplexStreamingCall<SubmitRequest, SubmitResponse>? _call;
    private Task<bool>? _pendingRead;
    private (long First, int Count)? _inFlight;
    private long _next;
    private long _sentUpTo;
    private long _committedSeen;
    private int _opens;

    public string BatchId => batchId;

    /// <summary>Records whose answer the client holds: every offset below it was answered on some stream.</summary>
    public long Acknowledged { get; private set; }

    public bool HasMore => _next < records.Count;

    /// <summary>Records written on some stream, each time it was written.</summary>
    public long RecordsSent { get; private set; }

    /// <summary>Records written again after a stream broke before they were answered.</summary>
    public long Resent { get; private set; }

    /// <summary>Of those, records that were already committed when re-sent: the gateway answers them from the ledger.</summary>
    public long Replayed { get; private set; }

    /// <summary>Reopenings that found the chunk in flight stored, though its answer never reached the client.</summary>
    public int StoredUnanswered { get; private set; }

    /// <summary>The first answer for each offset, as the streams gave it.</summary>
    public IReadOnlyDictionary<long, RecordResult> Answers => _answers;

    /// <summary>
    /// Opens the batch on a new stream (the broken one, if any, dropped) and resumes. The gateway's committed offset must
    /// hold every record it acknowledged, and a chunk is stored whole or not at all: the offset is the one the client last
    /// learnt, or the end of the chunk that was in flight when the stream broke.
    /// </summary>
    /// <param name="resendCommitted">Whether to resume at what was acknowledged even when more is committed, re-sending
    /// committed records (which the gateway answers from the ledger) rather than skipping to the committed offset.</param>
    public async Task<BatchOpened> OpenAsync(SubmissionService.SubmissionServiceClient client, bool resendCommitted = false)
    {
        Drop();
        _call = client.Submit();
        await _call.RequestStream.WriteAsync(new SubmitRequest { Open = new OpenBatch { BatchId = batchId, Purpose = Purpose.CoverageMatching } }).Within();
        var response = await ReadAsync();
        Assert.Equal(SubmitResponse.MessageOneofCase.Opened, response.MessageCase);
        var opened = response.Opened;
        var committed = opened.CommittedOffset;
        Assert.True(committed >= _committedSeen,
            $"{batchId}: reopened at committed offset {committed}, but {_committedSeen} were acknowledged as committed: records were lost");
        var wholeChunk = committed == _committedSeen || (_inFlight is var (first, count) && committed == first + count);
        Assert.True(wholeChunk,
            $"{batchId}: reopened at committed offset {committed}, neither {_committedSeen} (acknowledged) nor the end of the chunk in flight {_inFlight}");
        Assert.Equal(_opens > 0, opened.Resumed);
        _opens++;
        if (committed > _committedSeen)
        {
            StoredUnanswered++;
        }
        _inFlight = null;
        _committedSeen = committed;
        _next = resendCommitted ? Acknowledged : committed;
        return opened;
    }

    /// <summary>Writes the next chunk, of a size drawn between the bounds, from where the client resumed or left off.</summary>
    public async Task WriteNextChunkAsync()
    {
        var count = (int)Math.Min(rng.Next(minChunk, maxChunk + 1), records.Count - _next);
        var chunk = new RecordChunk { FirstOffset = _next };
        for (var offset = _next; offset < _next + count; offset++)
        {
            chunk.Records.Add(records[(int)offset]);
        }
        var again = Math.Max(0, Math.Min(_sentUpTo, _next + count) - _next);
        Resent += again;
        Replayed += Math.Max(0, Math.Min(_committedSeen, _next + count) - _next);
        RecordsSent += count;
        _inFlight = (_next, count);
        _next += count;
        _sentUpTo = Math.Max(_sentUpTo, _next);
        try
        {
            await Call.RequestStream.WriteAsync(new SubmitRequest { Chunk = chunk }).Within();
        }
        catch (IOException)
        {
            // The gateway ended the call, or closed the connection, before the chunk went out: the status it ended the
            // call with, if it sent one, is in the response.
            await ReadAsync();
            throw;
        }
    }

    /// <summary>Reads the answer to the chunk in flight: one result per record, in order, each offset answered once.</summary>
    public async Task ReadAnswerAsync()
    {
        var (first, count) = _inFlight ?? throw new InvalidOperationException("No chunk is in flight.");
        var response = await ReadAsync();
        Assert.Equal(SubmitResponse.MessageOneofCase.Results, response.MessageCase);
        var results = response.Results;
        Assert.Equal(first, results.FirstOffset);
        Assert.Equal(count, results.Results.Count);
        for (var i = 0; i < count; i++)
        {
            var result = results.Results[i];
            Assert.Equal(first + i, result.Offset);
            Assert.True(_answers.TryAdd(result.Offset, result), $"{batchId}: offset {result.Offset} was answered twice");
        }
        _inFlight = null;
        Acknowledged = Math.Max(Acknowledged, first + count);
        _committedSeen = Math.Max(_committedSeen, results.CommittedOffset);
        Assert.True(_committedSeen >= Acknowledged, $"{batchId}: answered up to {Acknowledged}, committed only {_committedSeen}");
    }

    /// <summary>Ends the batch, telling the gateway how many records it must hold.</summary>
    public async Task<BatchSummary> FinishAsync()
    {
        await Call.RequestStream.WriteAsync(new SubmitRequest { Finish = new FinishBatch { ExpectedRecordCount = records.Count } }).Within();
        var response = await ReadAsync();
        Assert.Equal(SubmitResponse.MessageOneofCase.Summary, response.MessageCase);
        Drop();
        return response.Summary;
    }

    /// <summary>Every record, chunk after chunk, on the gateway the batch is open at, then the finish.</summary>
    public async Task<BatchSummary> SendRestAsync()
    {
        while (HasMore)
        {
            await WriteNextChunkAsync();
            await ReadAnswerAsync();
        }
        return await FinishAsync();
    }

    /// <summary>
    /// Stays quiet for <paramref name="pause"/> with a read outstanding, as a client that listens between chunks: the error
    /// the gateway ended the stream with meanwhile, or null (the read then waits for the next chunk's answer). Listening
    /// is what lets the client see the gateway's status before its next write, which a stream already ended would refuse.
    /// </summary>
    public async Task<RpcException?> PauseAsync(TimeSpan pause)
    {
        _pendingRead ??= Call.ResponseStream.MoveNext(CancellationToken.None);
        // The gateway is another process on the real clock: this pause is the client's pacing in real time, what the
        // drain has to meet, not a wait for an outcome (outcomes are awaited on the read).
        var quiet = Task.Delay(pause);
        if (await Task.WhenAny(_pendingRead, quiet) == quiet)
        {
            return null;
        }
        try
        {
            var message = await _pendingRead;
            throw new Xunit.Sdk.XunitException($"{batchId}: the gateway sent {(message ? Call.ResponseStream.Current : "the end of the stream")} unasked");
        }
        catch (RpcException ended)
        {
            return ended;
        }
    }

    /// <summary>Drops the stream as a client whose gateway went away does: no finish, no half-close.</summary>
    public void Drop()
    {
        _call?.Dispose();
        _call = null;
        _pendingRead = null;
    }

    private AsyncDuplexStreamingCall<SubmitRequest, SubmitResponse> Call =>
        _call ?? throw new InvalidOperationException("The batch is not open on a stream.");

    private async Task<SubmitResponse> ReadAsync()
    {
        var read = _pendingRead ?? Call.ResponseStream.MoveNext(CancellationToken.None);
        _pendingRead = null;
        if (!await read.Within())
        {
            throw new InvalidOperationException($"{batchId}: the gateway ended the stream without answering.");
        }
        return Call.ResponseStream.Current;
    }
}
