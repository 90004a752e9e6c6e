using Exchange.Core.Batches;
using Exchange.Core.Matching;
using Exchange.Core.Names;
using Jamsostek.Exchange.V1;
using MatchExplanation = Exchange.Core.Matching.MatchExplanation;

namespace Exchange.Storage.Tests;

/// <summary>The verdict blob both engines store.</summary>
public sealed class VerdictCodecTests
{
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
}
