using Exchange.Core.Matching;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Contributions;

/// <summary>
/// The last day a participant stays protected (ACTIVE or GRACE) if nothing more is paid, for the lapse warnings of whoever
/// pays their contributions. It is <see cref="MembershipStanding.LastProtectedDay"/>: the standing's own rule, so the
/// warning and the standing never disagree.
/// </summary>
public readonly record struct ProtectionEnd(DateOnly LastProtectedDay)
{
    /// <summary>Null when the participant is not protected on any day: ended, deceased, or never paid.</summary>
    public static ProtectionEnd? Of(ParticipantStatus status, CalendarMonth? lastPaidMonth) =>
        MembershipStanding.LastProtectedDay(status, lastPaidMonth) is { } day ? new ProtectionEnd(day) : null;

    /// <summary>Protected on <paramref name="today"/>, and on no day after the <paramref name="days"/> that follow it (0: today is the last).</summary>
    public bool EndsWithin(DateOnly today, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        return LastProtectedDay >= today && LastProtectedDay.DayNumber - today.DayNumber <= days;
    }
}
