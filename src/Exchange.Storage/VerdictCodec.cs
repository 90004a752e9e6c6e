using Exchange.Core.Batches;
using Exchange.Core.Validation;
using Jamsostek.Exchange.V1;

namespace Exchange.Storage;

/// <summary>
/// Packs a chunk's verdicts into one compact blob and back. The layout is versioned by its first byte
/// so stored ledgers stay readable when it changes.
/// </summary>
public static class VerdictCodec
{
    private const byte Version = 1;

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
        if (version != Version)
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
                participantNik.Length > 0 ? participantNik : null);
        }
        return verdicts;
    }
}
