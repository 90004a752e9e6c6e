using Jamsostek.Exchange.V1;

namespace Exchange.Core.Matching;

/// <summary>What a participant's status and last paid month mean on a given day.</summary>
public static class MembershipStanding
{
    /// <summary>A BPU participant may owe this many months; one more and membership ends.</summary>
    public const int GraceMonths = 3;

    /// <summary>
    /// A BPU contribution is due by the 15th of the month it pays for (BPJS Ketenagakerjaan rules as
    /// reported by Kompas/Kontan; PU employers pay by the 15th of the following month, which is not
    /// told apart here). Treat it as configuration if BPJS says otherwise.
    /// </summary>
    public const int ContributionDueDay = 15;

    /// <summary>
    /// DECEASED is DECEASED, whatever was paid. ENDED is LAPSED. Otherwise the months owed are the
    /// months after the last paid month whose contribution is overdue today: every month before the
    /// current one, and the current one once its 15th has passed. None owed is ACTIVE, 1 to 3 GRACE,
    /// more LAPSED. So paid up to this month or last month is ACTIVE until the 15th. Examples, paid up
    /// to 2025-05: on 2025-06-15 ACTIVE, on 2025-06-16 GRACE (June owed). Paid up to 2025-03: GRACE on
    /// 2025-06-16 (April to June owed), LAPSED from 2025-07-16. Across years: paid up to 2024-10, on
    /// 2025-01-10 November and December are owed, GRACE. A participant who never paid was never
    /// protected and is LAPSED, which makes them an enrollment candidate. An unspecified status is read
    /// like ACTIVE: the payments decide.
    /// </summary>
    public static MatchOutcome Outcome(ParticipantStatus status, CalendarMonth? lastPaidMonth, DateOnly today)
    {
        if (status == ParticipantStatus.Deceased)
        {
            return MatchOutcome.Deceased;
        }
        if (PayingMonth(status, lastPaidMonth) is not { } paid)
        {
            return MatchOutcome.Lapsed;
        }
        var owed = LastOverdueOrdinal(today) - paid.Ordinal;
        return owed switch
        {
            <= 0 => MatchOutcome.Active,
            <= GraceMonths => MatchOutcome.Grace,
            _ => MatchOutcome.Lapsed,
        };
    }

    /// <summary>
    /// The last day <see cref="Outcome"/> is ACTIVE or GRACE if nothing more is paid, or null when it is not on any
    /// day (ended, deceased, never paid). The inverse of the rule above: protected while at most
    /// <see cref="GraceMonths"/> months after the last paid one are overdue, and a month is the latest overdue one up
    /// to the due day of the month after it. Paid up to 2025-03: protected up to 2025-07-15, LAPSED from the 16th.
    /// </summary>
    public static DateOnly? LastProtectedDay(ParticipantStatus status, CalendarMonth? lastPaidMonth)
    {
        if (PayingMonth(status, lastPaidMonth) is not { } paid)
        {
            return null;
        }
        var month = paid.Ordinal + GraceMonths + 1;
        // Paid up to the last months of year 9999: protected beyond the calendar.
        return month / 12 > 9999 ? DateOnly.MaxValue : new DateOnly(month / 12, month % 12 + 1, ContributionDueDay);
    }

    /// <summary>
    /// The latest month whose contribution is overdue today: the current month once its due day has
    /// passed, the month before until then.
    /// </summary>
    public static CalendarMonth LastOverdueMonth(DateOnly today) => CalendarMonth.FromOrdinal(LastOverdueOrdinal(today));

    // The last paid month of a participant whose payments decide their standing; null when they do not.
    private static CalendarMonth? PayingMonth(ParticipantStatus status, CalendarMonth? lastPaidMonth) =>
        status is ParticipantStatus.Ended or ParticipantStatus.Deceased ? null : lastPaidMonth;

    // As an ordinal, which also exists before January of year 1.
    private static int LastOverdueOrdinal(DateOnly today) => CalendarMonth.Of(today).Ordinal - (today.Day > ContributionDueDay ? 0 : 1);
}
