using System.Buffers.Binary;
using Exchange.Core.Matching;
using Exchange.Core.Reference;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Coverage;

/// <summary>
/// A known worker's projected state as one <see cref="OutcomeLogEntry.State"/>: what they are matched
/// by, their attributes and agencies, their match, and their standing on the entry's day beside the
/// one before. A version byte first, so an older log stays readable when the state grows.
/// </summary>
public static class WorkerStateCodec
{
    private const byte Version = 1;

    public static byte[] Encode(WorkerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            var worker = state.Worker;
            writer.Write(Version);
            writer.Write(worker.Subject.Nik);
            writer.Write(worker.Subject.FullName ?? "");
            writer.Write(worker.Subject.BirthDate?.DayNumber ?? -1);
            writer.Write((int)worker.Subject.Sex);
            writer.Write(worker.Subject.KelurahanCode ?? "");
            writer.Write((int)worker.Occupation);
            writer.Write((int)worker.FundingSource);
            writer.Write(worker.WelfareDecile ?? 0);
            writer.Write(worker.Agencies.Count);
            foreach (var agency in worker.Agencies)
            {
                writer.Write(agency);
            }
            writer.Write((int)state.Found);
            writer.Write(worker.ParticipantNik ?? "");
            writer.Write((int)worker.Status);
            writer.Write(worker.LastPaid?.Ordinal ?? -1);
            writer.Write((int)worker.Outcome);
            writer.Write((int)state.PreviousOutcome);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// FNV-1a over an encoded state, its previous outcome left out: equal states, equal fingerprints, whatever came
    /// before them. Read off the bytes, so a start need not decode every worker's last state to compare it.
    /// </summary>
    /// <exception cref="FormatException">Not a state this codec wrote.</exception>
    public static ulong Fingerprint(ReadOnlySpan<byte> encoded)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Checked(encoded)[..^PreviousOutcomeBytes])
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash;
    }

    /// <summary>The standing on the entry's day an encoded state holds, without decoding the rest.</summary>
    /// <exception cref="FormatException">Not a state this codec wrote.</exception>
    public static MatchOutcome Outcome(ReadOnlySpan<byte> encoded) =>
        (MatchOutcome)BinaryPrimitives.ReadInt32LittleEndian(Checked(encoded)[^(OutcomeBytes + PreviousOutcomeBytes)..]);

    // The outcome and then the previous outcome end every state (Encode), as little-endian 32-bit numbers.
    private const int OutcomeBytes = 4;
    private const int PreviousOutcomeBytes = 4;

    private static ReadOnlySpan<byte> Checked(ReadOnlySpan<byte> encoded) =>
        encoded.Length > 1 + OutcomeBytes + PreviousOutcomeBytes && encoded[0] == Version
            ? encoded
            : throw new FormatException("Not a worker state of a known version.");

    /// <exception cref="FormatException">Not a state this codec wrote.</exception>
    public static WorkerState Decode(byte[] bytes, Wilayah wilayah)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(wilayah);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
            if (reader.ReadByte() != Version)
            {
                throw new FormatException("Not a worker state of a known version.");
            }
            var nik = reader.ReadString();
            var name = reader.ReadString();
            var birthDay = reader.ReadInt32();
            var sex = (Sex)reader.ReadInt32();
            var kelurahanCode = reader.ReadString();
            var occupation = (Occupation)reader.ReadInt32();
            var funding = (FundingSource)reader.ReadInt32();
            var decile = reader.ReadInt32();
            var agencies = new string[reader.ReadInt32()];
            for (var i = 0; i < agencies.Length; i++)
            {
                agencies[i] = reader.ReadString();
            }
            var found = (MatchOutcome)reader.ReadInt32();
            var participantNik = reader.ReadString();
            var status = (ParticipantStatus)reader.ReadInt32();
            var lastPaid = reader.ReadInt32();
            var outcome = (MatchOutcome)reader.ReadInt32();
            var previous = (MatchOutcome)reader.ReadInt32();
            var subject = new MatchSubject(nik, name, birthDay < 0 ? null : DateOnly.FromDayNumber(birthDay), sex,
                kelurahanCode.Length == 0 ? null : kelurahanCode);
            var worker = new KnownWorker(subject, wilayah.TryFindKelurahan(kelurahanCode, out var kelurahan) ? kelurahan : null,
                occupation, funding, decile == 0 ? null : decile, agencies, outcome, participantNik.Length == 0 ? null : participantNik,
                status, lastPaid < 0 ? null : CalendarMonth.FromOrdinal(lastPaid));
            return new WorkerState(worker, found, previous);
        }
        catch (EndOfStreamException exception)
        {
            throw new FormatException("A worker state ends too soon.", exception);
        }
    }
}

/// <summary>A worker's projected state as logged.</summary>
/// <param name="Worker">As on the entry's day: <see cref="KnownWorker.Outcome"/> is the standing that day.</param>
/// <param name="Found">What matching found: NOT_REGISTERED, POSSIBLE_MATCH, or ACTIVE for a matched participant (whose standing follows from status and last paid month).</param>
/// <param name="PreviousOutcome">The standing logged before this entry; unspecified for the worker's first.</param>
public sealed record WorkerState(KnownWorker Worker, MatchOutcome Found, MatchOutcome PreviousOutcome);
