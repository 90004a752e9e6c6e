using Jamsostek.Exchange.V1;

namespace Exchange.Core.Matching;

/// <summary>A BPJS participant as the registry holds them, reduced to what matching needs.</summary>
/// <param name="Nik">16 digits.</param>
/// <param name="LastPaidMonth">Null when the participant never paid.</param>
/// <param name="KelurahanCode">Kelurahan of domicile, dotted (32.71.01.1001), when BPJS knows it.</param>
public sealed record RegistryParticipant(
    string Nik,
    string FullName,
    DateOnly? BirthDate,
    Sex Sex,
    Segment Segment,
    ParticipantStatus Status,
    CalendarMonth? LastPaidMonth,
    string? KelurahanCode);
