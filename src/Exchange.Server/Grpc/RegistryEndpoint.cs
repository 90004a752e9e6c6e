using System.Globalization;
using Exchange.Core.Audit;
using Exchange.Core.Batches;
using Exchange.Core.Contributions;
using Exchange.Core.Reference;
using Exchange.Core.Registry;
using Exchange.Core.Reviews;
using Exchange.Core.Validation;
using Exchange.Server.Hosting;
using Exchange.Server.Security;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Grpc;

/// <summary>BPJS's side of the gateway: registry sync, reviews of possible matches, enrollment candidates.</summary>
public sealed class RegistryEndpoint(ParticipantRegistry registry, IBatchLedger ledger, ReviewDesk reviews, StreamIdleLimit idleLimit,
    GatewayDrain drain)
    : RegistryService.RegistryServiceBase
{
    private const int DefaultReviewPage = 100;
    private const int MaxReviewPage = 500;
    private const int CandidatesPerMessage = 500;

    public override async Task<SyncParticipantsResponse> SyncParticipants(IAsyncStreamReader<SyncParticipantsRequest> requestStream,
        ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        // A sync ended by the drain is not applied: BPJS sends it again, whole, to this replica or another.
        drain.Track(context);
        // A sync that goes quiet is ended (unapplied) rather than holding one of BPJS's stream slots for ever.
        if (!await idleLimit.NextAsync(requestStream, ViolationCodes.SyncIdle, cancellationToken) || requestStream.Current.Header is not { } header)
        {
            throw Refuse(ViolationCodes.SyncHeaderRequired, "header");
        }
        var sync = registry.BeginSync(header.Mode);
        while (await idleLimit.NextAsync(requestStream, ViolationCodes.SyncIdle, cancellationToken))
        {
            var chunk = requestStream.Current.Chunk ?? throw Refuse(ViolationCodes.MessageEmpty, "chunk");
            sync.Add(chunk);
            context.Audit().AddRecords(chunk.Upserts.Count + chunk.RemovedNiks.Count);
        }
        // Only a stream that ended cleanly is applied: a broken one never reaches this line.
        return await sync.CommitAsync(cancellationToken);
    }

    public override async Task<ListReviewItemsResponse> ListReviewItems(ListReviewItemsRequest request, ServerCallContext context)
    {
        if (request.PageSize is < 0 or > MaxReviewPage)
        {
            throw Refuse(ViolationCodes.PageSizeInvalid, "page_size", MaxReviewPage.ToString(CultureInfo.InvariantCulture));
        }
        var after = 0L;
        if (request.PageToken.Length > 0)
        {
            after = PageToken.Decode(request.PageToken) ?? throw Refuse(ViolationCodes.PageTokenInvalid, "page_token");
        }
        var size = request.PageSize == 0 ? DefaultReviewPage : request.PageSize;
        var entries = await ledger.ListReviewsAsync(after, size + 1, request.IncludeResolved, context.CancellationToken);
        var response = new ListReviewItemsResponse();
        response.Items.AddRange(entries.Take(size).Select(ToReviewItem));
        if (entries.Count > size)
        {
            response.NextPageToken = PageToken.Encode(entries[size - 1].Id);
        }
        return response;
    }

    public override async Task<ResolveReviewItemResponse> ResolveReviewItem(ResolveReviewItemRequest request, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        if (request.ReviewId.Length == 0)
        {
            throw Refuse(ViolationCodes.ReviewIdRequired, "review_id");
        }
        if (request.Decision is not (ReviewDecision.SamePerson or ReviewDecision.DifferentPerson))
        {
            throw Refuse(ViolationCodes.ReviewDecisionRequired, "decision");
        }
        context.Audit().AddRecords(1);
        if (!long.TryParse(request.ReviewId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw new IntakeRefusal(RefusalKind.NotFound, ViolationCodes.ReviewNotFound, "review_id", [request.ReviewId]);
        }
        // The trail then says who decided which review: a data subject's report names them.
        context.Audit().Detail = DataSubjectReports.ReviewDetail(id, request.Decision);
        var current = await reviews.ResolveAsync(id, request.Decision, cancellationToken);

        var stored = await ledger.ReadRecordAsync(current.Record.BatchKey, current.Record.Offset, cancellationToken)
            ?? throw new InvalidOperationException("A review item points at a record the ledger does not have.");
        return new ResolveReviewItemResponse
        {
            Item = ToReviewItem(current),
            Result = ResultMapping.ToResult(new StoredVerdict(stored.Offset, stored.Verdict), "", CallLanguage.Of(context)),
        };
    }

    public override async Task StreamEnrollmentCandidates(StreamEnrollmentCandidatesRequest request,
        IServerStreamWriter<StreamEnrollmentCandidatesResponse> responseStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var filter = CandidateFilter.From(request);
        // A worker may come in several batches: only their latest accepted record speaks for them.
        var latest = new Dictionary<string, long>(StringComparer.Ordinal);
        var sequence = 0L;
        await foreach (var record in ledger.ScanAcceptedAsync(cancellationToken))
        {
            latest[record.Worker.Nik] = sequence++;
        }

        sequence = 0;
        var page = new StreamEnrollmentCandidatesResponse();
        await foreach (var record in ledger.ScanAcceptedAsync(cancellationToken))
        {
            if (latest.GetValueOrDefault(record.Worker.Nik) != sequence++ || !filter.Admits(record))
            {
                continue;
            }
            context.Audit().AddRecords(1);
            page.Candidates.Add(new EnrollmentCandidate
            {
                Worker = record.Worker,
                Outcome = record.Verdict.Outcome,
                Agency = record.Agency,
                Purpose = record.Purpose,
            });
            if (page.Candidates.Count == CandidatesPerMessage)
            {
                await idleLimit.WriteAsync(responseStream, page, cancellationToken);
                page = new StreamEnrollmentCandidatesResponse();
            }
        }
        if (page.Candidates.Count > 0)
        {
            await idleLimit.WriteAsync(responseStream, page, cancellationToken);
        }
    }

    public override async Task<ExplainResultResponse> ExplainResult(ExplainResultRequest request, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        if (string.IsNullOrWhiteSpace(request.Agency))
        {
            throw Refuse(ViolationCodes.AgencyRequired, "agency");
        }
        if (OpenBatchValidator.BatchIdProblem(request.BatchId) is { } problem)
        {
            throw Refuse(problem, "batch_id");
        }
        if (request.Offset < 0)
        {
            throw Refuse(ViolationCodes.OffsetNegative, "offset");
        }
        context.Audit().BatchId = request.BatchId;
        var batch = await ledger.FindAsync(request.Agency, request.BatchId, cancellationToken)
            ?? throw new IntakeRefusal(RefusalKind.NotFound, ViolationCodes.BatchNotFound, "batch_id", [request.BatchId]);
        var record = await ledger.ReadRecordAsync(batch.Key, request.Offset, cancellationToken)
            ?? throw new IntakeRefusal(RefusalKind.NotFound, ViolationCodes.RecordNotFound, "offset",
                [request.Offset.ToString(CultureInfo.InvariantCulture), batch.CommittedOffset.ToString(CultureInfo.InvariantCulture)]);
        context.Audit().AddRecords(1);
        var response = new ExplainResultResponse
        {
            Worker = record.Worker,
            Result = ResultMapping.ToResult(new StoredVerdict(record.Offset, record.Verdict), "", CallLanguage.Of(context)),
            Explanation = record.Verdict.Explanation is { } explanation ? ResultMapping.ToExplanation(explanation) : null,
        };
        if (record.Verdict.ParticipantNik is { } nik && registry.Describe(nik) is { } participant)
        {
            response.Participant = participant;
        }
        return response;
    }

    private ReviewItem ToReviewItem(ReviewEntry entry)
    {
        var verdict = entry.Verdict;
        var item = new ReviewItem
        {
            ReviewId = entry.Id.ToString(CultureInfo.InvariantCulture),
            Agency = entry.Record.Agency,
            BatchId = entry.Record.BatchId,
            Offset = entry.Record.Offset,
            Worker = entry.Record.Worker,
            Candidate = registry.Describe(verdict.ParticipantNik!),
            Score = verdict.Score,
            Decision = entry.Decision,
            Explanation = verdict.Explanation is { } explanation ? ResultMapping.ToExplanation(explanation) : null,
        };
        item.Reasons.AddRange(verdict.Reasons);
        return item;
    }

    private static IntakeRefusal Refuse(string code, string field, params string[] arguments) =>
        new(RefusalKind.InvalidArgument, code, field, arguments);

    /// <summary>Which accepted records are enrollment candidates for one request.</summary>
    private sealed class CandidateFilter
    {
        private readonly HashSet<MatchOutcome> _outcomes;
        private readonly HashSet<string> _kelurahan;
        private readonly HashSet<Occupation> _occupations;
        private readonly HashSet<FundingSource> _fundingSources;
        private readonly HashSet<int> _deciles;

        private CandidateFilter(StreamEnrollmentCandidatesRequest request, HashSet<string> kelurahan)
        {
            _outcomes = request.Outcomes.Count > 0 ? [.. request.Outcomes] : [.. EligibilityRule.EnrollableOutcomes];
            _kelurahan = kelurahan;
            _occupations = [.. request.Occupations];
            _fundingSources = [.. request.FundingSources];
            _deciles = [.. request.WelfareDeciles];
        }

        public static CandidateFilter From(StreamEnrollmentCandidatesRequest request)
        {
            for (var i = 0; i < request.Outcomes.Count; i++)
            {
                if (!EligibilityRule.IsEnrollable(request.Outcomes[i]))
                {
                    throw Refuse(ViolationCodes.CandidateOutcomeInvalid, $"outcomes[{i}]", request.Outcomes[i].ToString());
                }
            }
            var kelurahan = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < request.KelurahanCodes.Count; i++)
            {
                kelurahan.Add(Wilayah.ToDottedCode(request.KelurahanCodes[i].Trim())
                    ?? throw Refuse(ViolationCodes.KelurahanMalformed, $"kelurahan_codes[{i}]"));
            }
            return new CandidateFilter(request, kelurahan);
        }

        public bool Admits(LedgerRecord record)
        {
            var worker = record.Worker;
            return _outcomes.Contains(record.Verdict.Outcome)
                && (_kelurahan.Count == 0 || _kelurahan.Contains(Wilayah.ToDottedCode(worker.KelurahanCode.Trim()) ?? ""))
                && (_occupations.Count == 0 || _occupations.Contains(worker.Occupation))
                && (_fundingSources.Count == 0 || _fundingSources.Contains(worker.FundingSource))
                && (_deciles.Count == 0 || (worker.HasWelfareDecile && _deciles.Contains(worker.WelfareDecile)));
        }
    }
}
