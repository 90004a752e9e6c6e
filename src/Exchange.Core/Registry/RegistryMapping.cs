using System.Globalization;
using Exchange.Core.Matching;
using Exchange.Core.Reference;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Registry;

/// <summary>From the wire's (validated) participants and worker records to what the matcher compares.</summary>
public static class RegistryMapping
{
    public static RegistryParticipant ToRegistryParticipant(Participant participant) => new(
        participant.Nik,
        participant.FullName,
        ParseDate(participant.BirthDate),
        participant.Sex,
        participant.Segment,
        participant.Status,
        CalendarMonth.TryParse(participant.LastPaidMonth, out var month) ? month : null,
        Wilayah.ToDottedCode(participant.KelurahanCode.Trim()));

    /// <summary>An accepted worker record as the matcher sees it.</summary>
    public static MatchSubject ToMatchSubject(WorkerRecord record) => new(
        record.Nik,
        record.FullName,
        ParseDate(record.BirthDate),
        record.Sex,
        Wilayah.ToDottedCode(record.KelurahanCode.Trim()));

    private static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
