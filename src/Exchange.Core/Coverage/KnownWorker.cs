using Exchange.Core.Matching;
using Exchange.Core.Reference;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Coverage;

/// <summary>One known worker as the projection holds them on a day (<see cref="KnownWorkers.Select"/>).</summary>
/// <param name="Subject">What they are matched by, from their latest accepted record.</param>
/// <param name="Kelurahan">Null when the record's code is not one of the city's.</param>
/// <param name="WelfareDecile">1-10, null when no agency stated it.</param>
/// <param name="Agencies">The agencies that submitted them, in the order they first did.</param>
/// <param name="Outcome">Their standing on the day: matched (ACTIVE, GRACE, LAPSED, DECEASED), POSSIBLE_MATCH or NOT_REGISTERED.</param>
/// <param name="ParticipantNik">The participant matched or proposed, null for none.</param>
/// <param name="Status">That participant's status; unspecified for none.</param>
/// <param name="LastPaid">That participant's last paid month; null for none or never paid.</param>
public sealed record KnownWorker(
    MatchSubject Subject,
    Kelurahan? Kelurahan,
    Occupation Occupation,
    FundingSource FundingSource,
    int? WelfareDecile,
    IReadOnlyList<string> Agencies,
    MatchOutcome Outcome,
    string? ParticipantNik,
    ParticipantStatus Status,
    CalendarMonth? LastPaid);
