using System.Globalization;
using Exchange.Core.Batches;
using Exchange.Core.Coverage;
using Exchange.Core.Reference;
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
    StreamIdleLimit idleLimit,
    GatewayDrain drain,
    IOutcomeLog outcomeLog,
    OutcomeLogWriter outcomeLogWriter,
    GatewayMetrics metrics,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    IOptions<GatewayOptions> options,
    ILogger<SubmissionEndpoint> logger) : SubmissionService.SubmissionServiceBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 100;
    private const int ResultsPerMessage = 1000;
    private const int LogEntriesPerRead = 1000;

    public override async Task Submit(IAsyncStreamReader<SubmitRequest> requestStream, IServerStreamWriter<SubmitResponse> responseStream,
        ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var language = CallLanguage.Of(context);
        var caller = context.Caller();
        drain.Track(context);
        using var counted = metrics.StreamOpened();
        if (!await idleLimit.NextAsync(requestStream, ViolationCodes.StreamIdle, cancellationToken))
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
        context.ResumesFrom(() => session.CommittedOffset);
        // The batch id is the client's text: it may be a NIK, or anything the id's characters allow.
        logger.LogInformation("Batch {BatchId} of {Agency} opened for {Purpose}: {CommittedOffset} records committed, resumed {Resumed}",
            ClientText.Safe(open.BatchId), context.Agency(), open.Purpose, session.CommittedOffset, session.Resumed);
        await idleLimit.WriteAsync(responseStream, new SubmitResponse
        {
            Opened = new BatchOpened
            {
                BatchId = open.BatchId,
                CommittedOffset = session.CommittedOffset,
                Resumed = session.Resumed,
                State = session.Batch.IsFinished ? BatchState.Finished : BatchState.Open,
            },
        }, cancellationToken);

        var screen = new ProbeScreen(options.Value.ProbeScreening);
        try
        {
            // One chunk at a time: the next message is read only after this one's results are written, so a client
            // that stops reading is held back by HTTP/2 flow control, not buffered, and let go after StreamIdleSeconds.
            while (await idleLimit.NextAsync(requestStream, ViolationCodes.StreamIdle, cancellationToken, session.CommittedOffset))
            {
                var request = requestStream.Current;
                switch (request.MessageCase)
                {
                    case SubmitRequest.MessageOneofCase.Chunk:
                        var read = clock.GetTimestamp();
                        var chunk = request.Chunk;
                        var committed = session.CommittedOffset;
                        // An oversized chunk is refused by the intake as too large, not here as too fast.
                        if (chunk.Records.Count <= intake.Options.MaxRecordsPerChunk)
                        {
                            limits.TakeRecords(caller, chunk.Records.Count);
                            limits.TakeAgencyRecords(context.Agency(), NewRecords(chunk, committed));
                        }
                        var verdicts = await session.SubmitAsync(chunk.FirstOffset, chunk.Records, cancellationToken);
                        context.Audit().AddRecords(chunk.Records.Count);
                        var results = new ChunkResults { FirstOffset = chunk.FirstOffset, CommittedOffset = session.CommittedOffset };
                        for (var i = 0; i < verdicts.Count; i++)
                        {
                            results.Results.Add(purposes.Minimise(
                                ResultMapping.ToResult(verdicts[i], ResultMapping.RecordPath(i), language), open.Purpose));
                            // Records answered from the ledger were judged when they were stored.
                            if (verdicts[i].Offset >= committed)
                            {
                                screen.Add(chunk.Records[i], verdicts[i].Verdict);
                            }
                        }
                        await idleLimit.WriteAsync(responseStream, new SubmitResponse { Results = results }, cancellationToken);
                        metrics.ChunkAnswered(clock.GetElapsedTime(read));
                        break;
                    case SubmitRequest.MessageOneofCase.Finish:
                        var finish = request.Finish;
                        var batch = await session.FinishAsync(finish.HasExpectedRecordCount ? finish.ExpectedRecordCount : null,
                            cancellationToken);
                        logger.LogInformation("Batch {BatchId} of {Agency} finished: {Records} records, {Accepted} accepted, {Rejected} rejected",
                            ClientText.Safe(batch.BatchId), batch.Agency, batch.Counts.Records, batch.Counts.Accepted, batch.Counts.Rejected);
                        await idleLimit.WriteAsync(responseStream, new SubmitResponse { Summary = ResultMapping.ToSummary(batch) }, cancellationToken);
                        return;
                    case SubmitRequest.MessageOneofCase.Open:
                        throw Refuse(ViolationCodes.OpenRepeated, "open");
                    default:
                        throw Refuse(ViolationCodes.MessageEmpty, "message");
                }
            }
        }
        finally
        {
            // However the stream ends, what it stored is judged for its audit entry.
            Flag(screen, context);
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
                await idleLimit.WriteAsync(responseStream, page, context.CancellationToken);
                page = new ReadResultsResponse();
            }
        }
        if (page.Results.Count > 0)
        {
            await idleLimit.WriteAsync(responseStream, page, context.CancellationToken);
        }
    }

    /// <summary>
    /// The log after the cursor, the caller's workers' outcome changes only, then each new append; ends with UNAVAILABLE
    /// DRAINING when the gateway stops (the client resumes from its last cursor).
    /// </summary>
    public override async Task WatchOutcomeChanges(WatchOutcomeChangesRequest request,
        IServerStreamWriter<WatchOutcomeChangesResponse> responseStream, ServerCallContext context)
    {
        var cursor = 0L;
        if (request.Cursor.Length > 0
            && !long.TryParse(request.Cursor, NumberStyles.None, CultureInfo.InvariantCulture, out cursor))
        {
            throw Refuse(ViolationCodes.CursorInvalid, "cursor");
        }
        var agency = context.Agency();
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            while (true)
            {
                // Waiting starts before the read, so an append between the two is not missed.
                var appended = outcomeLogWriter.WaitForAppendAsync(watching.Token);
                var entries = await outcomeLog.ReadAsync(cursor, LogEntriesPerRead, watching.Token);
                if (entries.Count == 0)
                {
                    await appended;
                    continue;
                }
                cursor = entries[^1].Sequence;
                var message = new WatchOutcomeChangesResponse();
                foreach (var entry in entries)
                {
                    var state = WorkerStateCodec.Decode(entry.State, Wilayah.KotaBogor);
                    if (state.PreviousOutcome != MatchOutcome.Unspecified && state.PreviousOutcome != state.Worker.Outcome
                        && state.Worker.Agencies.Contains(agency))
                    {
                        message.Changes.Add(new OutcomeChange
                        {
                            Cursor = entry.Sequence.ToString(CultureInfo.InvariantCulture),
                            Nik = state.Worker.Subject.Nik,
                            PreviousOutcome = state.PreviousOutcome,
                            Outcome = state.Worker.Outcome,
                            ChangedOn = entry.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        });
                    }
                }
                if (message.Changes.Count > 0)
                {
                    context.Audit().AddRecords(message.Changes.Count);
                    await idleLimit.WriteAsync(responseStream, message, context.CancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw GatewayDrain.Refusal();
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

    /// <summary>How many of a chunk's records lie beyond the committed offset: only those count against the day's budget.</summary>
    private static long NewRecords(RecordChunk chunk, long committed) =>
        chunk.FirstOffset > committed ? 0 : Math.Max(0, chunk.FirstOffset + chunk.Records.Count - committed);

    /// <summary>Flags the call's audit entry, and the log, when what the stream stored looks like a membership probe.</summary>
    private void Flag(ProbeScreen screen, ServerCallContext context)
    {
        if (screen.Conclude() is not { } suspicion)
        {
            return;
        }
        context.Audit().Detail = suspicion.Describe();
        logger.LogWarning(
            "A submission of {Agency} looks like a membership probe: {Records} accepted records, {PossibleMatches} POSSIBLE_MATCH, up to {AroundOneNik} one digit from one NIK (see its audit entry)",
            context.Agency(), suspicion.Records, suspicion.PossibleMatches, suspicion.MostAroundOneNik);
    }

    private static IntakeRefusal Refuse(string code, string field, params string[] arguments) =>
        new(RefusalKind.InvalidArgument, code, field, arguments);
}
