using Exchange.Core.Matching;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Tests.Matching;

/// <summary>Participants and workers for matching tests, with defaults that agree unless told otherwise.</summary>
internal static class Registry
{
    public static readonly DateOnly Today = new(2025, 6, 15);

    public const string Kelurahan = "32.71.01.1001";

    public static RegistryParticipant Participant(
        string nik,
        string name,
        string birthDate,
        Sex sex = Sex.Male,
        ParticipantStatus status = ParticipantStatus.Active,
        string? lastPaid = "2025-06",
        string? kelurahan = Kelurahan,
        Segment segment = Segment.Bpu) =>
        new(nik, name, DateOnly.Parse(birthDate, System.Globalization.CultureInfo.InvariantCulture), sex, segment, status,
            lastPaid is null ? null : Month(lastPaid), kelurahan);

    public static MatchSubject Worker(string nik, string name, string? birthDate, Sex sex = Sex.Male, string? kelurahan = Kelurahan) =>
        new(nik, name, birthDate is null ? null : DateOnly.Parse(birthDate, System.Globalization.CultureInfo.InvariantCulture), sex, kelurahan);

    public static RegistryIndex Index(params RegistryParticipant[] participants) => RegistryIndex.Build(participants);

    public static MatchResult Match(MatchSubject worker, params RegistryParticipant[] participants) =>
        Matcher.Match(worker, Index(participants), Today);

    public static CalendarMonth Month(string text) =>
        CalendarMonth.TryParse(text, out var month) ? month : throw new ArgumentException("not YYYY-MM", nameof(text));
}
