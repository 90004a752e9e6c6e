using System.Globalization;
using Exchange.Core.Batches;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Audit;

/// <summary>
/// Everything the gateway did with one person's data (UU PDP Art. 31-32, the data subject's access): each time an
/// agency sent them, under which purpose, what the gateway answered, and BPJS's review and who decided it.
/// </summary>
/// <param name="MaskedNik">The person's NIK, masked: the report's own audit entry and logs name no more.</param>
public sealed record DataSubjectReport(string MaskedNik, DateTimeOffset GeneratedAt, IReadOnlyList<SubjectProcessing> Processings);

/// <summary>One record of the person in an agency's batch.</summary>
/// <param name="Record">The record as sent, its batch and purpose, and its verdict now (a review decision applied).</param>
/// <param name="Answered">The verdict as the gateway answered the agency when the record arrived.</param>
/// <param name="ReceivedAt">When the gateway stored the record and answered.</param>
/// <param name="Review">BPJS's review, when the record was a possible match.</param>
public sealed record SubjectProcessing(LedgerRecord Record, RecordVerdict Answered, DateTimeOffset ReceivedAt, SubjectReview? Review);

/// <summary>A review of a possible match.</summary>
/// <param name="Decision">Unspecified while nobody decided.</param>
/// <param name="DecidedBy">The caller who decided, from the audit trail; null while undecided or when the trail does not say.</param>
public sealed record SubjectReview(long Id, ReviewDecision Decision, DateTimeOffset? DecidedAt, string? DecidedBy);

/// <summary>The ledger's side of a data subject's report.</summary>
public interface IDataSubjectLedger
{
    /// <summary>
    /// Every stored record whose NIK is exactly <paramref name="nik"/>, in ledger order, each with its review when it
    /// has one (<see cref="SubjectReview.DecidedBy"/> left null: the audit trail knows that).
    /// </summary>
    IAsyncEnumerable<SubjectProcessing> ReadProcessingsAsync(string nik, CancellationToken cancellationToken);
}

/// <summary>Builds a data subject's report from the ledger and, for who decided each review, the audit trail.</summary>
public sealed class DataSubjectReports(IDataSubjectLedger ledger, IAuditTrail trail, TimeProvider clock)
{
    /// <summary>The call that decides a review; its audit entry's detail is <see cref="ReviewDetail"/>.</summary>
    public const string ResolveReviewMethod = "/jamsostek.exchange.v1.RegistryService/ResolveReviewItem";

    private const string ReviewPrefix = "review ";

    /// <summary>The audit detail of a call deciding review <paramref name="id"/>: "review 12: SamePerson".</summary>
    public static string ReviewDetail(long id, ReviewDecision decision) =>
        string.Create(CultureInfo.InvariantCulture, $"{ReviewPrefix}{id}: {decision}");

    public async Task<DataSubjectReport> ReportAsync(string nik, CancellationToken cancellationToken)
    {
        var processings = await ledger.ReadProcessingsAsync(nik, cancellationToken).ToListAsync(cancellationToken);
        var decided = processings.Select(p => p.Review).OfType<SubjectReview>()
            .Where(r => r.Decision != ReviewDecision.Unspecified).Select(r => r.Id).ToHashSet();
        var deciders = new Dictionary<long, string>();
        if (decided.Count > 0)
        {
            // The first successful call about a review decided it; a later one the same way changed nothing.
            await foreach (var entry in trail.FindAsync(ResolveReviewMethod, ReviewPrefix, cancellationToken))
            {
                if (entry.Event.Outcome == "OK" && ReviewIdOf(entry.Event.Detail!) is { } id && decided.Contains(id))
                {
                    deciders.TryAdd(id, entry.Event.Caller);
                }
            }
        }
        return new DataSubjectReport(PersonalData.MaskNik(nik), clock.GetUtcNow(), processings
            .Select(p => p.Review is { } review && deciders.TryGetValue(review.Id, out var caller)
                ? p with { Review = review with { DecidedBy = caller } }
                : p)
            .ToList());
    }

    private static long? ReviewIdOf(string detail)
    {
        var end = detail.IndexOf(':', StringComparison.Ordinal);
        return end > ReviewPrefix.Length
               && long.TryParse(detail.AsSpan(ReviewPrefix.Length, end - ReviewPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;
    }
}
