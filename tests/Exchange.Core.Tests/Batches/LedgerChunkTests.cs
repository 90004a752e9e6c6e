using System.Globalization;
using Exchange.Core.Batches;
using Exchange.Core.Matching;
using Exchange.Core.Validation;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Tests.Batches;

public sealed class LedgerChunkTests
{
    private static RecordVerdict Answered(MatchOutcome outcome) => new([], outcome, Segment.Unspecified, 0, []);

    private static readonly RecordVerdict Refused = RecordVerdict.Rejected([Finding.Error("full_name", ViolationCodes.NameRequired)]);

    [Fact]
    public void A_chunk_keeps_the_niks_of_its_accepted_records_and_reviews_its_accepted_possible_matches()
    {
        var records = Workers.ValidMany(4);
        var chunk = LedgerChunk.Create(7, 1000, records,
            [Answered(MatchOutcome.Active), Refused, Answered(MatchOutcome.PossibleMatch), Answered(MatchOutcome.NotRegistered)],
            BogorClock.DefaultStart);

        Assert.Equal(1004, chunk.EndOffset);
        Assert.Equal([1000L, 1002L, 1003L], chunk.AcceptedNiks.Select(n => n.Offset));
        Assert.Equal(long.Parse(records[2].Nik, CultureInfo.InvariantCulture), chunk.AcceptedNiks[1].Nik);
        Assert.Equal([1002L], chunk.ReviewOffsets);
        Assert.Equal((4, 3, 1), (chunk.Counts.Records, chunk.Counts.Accepted, chunk.Counts.Rejected));
    }

    [Fact]
    public void A_refused_possible_match_is_not_reviewed_and_a_refused_nik_is_not_kept()
    {
        var refusedMatch = Refused with { Outcome = MatchOutcome.PossibleMatch };

        var chunk = LedgerChunk.Create(7, 0, Workers.ValidMany(1), [refusedMatch], BogorClock.DefaultStart);

        Assert.Empty(chunk.AcceptedNiks);
        Assert.Empty(chunk.ReviewOffsets);
    }

    [Fact]
    public void A_chunk_needs_a_verdict_per_record_and_a_record()
    {
        Assert.Throws<ArgumentException>(() => LedgerChunk.Create(7, 0, Workers.ValidMany(2), [Refused], BogorClock.DefaultStart));
        Assert.Throws<ArgumentException>(() => LedgerChunk.Create(7, 0, [], [], BogorClock.DefaultStart));
    }

    [Fact]
    public void A_review_decision_gives_the_record_its_outcome_and_says_it_was_reviewed()
    {
        var proposed = Answered(MatchOutcome.PossibleMatch) with { Reasons = [MatchReason.NameAgrees] };

        var decided = ReviewedOutcome.Apply(proposed, new ReviewedOutcome(MatchOutcome.Grace, Segment.Bpu));

        Assert.Equal((MatchOutcome.Grace, Segment.Bpu), (decided.Outcome, decided.Segment));
        Assert.Equal([MatchReason.NameAgrees, MatchReason.Reviewed], decided.Reasons);
        Assert.Same(proposed, ReviewedOutcome.Apply(proposed, null));
    }

    [Fact]
    public void Batch_counts_move_reviewed_possible_matches_to_their_decided_outcome()
    {
        var answered = new Dictionary<MatchOutcome, long>
        {
            [MatchOutcome.Active] = 5, [MatchOutcome.Grace] = 0, [MatchOutcome.Lapsed] = 1,
            [MatchOutcome.NotRegistered] = 10, [MatchOutcome.PossibleMatch] = 3,
        };
        var reviewedTo = new Dictionary<MatchOutcome, long> { [MatchOutcome.Grace] = 1, [MatchOutcome.NotRegistered] = 1 };

        var counts = BatchCounts.FromLedger(records: 20, accepted: 19, warned: 2, answered, reviewedTo);

        Assert.Equal((20, 19, 1, 2), (counts.Records, counts.Accepted, counts.Rejected, counts.Warned));
        Assert.Equal(new Dictionary<MatchOutcome, long>
        {
            [MatchOutcome.Active] = 5, [MatchOutcome.Grace] = 1, [MatchOutcome.Lapsed] = 1,
            [MatchOutcome.NotRegistered] = 11, [MatchOutcome.PossibleMatch] = 1,
        }, counts.Outcomes.OrderBy(o => o.Key));
        Assert.Equal(counts.Accepted, counts.Outcomes.Values.Sum());
    }

    [Fact]
    public void Deceased_workers_are_counted_under_their_own_outcome_in_a_chunk_and_a_batch()
    {
        var chunk = LedgerChunk.Create(7, 0, Workers.ValidMany(3),
            [Answered(MatchOutcome.Deceased), Answered(MatchOutcome.Lapsed), Answered(MatchOutcome.Deceased)], BogorClock.DefaultStart);
        Assert.Equal((2L, 1L), (chunk.Counts.Outcomes[MatchOutcome.Deceased], chunk.Counts.Outcomes[MatchOutcome.Lapsed]));
        Assert.Contains(MatchOutcome.Deceased, LedgerChunk.CountedOutcomes);

        // A possible match BPJS decides is the participant, who has died, moves to DECEASED.
        var counts = BatchCounts.FromLedger(6, 6, 0,
            new Dictionary<MatchOutcome, long> { [MatchOutcome.Deceased] = 2, [MatchOutcome.Lapsed] = 1, [MatchOutcome.PossibleMatch] = 3 },
            new Dictionary<MatchOutcome, long> { [MatchOutcome.Deceased] = 1 });

        Assert.Equal(new Dictionary<MatchOutcome, long>
        {
            [MatchOutcome.Lapsed] = 1, [MatchOutcome.PossibleMatch] = 2, [MatchOutcome.Deceased] = 3,
        }, counts.Outcomes.OrderBy(o => o.Key));
    }

    [Fact]
    public void Batch_counts_show_accepted_records_without_an_outcome_as_unspecified()
    {
        var counts = BatchCounts.FromLedger(3, 3, 0, new Dictionary<MatchOutcome, long> { [MatchOutcome.Active] = 2 },
            new Dictionary<MatchOutcome, long>());

        Assert.Equal(1, counts.Outcomes[MatchOutcome.Unspecified]);
        Assert.False(counts.Outcomes.ContainsKey(MatchOutcome.Grace));
    }
}
