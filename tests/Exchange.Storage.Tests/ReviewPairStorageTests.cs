using Exchange.Core.Batches;
using Exchange.Core.Matching;
using Exchange.Core.Names;
using Exchange.Storage;
using Exchange.Storage.Sqlite;
using Jamsostek.Exchange.V1;
using Microsoft.Data.Sqlite;
using MatchExplanation = Exchange.Core.Matching.MatchExplanation;

namespace Exchange.Storage.Tests;

/// <summary>BPJS's decisions with the pairs they were about, and verdicts with their explanations, stored and read back.</summary>
public sealed class ReviewPairStorageTests : IDisposable
{
    private static readonly DateTimeOffset Now = BogorClock.DefaultStart;
    private readonly TempDirectory _directory = new("exchange-review-pairs-");

    private static readonly ReviewedPair Pair = new(new WorkerIdentity("3201234508920007", "ASEP SAEPUDIN", "1985-07-21"),
        "3271012107850001", "ASEP SAEPUDIN|1985-07-21|Male", ReviewDecision.SamePerson);

    [Fact]
    public async Task A_decision_stores_its_pair_once_and_reads_it_back_after_reopening()
    {
        var path = _directory.File("ledger.db");
        var ledger = new SqliteBatchLedger(SqliteDatabase.Open(path));
        var review = await PossibleMatchAsync(ledger);

        Assert.True(await ledger.DecideReviewAsync(review, ReviewDecision.SamePerson, MatchOutcome.Active, Segment.Bpu, Pair, Now, default));
        Assert.False(await ledger.DecideReviewAsync(review, ReviewDecision.DifferentPerson, MatchOutcome.NotRegistered, Segment.Unspecified,
            Pair with { Decision = ReviewDecision.DifferentPerson }, Now, default));

        SqliteConnection.ClearAllPools();
        var reopened = new SqliteBatchLedger(SqliteDatabase.Open(path));
        Assert.Equal([Pair], await reopened.ReadReviewedPairsAsync(default));
        Assert.Equal(ReviewDecision.SamePerson, (await reopened.FindReviewAsync(review, default))!.Decision);
    }

    [Fact]
    public async Task Stored_pairs_cannot_be_changed_or_removed()
    {
        var path = _directory.File("ledger.db");
        var ledger = new SqliteBatchLedger(SqliteDatabase.Open(path));
        var review = await PossibleMatchAsync(ledger);
        await ledger.DecideReviewAsync(review, ReviewDecision.SamePerson, MatchOutcome.Active, Segment.Bpu, Pair, Now, default);

        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        foreach (var sql in new[] { "UPDATE review_pairs SET decision = 2", "DELETE FROM review_pairs" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
        }
    }

    [Fact]
    public void An_explanation_round_trips_and_a_first_version_blob_still_reads()
    {
        var vector = new ComparisonVector(NikLevel.OneEdit, NameAgreement.Exact, 4.2e-4, BirthDateLevel.AsNiksSay, SexLevel.AsNiksSay, KelurahanLevel.Disagree);
        var explained = new RecordVerdict([], MatchOutcome.PossibleMatch, Segment.Unspecified, 21.7, [MatchReason.NikOneEdit], "3271012107850001",
            new MatchExplanation("ONE_EDIT_NIK_REVIEW", false, vector, FieldWeights.Of(vector), 1));

        var decoded = VerdictCodec.Decode(VerdictCodec.Encode([explained]))[0];

        Assert.Equal(explained.Explanation, decoded.Explanation);
        Assert.Equal(explained.ParticipantNik, decoded.ParticipantNik);

        // Version 1, as ledgers written before explanations hold it: one verdict, ACTIVE, BPU, no findings.
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write((byte)1);
            writer.Write7BitEncodedInt(1);
            writer.Write7BitEncodedInt((int)MatchOutcome.Active);
            writer.Write7BitEncodedInt((int)Segment.Bpu);
            writer.Write(40.5);
            writer.Write7BitEncodedInt(1);
            writer.Write7BitEncodedInt((int)MatchReason.NikExact);
            writer.Write("3271012107850001");
            writer.Write7BitEncodedInt(0);
        }
        var old = Assert.Single(VerdictCodec.Decode(buffer.ToArray()));
        Assert.Equal((MatchOutcome.Active, Segment.Bpu, 40.5, "3271012107850001"), (old.Outcome, old.Segment, old.Score, old.ParticipantNik));
        Assert.Null(old.Explanation);
    }

    private static async Task<long> PossibleMatchAsync(SqliteBatchLedger ledger)
    {
        var (batch, _) = await ledger.OpenAsync("DINSOS", "b1", Purpose.CoverageMatching, Now, default);
        await ledger.AppendChunkAsync(batch.Key, 0, [new WorkerRecord { Nik = Pair.Worker.Nik, FullName = "Asep Saepudin" }],
            [new RecordVerdict([], MatchOutcome.PossibleMatch, Segment.Unspecified, 22, [], Pair.ParticipantNik)], Now, default);
        return Assert.Single(await ledger.ListReviewsAsync(0, 10, false, default)).Id;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
