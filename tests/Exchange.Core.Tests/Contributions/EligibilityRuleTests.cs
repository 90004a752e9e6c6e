using Exchange.Core.Contributions;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Tests.Contributions;

public sealed class EligibilityRuleTests
{
    private static readonly EligibilityRule Deciles1To4 = new();

    [Theory]
    [InlineData(MatchOutcome.NotRegistered, true)]
    [InlineData(MatchOutcome.Lapsed, true)]
    [InlineData(MatchOutcome.Deceased, false)]
    [InlineData(MatchOutcome.Active, false)]
    [InlineData(MatchOutcome.Grace, false)]
    [InlineData(MatchOutcome.PossibleMatch, false)]
    [InlineData(MatchOutcome.Unspecified, false)]
    public void Only_unprotected_workers_who_are_alive_count(MatchOutcome outcome, bool counts)
    {
        Assert.Equal(counts, Deciles1To4.Admits(2, Occupation.PedagangPasar, outcome));
        Assert.Equal(counts, EligibilityRule.IsEnrollable(outcome));
        Assert.Equal(counts, EligibilityRule.EnrollableOutcomes.Contains(outcome));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    [InlineData(10, false)]
    [InlineData(null, false)]
    public void The_default_rule_is_welfare_deciles_1_to_4_and_a_decile_not_stated_does_not_count(int? decile, bool counts) =>
        Assert.Equal(counts, Deciles1To4.Admits(decile, Occupation.PedagangPasar, MatchOutcome.NotRegistered));

    [Fact]
    public void Given_occupations_only_those_count()
    {
        var rule = new EligibilityRule { MaximumWelfareDecile = 10, Occupations = [Occupation.GuruNgaji, Occupation.Marbot] };

        Assert.True(rule.Admits(7, Occupation.Marbot, MatchOutcome.Lapsed));
        Assert.False(rule.Admits(7, Occupation.PedagangPasar, MatchOutcome.Lapsed));
    }

    [Fact]
    public void The_rule_in_words_names_the_outcomes_the_deciles_and_the_occupations()
    {
        Assert.Contains("NOT_REGISTERED or LAPSED", Deciles1To4.Describe());
        Assert.Contains("1-4", Deciles1To4.Describe());
        Assert.Contains("any occupation", Deciles1To4.Describe());
        Assert.Contains("GuruNgaji, Marbot", new EligibilityRule { Occupations = [Occupation.GuruNgaji, Occupation.Marbot] }.Describe());
    }

    [Fact]
    public void A_rule_with_deciles_outside_1_to_10_or_an_unknown_occupation_is_refused()
    {
        Assert.Empty(Deciles1To4.Problems());
        Assert.Single(new EligibilityRule { MinimumWelfareDecile = 0 }.Problems());
        Assert.Single(new EligibilityRule { MaximumWelfareDecile = 11 }.Problems());
        Assert.Single(new EligibilityRule { MinimumWelfareDecile = 5 }.Problems());
        Assert.Single(new EligibilityRule { Occupations = [Occupation.Unspecified] }.Problems());
        Assert.Single(new EligibilityRule { Occupations = [(Occupation)999] }.Problems());
    }
}
