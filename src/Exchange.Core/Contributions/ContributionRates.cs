using System.Globalization;
using Exchange.Core.Matching;

namespace Exchange.Core.Contributions;

/// <summary>
/// The BPU JKK and JKM rates as data, each period from its effective date on: a rate may change (a discount for BPU in
/// 2026-27 was reported, unconfirmed), and a cost over months that straddle a change pays each month at its own rate.
/// </summary>
public sealed class ContributionRates
{
    /// <summary>PP 44/2015: JKK 1 % on a Rp 1,000,000 minimum income and JKM Rp 6,800, Rp 16,800 a month at the minimum.</summary>
    public static ContributionRate Pp44Of2015 { get; } = new()
    {
        EffectiveFrom = new DateOnly(2015, 7, 1),
        JkkPercent = 1m,
        MinimumIncomeRupiah = 1_000_000,
        JkmRupiah = 6_800,
    };

    public static ContributionRates Default { get; } = new([Pp44Of2015]);

    /// <param name="periods">Oldest first, each effective date once, every amount positive.</param>
    /// <exception cref="ArgumentException">The periods break one of those rules; the message lists every problem.</exception>
    public ContributionRates(IEnumerable<ContributionRate> periods)
    {
        ArgumentNullException.ThrowIfNull(periods);
        Periods = [.. periods];
        if (Problems(Periods) is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(periods));
        }
    }

    public IReadOnlyList<ContributionRate> Periods { get; }

    /// <summary>What is wrong with <paramref name="periods"/> as rates, one sentence each; empty when nothing is.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<ContributionRate> periods)
    {
        ArgumentNullException.ThrowIfNull(periods);
        var problems = new List<string>();
        if (periods.Count == 0)
        {
            problems.Add("at least one rate period is needed");
        }
        for (var i = 0; i < periods.Count; i++)
        {
            var period = periods[i];
            var name = string.Create(CultureInfo.InvariantCulture, $"period {i} ({period.EffectiveFrom:yyyy-MM-dd})");
            if (period.EffectiveFrom == default)
            {
                problems.Add($"period {i} has no effective date");
            }
            if (period.JkkPercent <= 0 || period.MinimumIncomeRupiah <= 0 || period.JkmRupiah <= 0)
            {
                problems.Add($"{name}: JKK percent, minimum income and JKM must all be positive");
            }
            if (i > 0 && period.EffectiveFrom == periods[i - 1].EffectiveFrom)
            {
                problems.Add($"{name}: two periods take effect on the same day");
            }
            else if (i > 0 && period.EffectiveFrom < periods[i - 1].EffectiveFrom)
            {
                problems.Add($"{name}: periods must be listed oldest first");
            }
        }
        return problems;
    }

    /// <summary>The rate in force on <paramref name="date"/>: the latest period whose effective date is on or before it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The date is before the first period.</exception>
    public ContributionRate On(DateOnly date)
    {
        for (var i = Periods.Count - 1; i >= 0; i--)
        {
            if (Periods[i].EffectiveFrom <= date)
            {
                return Periods[i];
            }
        }
        throw new ArgumentOutOfRangeException(nameof(date), date,
            string.Create(CultureInfo.InvariantCulture, $"no rate is known before {Periods[0].EffectiveFrom:yyyy-MM-dd}"));
    }

    /// <summary>The rate a month's contribution pays: the one in force on the month's first day.</summary>
    public ContributionRate For(CalendarMonth month) => On(new DateOnly(month.Year, month.Month, 1));

    /// <summary>The periods that some month of the <paramref name="months"/> from <paramref name="first"/> pays at, oldest first.</summary>
    public IReadOnlyList<ContributionRate> PeriodsIn(CalendarMonth first, int months)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(months);
        return [.. Enumerable.Range(0, months).Select(i => For(first.Plus(i))).Distinct()];
    }

    /// <summary>
    /// What <paramref name="people"/> cost month by month, from <paramref name="first"/> for <paramref name="months"/>
    /// months, each on the minimum income at its own month's rate.
    /// </summary>
    public IReadOnlyList<MonthCost> MonthlyCosts(long people, CalendarMonth first, int months)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(people);
        ArgumentOutOfRangeException.ThrowIfNegative(months);
        var costs = new MonthCost[months];
        for (var i = 0; i < months; i++)
        {
            var month = first.Plus(i);
            costs[i] = new MonthCost(month, checked(people * For(month).MinimumMonthlyRupiah));
        }
        return costs;
    }

    /// <summary>What <paramref name="people"/> cost from <paramref name="first"/> to <paramref name="last"/>, both included.</summary>
    public long Cost(long people, CalendarMonth first, CalendarMonth last)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(last.Ordinal, first.Ordinal, nameof(last));
        return MonthlyCosts(people, first, last.Ordinal - first.Ordinal + 1).Sum(m => m.Rupiah);
    }

    /// <summary>A year of <paramref name="people"/>: the 12 months from <paramref name="first"/>.</summary>
    public long AnnualCost(long people, CalendarMonth first) => Cost(people, first, first.Plus(11));
}

/// <summary>The contributions of a number of people for one month, in rupiah.</summary>
public readonly record struct MonthCost(CalendarMonth Month, long Rupiah);
