using System.Text;
using Exchange.Core.Contributions;
using Exchange.Core.Matching;
using Jamsostek.Exchange.V1;
using Microsoft.Extensions.Configuration;

namespace Exchange.Server.Tests;

/// <summary>The contribution rates and the APBD eligibility rule as an operator writes them in appsettings.json or the environment.</summary>
public sealed class ContributionConfigurationTests
{
    [Fact]
    public void Rate_periods_and_the_eligibility_rule_bind_from_the_contributions_section()
    {
        var options = Read("""
            { "Exchange": { "Contributions": {
                "Periods": [
                  { "EffectiveFrom": "2015-07-01", "JkkPercent": 1, "MinimumIncomeRupiah": 1000000, "JkmRupiah": 6800 },
                  { "EffectiveFrom": "2026-07-01", "JkkPercent": 0.5, "MinimumIncomeRupiah": 1000000, "JkmRupiah": 3400 } ],
                "Eligibility": { "MaximumWelfareDecile": 3, "Occupations": [ "GuruNgaji", "Marbot" ] } } } }
            """);

        Assert.Empty(options.Problems());
        var rates = options.Rates();
        Assert.Equal([16_800L, 8_400L], rates.Periods.Select(p => p.MinimumMonthlyRupiah));
        Assert.Equal(100L * 16_800 * 6 + 100L * 8_400 * 6, rates.AnnualCost(100, new CalendarMonth(2026, 1)));
        Assert.Equal((1, 3), (options.Eligibility.MinimumWelfareDecile, options.Eligibility.MaximumWelfareDecile));
        Assert.Equal([Occupation.GuruNgaji, Occupation.Marbot], options.Eligibility.Occupations);
    }

    [Fact]
    public void Without_the_section_the_rates_are_PP_44_of_2015_and_deciles_1_to_4_count()
    {
        var options = Read("{}");

        Assert.Same(ContributionRates.Default, options.Rates());
        Assert.Equal((1, 4), (options.Eligibility.MinimumWelfareDecile, options.Eligibility.MaximumWelfareDecile));
        Assert.Empty(options.Eligibility.Occupations);
    }

    [Fact]
    public void Periods_out_of_order_or_with_an_amount_missing_are_reported()
    {
        var options = Read("""
            { "Exchange": { "Contributions": { "Periods": [
                  { "EffectiveFrom": "2026-07-01", "JkkPercent": 0.5, "MinimumIncomeRupiah": 1000000 },
                  { "EffectiveFrom": "2015-07-01", "JkkPercent": 1, "MinimumIncomeRupiah": 1000000, "JkmRupiah": 6800 } ] } } }
            """);

        var problems = options.Problems();
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("positive", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("oldest first", StringComparison.Ordinal));
    }

    private static ContributionOptions Read(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build()
            .GetSection(ContributionOptions.Section).Get<ContributionOptions>() ?? new ContributionOptions();
}
