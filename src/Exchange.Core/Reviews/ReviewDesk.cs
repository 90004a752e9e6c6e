using Exchange.Core.Batches;
using Exchange.Core.Matching;
using Exchange.Core.Registry;
using Exchange.Core.Validation;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Reviews;

/// <summary>
/// BPJS's decisions on possible matches: taking one (the record's outcome from then on, and the pair
/// remembered), and the set of every decision taken, which matching applies to later records of the
/// same worker in any agency's batch (<see cref="DecisionTable"/>, REVIEWED_* rows).
/// </summary>
public sealed class ReviewDesk(IBatchLedger ledger, ParticipantRegistry registry, TimeProvider clock)
{
    private readonly Lock _adding = new();
    private volatile ReviewedPairs _pairs = ReviewedPairs.Empty;
    // Decisions in the ledger that _pairs holds (a later decision on a pair replaces an earlier one in _pairs).
    private long _storedPairs;

    /// <summary>Every decision taken so far; hold on to the returned set to use one version.</summary>
    public ReviewedPairs Pairs => _pairs;

    /// <summary>After decisions are taken here or read from another replica: the decisions now, and the NIKs of the workers decided on.</summary>
    public event Action<ReviewedPairs, IReadOnlyCollection<string>>? Changed;

    /// <summary>
    /// Reads the stored decisions again when there are others than those held, so a decision taken through another
    /// replica answers this replica's records too; cheap (one count) when there are none.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (await ledger.CountReviewedPairsAsync(cancellationToken) != Interlocked.Read(ref _storedPairs))
        {
            await LoadAsync(cancellationToken);
        }
    }

    /// <summary>Reads the stored decisions (at start, and when <see cref="RefreshAsync"/> finds others).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var read = await ledger.ReadReviewedPairsAsync(cancellationToken);
        ReviewedPairs? loaded = null;
        lock (_adding)
        {
            // A decision taken here meanwhile is in the ledger too: the read above has it, or the next one will.
            if (read.Count >= Interlocked.Read(ref _storedPairs))
            {
                _pairs = loaded = ReviewedPairs.Of(read);
                Interlocked.Exchange(ref _storedPairs, read.Count);
            }
        }
        if (loaded is not null)
        {
            Changed?.Invoke(loaded, [.. read.Select(p => p.Worker.Nik).Distinct()]);
        }
    }

    /// <summary>
    /// Decides a review item: same person gives the record the participant's standing today, different
    /// person makes it NOT_REGISTERED. Deciding again the same way changes nothing; another way is refused.
    /// </summary>
    public async Task<ReviewEntry> ResolveAsync(long id, ReviewDecision decision, CancellationToken cancellationToken)
    {
        var entry = await ledger.FindReviewAsync(id, cancellationToken)
            ?? throw new IntakeRefusal(RefusalKind.NotFound, ViolationCodes.ReviewNotFound, "review_id", [id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var participantNik = entry.Verdict.ParticipantNik!;
        var index = registry.Index;
        var (outcome, segment) = decision == ReviewDecision.SamePerson
            // A participant removed from the registry since is no longer protected.
            ? index.StandingOf(participantNik, Time.Wib.Today(clock)) ?? (MatchOutcome.Lapsed, Segment.Unspecified)
            : (MatchOutcome.NotRegistered, Segment.Unspecified);
        var pair = new ReviewedPair(WorkerIdentity.Of(RegistryMapping.ToMatchSubject(entry.Record.Worker)), participantNik,
            index.IdentityOf(participantNik) ?? "", decision);
        var decided = await ledger.DecideReviewAsync(id, decision, outcome, segment, pair, clock.GetUtcNow(), cancellationToken);
        var current = (await ledger.FindReviewAsync(id, cancellationToken))!;
        if (!decided && current.Decision != decision)
        {
            throw new IntakeRefusal(RefusalKind.FailedPrecondition, ViolationCodes.ReviewAlreadyDecided, "decision", [current.Decision.ToString()]);
        }
        if (decided)
        {
            ReviewedPairs pairs;
            lock (_adding)
            {
                _pairs = pairs = _pairs.With(pair);
                Interlocked.Increment(ref _storedPairs);
            }
            Changed?.Invoke(pairs, [pair.Worker.Nik]);
        }
        return current;
    }
}
