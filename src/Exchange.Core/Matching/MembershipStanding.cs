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
    /// ENDED is LAPSED. Otherwise the months owed are the months after the last paid month whose
    /// contribution is overdue today: every month before the current one, and the current one once
    /// its 15th has passed. None owed is ACTIVE, 1 to 3 GRACE, more LAPSED. So paid up to this month
    /// or last month is ACTIVE until the 15th. Examples, paid up to 2025-05: on 2025-06-15 ACTIVE, on
    /// 2025-06-16 GRACE (June owed). Paid up to 2025-03: GRACE on 2025-06-16 (April to June owed),
    /// LAPSED from 2025-07-16. Across years: paid up to 2024-10, on 2025-01-10 November and December
    /// are owed, GRACE. A participant who never paid was never protected and is LAPSED, which makes
    /// them an enrollment candidate. An unspecified status is read like ACTIVE: the payments decide.
    /// </summary>
    public static MatchOutcome Outcome(ParticipantStatus status, CalendarMonth? lastPaidMonth, DateOnly today)
    {
        if (status == ParticipantStatus.Ended || lastPaidMonth is not { } paid)
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
    /// The latest month whose contribution is overdue today: the current month once its due day has
    /// passed, the month before until then.
    /// </summary>
    public static CalendarMonth LastOverdueMonth(DateOnly today) => CalendarMonth.FromOrdinal(LastOverdueOrdinal(today));

    // As an ordinal, which also exists before January of year 1.
    private static int LastOverdueOrdinal(DateOnly today) => CalendarMonth.Of(today).Ordinal - (today.Day > ContributionDueDay ? 0 : 1);
}
