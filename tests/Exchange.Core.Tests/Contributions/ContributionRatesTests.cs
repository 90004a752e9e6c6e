using Exchange.Core.Contributions;
using Exchange.Core.Matching;

namespace Exchange.Core.Tests.Contributions;

public sealed class ContributionRatesTests
{
    // A later period as a regulation might bring it: half the JKK percentage and half the JKM, Rp 8,400 at the minimum.
    private static readonly ContributionRate Halved = new()
    {
        EffectiveFrom = new DateOnly(2026, 7, 1), JkkPercent = 0.5m, MinimumIncomeRupiah = 1_000_000, JkmRupiah = 3_400,
    };

    [Fact]
    public void The_default_is_PP_44_of_2015_at_16800_rupiah_a_month_on_the_minimum_income()
    {
        var rate = ContributionRates.Default.On(new DateOnly(2026, 3, 1));

        Assert.Equal((new DateOnly(2015, 7, 1), 1m, 1_000_000L, 6_800L), (rate.EffectiveFrom, rate.JkkPercent, rate.MinimumIncomeRupiah, rate.JkmRupiah));
        Assert.Equal(16_800, rate.MinimumMonthlyRupiah);
    }

    [Theory]
    [InlineData(2_500_000, 31_800)]  // 25,000 JKK + 6,800 JKM
    [InlineData(500_000, 16_800)]    // below the minimum: pays as on the minimum
    [InlineData(1_234_550, 19_146)]  // 12,345.5 JKK rounds to 12,346
    [InlineData(20_700_000, 213_800)] // the top of the JKK range, 207,000
    public void JKK_is_a_percentage_of_the_declared_income_never_below_the_minimum(long income, long monthly) =>
        Assert.Equal(monthly, ContributionRates.Pp44Of2015.MonthlyRupiah(income));

    [Fact]
    public void The_cost_of_a_year_is_people_times_rate_times_twelve()
    {
        var january = new CalendarMonth(2026, 1);

        Assert.Equal(1_250L * 16_800 * 12, ContributionRates.Default.AnnualCost(1_250, january));
        Assert.Equal(252_000_000, ContributionRates.Default.AnnualCost(1_250, january));
        Assert.Equal(1_250L * 16_800 * 3, ContributionRates.Default.Cost(1_250, january, new CalendarMonth(2026, 3)));
        Assert.Equal(0, ContributionRates.Default.AnnualCost(0, january));
    }

    [Fact]
    public void A_rate_taking_effect_mid_year_prices_each_month_at_its_own_rate()
    {
        var rates = new ContributionRates([ContributionRates.Pp44Of2015, Halved]);

        var months = rates.MonthlyCosts(100, new CalendarMonth(2026, 1), 12);

        Assert.Equal(Enumerable.Repeat(1_680_000L, 6).Concat(Enumerable.Repeat(840_000L, 6)), months.Select(m => m.Rupiah));
        Assert.Equal(new CalendarMonth(2026, 7), months[6].Month);
        Assert.Equal(100L * 16_800 * 6 + 100L * 8_400 * 6, rates.AnnualCost(100, new CalendarMonth(2026, 1)));
        Assert.Equal(15_120_000, rates.AnnualCost(100, new CalendarMonth(2026, 1)));
        // The same year under the default alone costs more.
        Assert.Equal(20_160_000, ContributionRates.Default.AnnualCost(100, new CalendarMonth(2026, 1)));
        // A year from a start month spans two calendar years.
        Assert.Equal(100L * 16_800 * 2 + 100L * 8_400 * 10, rates.AnnualCost(100, new CalendarMonth(2026, 5)));
    }

    [Fact]
    public void The_rate_on_a_date_is_the_latest_period_in_force_and_a_month_pays_the_rate_of_its_first_day()
    {
        var midMonth = Halved with { EffectiveFrom = new DateOnly(2026, 7, 15) };
        var rates = new ContributionRates([ContributionRates.Pp44Of2015, midMonth]);

        Assert.Same(ContributionRates.Pp44Of2015, rates.On(new DateOnly(2026, 7, 14)));
        Assert.Same(midMonth, rates.On(new DateOnly(2026, 7, 15)));
        Assert.Same(ContributionRates.Pp44Of2015, rates.For(new CalendarMonth(2026, 7)));
        Assert.Same(midMonth, rates.For(new CalendarMonth(2026, 8)));
        Assert.Throws<ArgumentOutOfRangeException>(() => rates.On(new DateOnly(2015, 6, 30)));
    }

    [Fact]
    public void Periods_must_be_oldest_first_once_each_with_every_amount_positive()
    {
        Assert.Equal(["at least one rate period is needed"], ContributionRates.Problems([]));
        Assert.Contains("oldest first", Assert.Single(ContributionRates.Problems([Halved, ContributionRates.Pp44Of2015])));
        Assert.Contains("same day", Assert.Single(ContributionRates.Problems([Halved, Halved with { JkmRupiah = 1 }])));
        Assert.Contains("positive", Assert.Single(ContributionRates.Problems([Halved with { JkmRupiah = 0 }])));
        Assert.Contains("positive", Assert.Single(ContributionRates.Problems([Halved with { JkkPercent = -1m }])));
        Assert.Contains("positive", Assert.Single(ContributionRates.Problems([Halved with { MinimumIncomeRupiah = 0 }])));
        Assert.Contains("no effective date", Assert.Single(ContributionRates.Problems([Halved with { EffectiveFrom = default }])));
        Assert.Empty(ContributionRates.Problems([ContributionRates.Pp44Of2015, Halved]));

        var refused = Assert.Throws<ArgumentException>(() => new ContributionRates([Halved, Halved]));
        Assert.Contains("same day", refused.Message);
    }

    [Fact]
    public void Options_without_periods_are_the_default_and_list_every_problem()
    {
        Assert.Same(ContributionRates.Default, new ContributionOptions().Rates());
        Assert.Empty(new ContributionOptions().Problems());

        var options = new ContributionOptions
        {
            Periods = [Halved, ContributionRates.Pp44Of2015],
            Eligibility = new EligibilityRule { MinimumWelfareDecile = 5, MaximumWelfareDecile = 4 },
        };

        Assert.Equal(2, options.Problems().Count);
        Assert.Throws<ArgumentException>(() => options.Rates());
    }
}
