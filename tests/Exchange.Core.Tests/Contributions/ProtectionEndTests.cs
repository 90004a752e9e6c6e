using System.Globalization;
using Exchange.Core.Contributions;
using Exchange.Core.Matching;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Tests.Contributions;

public sealed class ProtectionEndTests
{
    [Fact]
    public void Protection_projected_from_the_last_paid_month_agrees_with_the_standing_on_every_day()
    {
        // Every month from 2023 to 2029: two leap days, every 15th and 16th, every month and year end.
        for (var paid = new CalendarMonth(2023, 1); paid.Year < 2030; paid = paid.Plus(1))
        {
            var end = ProtectionEnd.Of(ParticipantStatus.Active, paid)!.Value.LastProtectedDay;
            for (var day = new DateOnly(paid.Year, paid.Month, 1).AddMonths(-1); day <= end; day = day.AddDays(1))
            {
                Assert.True(Standing(paid, day) is MatchOutcome.Active or MatchOutcome.Grace, $"paid up to {paid}, {day:yyyy-MM-dd}: {Standing(paid, day)}");
            }
            Assert.Equal(MatchOutcome.Lapsed, Standing(paid, end.AddDays(1)));
            Assert.Equal(MatchOutcome.Lapsed, Standing(paid, end.AddMonths(1)));
        }
    }

    [Theory]
    [InlineData("2025-03", "2025-07-15")] // the standing's own example: LAPSED from 2025-07-16
    [InlineData("2025-05", "2025-09-15")]
    [InlineData("2025-08", "2025-12-15")]
    [InlineData("2025-09", "2026-01-15")] // across the year
    [InlineData("2023-10", "2024-02-15")] // lapsed by the leap day
    [InlineData("2023-11", "2024-03-15")] // in grace on the leap day
    [InlineData("9999-08", "9999-12-15")]
    public void Protection_ends_on_the_due_day_of_the_fourth_month_after_the_last_paid_one(string paid, string lastDay) =>
        Assert.Equal(Date(lastDay), ProtectionEnd.Of(ParticipantStatus.Active, Month(paid))!.Value.LastProtectedDay);

    [Fact]
    public void Paid_up_to_the_end_of_the_calendar_is_protected_to_its_last_day() =>
        Assert.Equal(DateOnly.MaxValue, ProtectionEnd.Of(ParticipantStatus.Active, Month("9999-09"))!.Value.LastProtectedDay);

    [Theory]
    [InlineData(ParticipantStatus.Ended, "2025-06")]
    [InlineData(ParticipantStatus.Deceased, "2025-06")]
    [InlineData(ParticipantStatus.Active, null)]
    public void Ended_deceased_and_never_paid_participants_have_no_protection_to_end(ParticipantStatus status, string? paid) =>
        Assert.Null(ProtectionEnd.Of(status, paid is null ? null : Month(paid)));

    [Theory]
    [InlineData("2025-07-01", 14, true)]
    [InlineData("2025-07-01", 13, false)]
    [InlineData("2025-07-15", 0, true)]  // today is the last day
    [InlineData("2025-06-15", 30, true)]
    [InlineData("2025-06-14", 30, false)]
    [InlineData("2025-07-16", 30, false)] // ended already: not ending
    public void Ending_within_a_number_of_days_counts_from_today(string today, int days, bool ending) =>
        Assert.Equal(ending, new ProtectionEnd(Date("2025-07-15")).EndsWithin(Date(today), days));

    [Fact]
    public void A_negative_number_of_days_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProtectionEnd(Date("2025-07-15")).EndsWithin(Date("2025-07-01"), -1));

    private static MatchOutcome Standing(CalendarMonth paid, DateOnly day) => MembershipStanding.Outcome(ParticipantStatus.Active, paid, day);

    private static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static CalendarMonth Month(string text) =>
        CalendarMonth.TryParse(text, out var month) ? month : throw new ArgumentException("not YYYY-MM", nameof(text));
}
