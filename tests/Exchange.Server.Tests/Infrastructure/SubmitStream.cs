using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests.Infrastructure;

/// <summary>A client's side of one submission stream, every step bounded by a timeout.</summary>
public sealed class SubmitStream : IDisposable
{
    private readonly AsyncDuplexStreamingCall<SubmitRequest, SubmitResponse> _call;

    private SubmitStream(AsyncDuplexStreamingCall<SubmitRequest, SubmitResponse> call) => _call = call;

    public BatchOpened Opened { get; private set; } = null!;

    public static async Task<SubmitStream> OpenAsync(SubmissionService.SubmissionServiceClient client, string batchId,
        Purpose purpose = Purpose.CoverageMatching, Metadata? headers = null)
    {
        var stream = Start(client, headers);
        await stream.WriteAsync(new SubmitRequest { Open = new OpenBatch { BatchId = batchId, Purpose = purpose } });
        var response = await stream.ReadAsync();
        Assert.Equal(SubmitResponse.MessageOneofCase.Opened, response.MessageCase);
        stream.Opened = response.Opened;
        return stream;
    }

    /// <summary>A stream on which nothing has been sent yet.</summary>
    public static SubmitStream Start(SubmissionService.SubmissionServiceClient client, Metadata? headers = null) =>
        new(client.Submit(headers, cancellationToken: new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token));

    public async Task<ChunkResults> SendAsync(long firstOffset, IEnumerable<WorkerRecord> records)
    {
        await WriteAsync(Chunk(firstOffset, records));
        var response = await ReadAsync();
        Assert.Equal(SubmitResponse.MessageOneofCase.Results, response.MessageCase);
        return response.Results;
    }

    public async Task<BatchSummary> FinishAsync(long? expectedRecordCount = null)
    {
        var finish = new FinishBatch();
        if (expectedRecordCount is { } expected)
        {
            finish.ExpectedRecordCount = expected;
        }
        await WriteAsync(new SubmitRequest { Finish = finish });
        var response = await ReadAsync();
        Assert.Equal(SubmitResponse.MessageOneofCase.Summary, response.MessageCase);
        return response.Summary;
    }

    /// <summary>Sends <paramref name="request"/> and expects the stream to end with an error.</summary>
    public async Task<RpcException> ExpectErrorAsync(SubmitRequest request)
    {
        try
        {
            await WriteAsync(request);
        }
        catch (RpcException)
        {
            // The server may end the call before the write completes; the status is read below.
        }
        return await Assert.ThrowsAsync<RpcException>(async () => await ReadAsync());
    }

    public static SubmitRequest Chunk(long firstOffset, IEnumerable<WorkerRecord> records)
    {
        var chunk = new RecordChunk { FirstOffset = firstOffset };
        chunk.Records.AddRange(records);
        return new SubmitRequest { Chunk = chunk };
    }

    public Task WriteAsync(SubmitRequest request) => _call.RequestStream.WriteAsync(request).Within();

    public async Task<SubmitResponse> ReadAsync()
    {
        if (!await _call.ResponseStream.MoveNext(CancellationToken.None).Within())
        {
            throw new InvalidOperationException("The server ended the stream without answering.");
        }
        return _call.ResponseStream.Current;
    }

    public Task CompleteAsync() => _call.RequestStream.CompleteAsync().Within();

    /// <summary>Drops the connection's stream as a crashing client would (no finish, no half-close).</summary>
    public void Dispose() => _call.Dispose();
}
