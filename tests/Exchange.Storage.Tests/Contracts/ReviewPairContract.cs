using System.Data.Common;
using Exchange.Core.Batches;
using Exchange.Core.Matching;
using Exchange.Storage.Tests.Engines;
using Jamsostek.Exchange.V1;

namespace Exchange.Storage.Tests.Contracts;

/// <summary>BPJS's decisions with the pairs they were about, stored and read back.</summary>
public abstract class ReviewPairContract(Func<Task<TestStorage>> create) : StorageContract(create)
{
    private static readonly DateTimeOffset Now = BogorClock.DefaultStart;

    private static readonly ReviewedPair Pair = new(new WorkerIdentity("3201234508920007", "ASEP SAEPUDIN", "1985-07-21"),
        "3271012107850001", "ASEP SAEPUDIN|1985-07-21|Male", ReviewDecision.SamePerson);

    [SkippableFact]
    public async Task A_decision_stores_its_pair_once_and_reads_it_back_after_reopening()
    {
        var ledger = Opened.Ledger;
        var review = await PossibleMatchAsync(ledger);

        Assert.True(await ledger.DecideReviewAsync(review, ReviewDecision.SamePerson, MatchOutcome.Active, Segment.Bpu, Pair, Now, default));
        Assert.False(await ledger.DecideReviewAsync(review, ReviewDecision.DifferentPerson, MatchOutcome.NotRegistered, Segment.Unspecified,
            Pair with { Decision = ReviewDecision.DifferentPerson }, Now, default));

        var reopened = (await Storage.OpenAsync()).Ledger;
        Assert.Equal([Pair], await reopened.ReadReviewedPairsAsync(default));
        Assert.Equal(1, await reopened.CountReviewedPairsAsync(default));
        Assert.Equal(ReviewDecision.SamePerson, (await reopened.FindReviewAsync(review, default))!.Decision);
    }

    [SkippableFact]
    public async Task Two_deciders_at_once_store_one_decision()
    {
        var ledgers = new[] { Opened.Ledger, (await Storage.OpenAsync()).Ledger };
        var review = await PossibleMatchAsync(ledgers[0]);

        var decided = await Task.WhenAll(ledgers.Select((ledger, i) => Task.Run(() => ledger.DecideReviewAsync(review,
            i == 0 ? ReviewDecision.SamePerson : ReviewDecision.DifferentPerson, MatchOutcome.Active, Segment.Bpu,
            Pair with { Decision = i == 0 ? ReviewDecision.SamePerson : ReviewDecision.DifferentPerson }, Now, default))));

        Assert.Single(decided, d => d);
        var pair = Assert.Single(await ledgers[1].ReadReviewedPairsAsync(default));
        Assert.Equal(pair.Decision, (await ledgers[0].FindReviewAsync(review, default))!.Decision);
    }

    [SkippableFact]
    public async Task Stored_pairs_cannot_be_changed_or_removed()
    {
        var review = await PossibleMatchAsync(Opened.Ledger);
        await Opened.Ledger.DecideReviewAsync(review, ReviewDecision.SamePerson, MatchOutcome.Active, Segment.Bpu, Pair, Now, default);

        foreach (var sql in new[] { "UPDATE review_pairs SET decision = 2", "DELETE FROM review_pairs" })
        {
            await Assert.ThrowsAnyAsync<DbException>(() => Storage.ExecuteAsync(sql));
        }
        Assert.Equal([Pair], await Opened.Ledger.ReadReviewedPairsAsync(default));
    }

    private static async Task<long> PossibleMatchAsync(IBatchLedger ledger)
    {
        var (batch, _) = await ledger.OpenAsync("DINSOS", "b1", Purpose.CoverageMatching, Now, default);
        await ledger.AppendChunkAsync(LedgerChunk.Create(batch.Key, 0, [new WorkerRecord { Nik = Pair.Worker.Nik, FullName = "Asep Saepudin" }],
            [new RecordVerdict([], MatchOutcome.PossibleMatch, Segment.Unspecified, 22, [], Pair.ParticipantNik)], Now), default);
        return Assert.Single(await ledger.ListReviewsAsync(0, 10, false, default)).Id;
    }
}

public sealed class SqliteReviewPairTests() : ReviewPairContract(SqliteStorage.CreateAsync);

public sealed class PostgresReviewPairTests() : ReviewPairContract(PostgresStorage.CreateAsync);
