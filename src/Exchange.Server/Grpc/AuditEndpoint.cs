using System.Globalization;
using Exchange.Core.Audit;
using Exchange.Core.Batches;
using Exchange.Core.Validation;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Grpc;

/// <summary>The audit trail for operators and supervisors: read it, and check that nobody altered it.</summary>
public sealed class AuditEndpoint(IAuditTrail trail) : AuditService.AuditServiceBase
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    public override async Task<ListAuditEntriesResponse> ListAuditEntries(ListAuditEntriesRequest request, ServerCallContext context)
    {
        if (request.PageSize is < 0 or > MaxPageSize)
        {
            throw new IntakeRefusal(RefusalKind.InvalidArgument, ViolationCodes.PageSizeInvalid, "page_size",
                [MaxPageSize.ToString(CultureInfo.InvariantCulture)]);
        }
        var response = new ListAuditEntriesResponse();
        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        await foreach (var entry in trail.ReadAsync(request.AfterSequence, size, context.CancellationToken))
        {
            var e = entry.Event;
            response.Entries.Add(new Jamsostek.Exchange.V1.AuditEntry
            {
                Sequence = entry.Sequence,
                // Full precision: a client can recompute the entry's hash from what it reads here.
                At = e.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
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
        var verification = await trail.VerifyAsync(context.CancellationToken);
        return new VerifyAuditTrailResponse
        {
            Intact = verification.Intact,
            EntriesChecked = verification.EntriesChecked,
            FirstBrokenSequence = verification.FirstBrokenSequence ?? 0,
            Problem = verification.Problem ?? "",
        };
    }
}
