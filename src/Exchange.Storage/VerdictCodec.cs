using Exchange.Core.Batches;
using Exchange.Core.Matching;
using MatchExplanation = Exchange.Core.Matching.MatchExplanation;
using Exchange.Core.Names;
using Exchange.Core.Validation;
using Jamsostek.Exchange.V1;

namespace Exchange.Storage;

/// <summary>
/// Packs a chunk's verdicts into one compact blob and back. The layout is versioned by its first byte
/// so stored ledgers stay readable when it changes: version 2 added the match explanation (the
/// deciding row, the comparison levels and each field's weight as it was weighed then).
/// </summary>
public static class VerdictCodec
{
    private const byte Version = 2;
    private const byte WithoutExplanations = 1;

    public static byte[] Encode(IReadOnlyList<RecordVerdict> verdicts)
    {
        using var buffer = new MemoryStream(verdicts.Count * 16);
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(Version);
            writer.Write7BitEncodedInt(verdicts.Count);
            foreach (var verdict in verdicts)
            {
                writer.Write7BitEncodedInt((int)verdict.Outcome);
                writer.Write7BitEncodedInt((int)verdict.Segment);
                writer.Write(verdict.Score);
                writer.Write7BitEncodedInt(verdict.Reasons.Count);
                foreach (var reason in verdict.Reasons)
                {
                    writer.Write7BitEncodedInt((int)reason);
                }
                writer.Write(verdict.ParticipantNik ?? "");
                WriteExplanation(writer, verdict.Explanation);
                writer.Write7BitEncodedInt(verdict.Findings.Count);
                foreach (var finding in verdict.Findings)
                {
                    writer.Write(finding.Field);
                    writer.Write(finding.Code);
                    writer.Write((byte)finding.Severity);
                    writer.Write7BitEncodedInt(finding.Arguments.Count);
                    foreach (var argument in finding.Arguments)
                    {
                        writer.Write(argument);
                    }
                }
            }
        }
        return buffer.ToArray();
    }

    public static RecordVerdict[] Decode(byte[] blob)
    {
        using var reader = new BinaryReader(new MemoryStream(blob, writable: false));
        var version = reader.ReadByte();
        if (version is not (Version or WithoutExplanations))
        {
            throw new InvalidDataException($"Unknown verdict blob version {version}.");
        }
        var verdicts = new RecordVerdict[reader.Read7BitEncodedInt()];
        for (var i = 0; i < verdicts.Length; i++)
        {
            var outcome = (MatchOutcome)reader.Read7BitEncodedInt();
            var segment = (Segment)reader.Read7BitEncodedInt();
            var score = reader.ReadDouble();
            var reasons = new MatchReason[reader.Read7BitEncodedInt()];
            for (var r = 0; r < reasons.Length; r++)
            {
                reasons[r] = (MatchReason)reader.Read7BitEncodedInt();
            }
            var participantNik = reader.ReadString();
            var explanation = version == Version ? ReadExplanation(reader) : null;
            var findings = new Finding[reader.Read7BitEncodedInt()];
            for (var f = 0; f < findings.Length; f++)
            {
                var field = reader.ReadString();
                var code = reader.ReadString();
                var severity = (FindingSeverity)reader.ReadByte();
                var arguments = new string[reader.Read7BitEncodedInt()];
                for (var a = 0; a < arguments.Length; a++)
                {
                    arguments[a] = reader.ReadString();
                }
                findings[f] = new Finding(field, code, severity, arguments);
            }
            verdicts[i] = new RecordVerdict(findings, outcome, segment, score, reasons,
                participantNik.Length > 0 ? participantNik : null, explanation);
        }
        return verdicts;
    }

    private static void WriteExplanation(BinaryWriter writer, MatchExplanation? explanation)
    {
        if (explanation is not { } e)
        {
            writer.Write(false);
            return;
        }
        writer.Write(true);
        writer.Write(e.Rung);
        writer.Write(e.BlockedByRivals);
        writer.Write7BitEncodedInt(e.OneEditCandidates);
        var v = e.Vector;
        writer.Write((byte)v.Nik);
        writer.Write((byte)v.Name);
        writer.Write((byte)v.BirthDate);
        writer.Write((byte)v.Sex);
        writer.Write((byte)v.Kelurahan);
        writer.Write(v.NameFrequency);
        var w = e.Weights;
        foreach (var weight in new[] { w.Nik, w.Name, w.BirthDate, w.Sex, w.Kelurahan })
        {
            writer.Write(weight);
        }
    }

    private static MatchExplanation? ReadExplanation(BinaryReader reader)
    {
        if (!reader.ReadBoolean())
        {
            return null;
        }
        var rung = reader.ReadString();
        var blocked = reader.ReadBoolean();
        var oneEdit = reader.Read7BitEncodedInt();
        var (nik, name, birthDate, sex, kelurahan) = ((NikLevel)reader.ReadByte(), (NameAgreement)reader.ReadByte(), (BirthDateLevel)reader.ReadByte(),
            (SexLevel)reader.ReadByte(), (KelurahanLevel)reader.ReadByte());
        var vector = new ComparisonVector(nik, name, reader.ReadDouble(), birthDate, sex, kelurahan);
        var weights = new FieldWeights(reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
        return new MatchExplanation(rung, blocked, vector, weights, oneEdit);
    }
}
