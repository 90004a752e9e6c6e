using System.Globalization;
using Exchange.Core.Batches;
using Exchange.Core.Validation;
using Exchange.Server.Hosting;
using Exchange.Server.Security;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Grpc;

/// <summary>The agencies' side of the gateway: thin, it hands every decision to <see cref="BatchIntake"/>.</summary>
public sealed class SubmissionEndpoint(
    BatchIntake intake,
    IBatchLedger ledger,
    OpenBatchValidator openValidator,
    PurposePolicy purposes,
    CallerLimits limits,
    TimeProvider clock,
    IOptions<GatewayOptions> options) : SubmissionService.SubmissionServiceBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 100;
    private const int ResultsPerMessage = 1000;

    public override async Task Submit(IAsyncStreamReader<SubmitRequest> requestStream, IServerStreamWriter<SubmitResponse> responseStream,
        ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var language = CallLanguage.Of(context);
        var caller = context.Caller();
        var idle = TimeSpan.FromSeconds(options.Value.StreamIdleSeconds);
        if (!await NextAsync(requestStream, idle, cancellationToken))
        {
            return;
        }
        var open = requestStream.Current.Open
            ?? throw Refuse(ViolationCodes.OpenRequired, "open");
        var findings = Findings.From(openValidator.Validate(open));
        if (findings.Count > 0)
        {
            throw RpcErrors.InvalidRequest(findings, "open.", language);
        }

        purposes.Check(context.Agency(), open.Purpose);
        context.Audit().BatchId = open.BatchId;
        using var session = await intake.OpenAsync(context.Agency(), open.BatchId, open.Purpose, cancellationToken);
        await responseStream.WriteAsync(new SubmitResponse
        {
            Opened = new BatchOpened
            {
                BatchId = open.BatchId,
                CommittedOffset = session.CommittedOffset,
                Resumed = session.Resumed,
                State = session.Batch.IsFinished ? BatchState.Finished : BatchState.Open,
            },
        }, cancellationToken);

        // One chunk at a time: the next message is read only after this one's results are written,
        // so a client that stops reading is held back by HTTP/2 flow control, not buffered.
        while (await NextAsync(requestStream, idle, cancellationToken))
        {
            var request = requestStream.Current;
            switch (request.MessageCase)
            {
                case SubmitRequest.MessageOneofCase.Chunk:
                    var chunk = request.Chunk;
                    // An oversized chunk is refused by the intake as too large, not here as too fast.
                    if (chunk.Records.Count <= intake.Options.MaxRecordsPerChunk)
                    {
                        limits.TakeRecords(caller, chunk.Records.Count);
                    }
                    var verdicts = await session.SubmitAsync(chunk.FirstOffset, chunk.Records, cancellationToken);
                    context.Audit().AddRecords(chunk.Records.Count);
                    var results = new ChunkResults { FirstOffset = chunk.FirstOffset, CommittedOffset = session.CommittedOffset };
                    for (var i = 0; i < verdicts.Count; i++)
                    {
                        results.Results.Add(purposes.Minimise(
                            ResultMapping.ToResult(verdicts[i], ResultMapping.RecordPath(i), language), open.Purpose));
                    }
                    await responseStream.WriteAsync(new SubmitResponse { Results = results }, cancellationToken);
                    break;
                case SubmitRequest.MessageOneofCase.Finish:
                    var finish = request.Finish;
                    var batch = await session.FinishAsync(finish.HasExpectedRecordCount ? finish.ExpectedRecordCount : null,
                        cancellationToken);
                    await responseStream.WriteAsync(new SubmitResponse { Summary = ResultMapping.ToSummary(batch) }, cancellationToken);
                    return;
                case SubmitRequest.MessageOneofCase.Open:
                    throw Refuse(ViolationCodes.OpenRepeated, "open");
                default:
                    throw Refuse(ViolationCodes.MessageEmpty, "message");
            }
        }
    }

    public override async Task<GetBatchResponse> GetBatch(GetBatchRequest request, ServerCallContext context)
    {
        var batch = await FindBatchAsync(request.BatchId, context);
        return new GetBatchResponse { Batch = ResultMapping.ToSummary(batch) };
    }

    public override async Task<ListBatchesResponse> ListBatches(ListBatchesRequest request, ServerCallContext context)
    {
        if (request.PageSize is < 0 or > MaxPageSize)
        {
            throw Refuse(ViolationCodes.PageSizeInvalid, "page_size", MaxPageSize.ToString(CultureInfo.InvariantCulture));
        }
        long? before = null;
        if (request.PageToken.Length > 0)
        {
            before = PageToken.Decode(request.PageToken) ?? throw Refuse(ViolationCodes.PageTokenInvalid, "page_token");
        }
        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        // One more than asked for tells whether another page exists.
        var batches = await ledger.ListAsync(context.Agency(), before, size + 1, context.CancellationToken);
        var response = new ListBatchesResponse();
        response.Batches.AddRange(batches.Take(size).Select(ResultMapping.ToSummary));
        if (batches.Count > size)
        {
            response.NextPageToken = PageToken.Encode(batches[size - 1].Key);
        }
        return response;
    }

    public override async Task ReadResults(ReadResultsRequest request, IServerStreamWriter<ReadResultsResponse> responseStream,
        ServerCallContext context)
    {
        if (request.FromOffset < 0)
        {
            throw Refuse(ViolationCodes.OffsetNegative, "from_offset");
        }
        var batch = await FindBatchAsync(request.BatchId, context);
        var language = CallLanguage.Of(context);
        var outcomes = request.Outcomes.ToHashSet();
        var page = new ReadResultsResponse();
        await foreach (var stored in ledger.ReadVerdictsAsync(batch.Key, request.FromOffset, batch.CommittedOffset, context.CancellationToken))
        {
            var verdict = stored.Verdict;
            if ((request.RejectedOnly && verdict.Accepted) || (outcomes.Count > 0 && (!verdict.Accepted || !outcomes.Contains(verdict.Outcome))))
            {
                continue;
            }
            page.Results.Add(purposes.Minimise(ResultMapping.ToResult(stored, "", language), batch.Purpose));
            context.Audit().AddRecords(1);
            if (page.Results.Count == ResultsPerMessage)
            {
                await responseStream.WriteAsync(page, context.CancellationToken);
                page = new ReadResultsResponse();
            }
        }
        if (page.Results.Count > 0)
        {
            await responseStream.WriteAsync(page, context.CancellationToken);
        }
    }

    private async Task<BatchInfo> FindBatchAsync(string batchId, ServerCallContext context)
    {
        if (OpenBatchValidator.BatchIdProblem(batchId) is { } problem)
        {
            throw Refuse(problem, "batch_id");
        }
        context.Audit().BatchId = batchId;
        // Another agency's batch is looked up under the caller's agency: it is simply not found.
        return await ledger.FindAsync(context.Agency(), batchId, context.CancellationToken)
            ?? throw new IntakeRefusal(RefusalKind.NotFound, ViolationCodes.BatchNotFound, "batch_id", [batchId]);
    }

    /// <summary>The next client message, or false at the end; a client silent for too long is refused.</summary>
    private async Task<bool> NextAsync<T>(IAsyncStreamReader<T> requestStream, TimeSpan idle, CancellationToken cancellationToken)
    {
        using var idleTimer = new CancellationTokenSource(idle, clock);
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idleTimer.Token);
        try
        {
            return await requestStream.MoveNext(quiet.Token);
        }
        catch (OperationCanceledException) when (idleTimer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new IntakeRefusal(RefusalKind.ResourceExhausted, ViolationCodes.StreamIdle, null,
                [((int)idle.TotalSeconds).ToString(CultureInfo.InvariantCulture)]);
        }
    }

    private static IntakeRefusal Refuse(string code, string field, params string[] arguments) =>
        new(RefusalKind.InvalidArgument, code, field, arguments);
}
