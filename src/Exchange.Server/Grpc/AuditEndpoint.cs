using System.Globalization;
using Exchange.Core.Audit;
using Exchange.Core.Batches;
using Exchange.Core.Validation;
using Exchange.Server.Security;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Grpc;

/// <summary>
/// The audit trail for operators and supervisors: read it, check that nobody altered it, and answer a data subject's
/// request for everything done with their data.
/// </summary>
public sealed class AuditEndpoint(IAuditTrail trail, RefusedCalls refusedCalls, AuditRecorder recorder, DataSubjectReports reports,
    PurposePolicy purposes)
    : AuditService.AuditServiceBase
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;
    private const int NikLength = 16;

    public override async Task<ListAuditEntriesResponse> ListAuditEntries(ListAuditEntriesRequest request, ServerCallContext context)
    {
        if (request.PageSize is < 0 or > MaxPageSize)
        {
            throw new IntakeRefusal(RefusalKind.InvalidArgument, ViolationCodes.PageSizeInvalid, "page_size",
                [MaxPageSize.ToString(CultureInfo.InvariantCulture)]);
        }
        // A reader sees the refused calls of every interval that has ended, and the entries kept during a fault once it is over.
        await refusedCalls.FlushDueAsync();
        await recorder.FlushAsync();
        var response = new ListAuditEntriesResponse();
        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        await foreach (var entry in trail.ReadAsync(request.AfterSequence, size, context.CancellationToken))
        {
            var e = entry.Event;
            response.Entries.Add(new Jamsostek.Exchange.V1.AuditEntry
            {
                Sequence = entry.Sequence,
                // Full precision: a client can recompute the entry's hash from what it reads here.
                At = Time(e.At),
                Caller = e.Caller,
                Role = e.Role,
                Method = e.Method,
                BatchId = e.BatchId ?? "",
                RecordCount = e.RecordCount,
                Outcome = e.Outcome,
                Detail = e.Detail ?? "",
                PreviousHash = entry.PreviousHash,
                Hash = entry.Hash,
            });
        }
        return response;
    }

    public override async Task<VerifyAuditTrailResponse> VerifyAuditTrail(VerifyAuditTrailRequest request, ServerCallContext context)
    {
        await refusedCalls.FlushDueAsync();
        await recorder.FlushAsync();
        var verification = await trail.VerifyAsync(context.CancellationToken);
        return new VerifyAuditTrailResponse
        {
            Intact = verification.Intact,
            EntriesChecked = verification.EntriesChecked,
            FirstBrokenSequence = verification.FirstBrokenSequence ?? 0,
            Problem = verification.Problem ?? "",
            CheckpointsChecked = verification.CheckpointsChecked,
            LastCheckpointSequence = verification.LastCheckpointSequence,
        };
    }

    public override async Task<GetDataSubjectReportResponse> GetDataSubjectReport(GetDataSubjectReportRequest request, ServerCallContext context)
    {
        if (request.Nik.Length == 0)
        {
            throw new IntakeRefusal(RefusalKind.InvalidArgument, ViolationCodes.NikRequired, "nik", []);
        }
        // Any 16 digits, not only a valid NIK: records refused for their NIK were processed too.
        if (request.Nik.Length != NikLength || request.Nik.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            throw new IntakeRefusal(RefusalKind.InvalidArgument, ViolationCodes.NikMalformed, "nik", []);
        }
        var report = await reports.ReportAsync(request.Nik, context.CancellationToken);
        var note = context.Audit();
        note.Detail = string.Create(CultureInfo.InvariantCulture, $"data subject {report.MaskedNik}: {report.Processings.Count} records");
        note.AddRecords(report.Processings.Count);
        var language = CallLanguage.Of(context);
        var response = new GetDataSubjectReportResponse { MaskedNik = report.MaskedNik, GeneratedAt = Time(report.GeneratedAt) };
        foreach (var processing in report.Processings)
        {
            var record = processing.Record;
            response.Processings.Add(new DataSubjectProcessing
            {
                Agency = record.Agency,
                BatchId = record.BatchId,
                Offset = record.Offset,
                Purpose = record.Purpose,
                ReceivedAt = Time(processing.ReceivedAt),
                Worker = record.Worker,
                Answered = purposes.Minimise(ResultMapping.ToResult(new StoredVerdict(record.Offset, processing.Answered), "", language), record.Purpose),
                CurrentOutcome = record.Verdict.Outcome,
                Review = processing.Review is not { } review ? null : new DataSubjectReview
                {
                    ReviewId = review.Id.ToString(CultureInfo.InvariantCulture),
                    Decision = review.Decision,
                    DecidedBy = review.DecidedBy ?? "",
                    DecidedAt = review.DecidedAt is { } at ? Time(at) : "",
                },
            });
        }
        return response;
    }

    private static string Time(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
}
