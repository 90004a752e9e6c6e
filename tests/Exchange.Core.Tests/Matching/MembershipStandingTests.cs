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
    public void Active_participants_by_months_owed(string today, string lastPaid, MatchOutcome expected) =>
        Assert.Equal(expected, MembershipStanding.Outcome(ParticipantStatus.Active, Registry.Month(lastPaid), DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Ended_membership_is_lapsed_even_when_paid_up() =>
        Assert.Equal(MatchOutcome.Lapsed, MembershipStanding.Outcome(ParticipantStatus.Ended, Registry.Month("2025-06"), Registry.Today));

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
