using Exchange.Core.Matching;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Tests.Matching;

public class MembershipStandingTests
{
    [Theory]
    [InlineData("2025-06-15", "2025-07", MatchOutcome.Active)]  // paid ahead
    [InlineData("2025-06-15", "2025-06", MatchOutcome.Active)]  // this month
    [InlineData("2025-06-30", "2025-06", MatchOutcome.Active)]
    [InlineData("2025-06-15", "2025-05", MatchOutcome.Active)]  // June is due today, not yet owed
    [InlineData("2025-06-16", "2025-05", MatchOutcome.Grace)]   // June owed
    [InlineData("2025-06-15", "2025-04", MatchOutcome.Grace)]   // May owed
    [InlineData("2025-06-15", "2025-02", MatchOutcome.Grace)]   // March to May owed: the last grace month
    [InlineData("2025-06-16", "2025-03", MatchOutcome.Grace)]   // April to June owed
    [InlineData("2025-06-16", "2025-02", MatchOutcome.Lapsed)]  // March to June: four months owed
    [InlineData("2025-06-15", "2025-01", MatchOutcome.Lapsed)]  // February to May owed
    [InlineData("2025-06-15", "2019-11", MatchOutcome.Lapsed)]
    [InlineData("2025-01-01", "2024-12", MatchOutcome.Active)]  // across the year
    [InlineData("2025-01-10", "2024-10", MatchOutcome.Grace)]   // November and December owed
    [InlineData("2025-01-31", "2024-10", MatchOutcome.Grace)]   // November to January owed
    [InlineData("2025-01-31", "2024-09", MatchOutcome.Lapsed)]
    [InlineData("2025-11-30", "2025-10", MatchOutcome.Grace)]   // the synthetic set's as-of day
    [InlineData("2025-03-15", "2025-02", MatchOutcome.Active)]  // the 15th: March due today, not owed
    [InlineData("2025-03-16", "2025-02", MatchOutcome.Grace)]   // the 16th: March owed
    [InlineData("2025-03-16", "2024-11", MatchOutcome.Lapsed)]  // December to March: four owed
    [InlineData("2025-12-31", "2025-12", MatchOutcome.Active)]  // year end
    [InlineData("2025-12-31", "2025-09", MatchOutcome.Grace)]   // October to December owed
    [InlineData("2025-12-31", "2025-08", MatchOutcome.Lapsed)]  // September to December: four owed
    [InlineData("2026-01-01", "2025-11", MatchOutcome.Grace)]   // New Year's Day: December owed
    [InlineData("2026-01-15", "2025-12", MatchOutcome.Active)]
    [InlineData("2026-01-16", "2025-12", MatchOutcome.Grace)]   // January owed
    [InlineData("2026-01-16", "2025-09", MatchOutcome.Lapsed)]  // October to January owed
    [InlineData("2024-02-29", "2024-02", MatchOutcome.Active)]  // leap day
    [InlineData("2024-02-29", "2024-01", MatchOutcome.Grace)]   // February owed since the 16th
    [InlineData("2024-02-29", "2023-10", MatchOutcome.Lapsed)]  // November to February owed
    [InlineData("2024-03-01", "2024-02", MatchOutcome.Active)]  // the day after a leap day
    [InlineData("2024-04-30", "2024-04", MatchOutcome.Active)]  // a 30-day month's end
    public void Active_participants_by_months_owed(string today, string lastPaid, MatchOutcome expected) =>
        Assert.Equal(expected, MembershipStanding.Outcome(ParticipantStatus.Active, Registry.Month(lastPaid), DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2025-06-15", "2025-05")]
    [InlineData("2025-06-16", "2025-06")]
    [InlineData("2026-01-01", "2025-12")]
    [InlineData("2026-01-16", "2026-01")]
    [InlineData("2024-02-29", "2024-02")]
    [InlineData("2024-02-15", "2024-01")]
    public void The_last_overdue_month_turns_after_the_due_day(string today, string expected) =>
        Assert.Equal(expected, MembershipStanding.LastOverdueMonth(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)).ToString());

    [Fact]
    public void Ended_membership_is_lapsed_even_when_paid_up() =>
        Assert.Equal(MatchOutcome.Lapsed, MembershipStanding.Outcome(ParticipantStatus.Ended, Registry.Month("2025-06"), Registry.Today));

    [Theory]
    [InlineData("2025-06")]
    [InlineData("2025-09")]
    [InlineData("2019-11")]
    [InlineData(null)]
    public void A_deceased_participant_is_deceased_whatever_was_paid(string? lastPaid) =>
        Assert.Equal(MatchOutcome.Deceased,
            MembershipStanding.Outcome(ParticipantStatus.Deceased, lastPaid is null ? null : Registry.Month(lastPaid), Registry.Today));

    [Fact]
    public void Never_paid_is_lapsed() =>
        Assert.Equal(MatchOutcome.Lapsed, MembershipStanding.Outcome(ParticipantStatus.Active, null, Registry.Today));

    [Theory]
    [InlineData("2025-06", true)]
    [InlineData("2025-13", false)]
    [InlineData("2025-6", false)]
    [InlineData("202506", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Paid_months_read_as_YYYY_MM(string? text, bool valid) =>
        Assert.Equal(valid, CalendarMonth.TryParse(text, out _));
}
