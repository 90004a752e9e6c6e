using System.Globalization;
using Exchange.Core.Batches;
using Exchange.Core.Contributions;
using Exchange.Core.Matching;
using Exchange.Core.Validation;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Coverage;

/// <summary>
/// What enrolling the known workers who count for APBD enrollment (<see cref="EligibilityRule"/>) as BPU participants would
/// cost the city: each eligible worker on the minimum income, each month at the rate in force on its first day
/// (<see cref="ContributionRates"/>), grouped like the coverage report.
/// </summary>
public sealed class ApbdEstimator(KnownWorkers workers, ContributionRates rates, EligibilityRule rule)
{
    public const int DefaultMonths = 12;

    /// <summary>Who counts as eligible, in words.</summary>
    public string Rule => rule.Describe();

    /// <summary>Ten years: beyond that nobody budgets, and the rates surely change.</summary>
    public const int MaxMonths = 120;

    /// <summary>How the cost is reckoned, in words, for the response.</summary>
    public const string CostDefinition =
        "eligible workers x the BPU JKK + JKM contribution at the minimum declared income, each month at the rate in force on its first day; JHT is not included";

    /// <param name="first">The first month priced; null for the month after <paramref name="today"/>.</param>
    /// <param name="months">How many months, 1 to <see cref="MaxMonths"/>; 0 for <see cref="DefaultMonths"/>.</param>
    /// <param name="today">The day outcomes are reckoned on.</param>
    /// <exception cref="IntakeRefusal">The months are out of range, or start before the first rate period.</exception>
    public ApbdEstimate Estimate(CoverageQuery query, CalendarMonth? first, int months, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (months is < 0 or > MaxMonths)
        {
            throw new IntakeRefusal(RefusalKind.InvalidArgument, ViolationCodes.EstimateMonthsInvalid, "months",
                [MaxMonths.ToString(CultureInfo.InvariantCulture)]);
        }
        var from = first ?? CalendarMonth.Of(today).Plus(1);
        var count = months == 0 ? DefaultMonths : months;
        if (rates.Periods[0].EffectiveFrom > new DateOnly(from.Year, from.Month, 1))
        {
            throw new IntakeRefusal(RefusalKind.InvalidArgument, ViolationCodes.EstimateBeforeRates, "first_month",
                [rates.Periods[0].EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]);
        }

        var eligible = Eligible(query, today).ToList();
        var total = new Tally(workers.GroupOf(CityWide, CoverageDimension.City));
        var rows = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
        foreach (var worker in eligible)
        {
            total.Count(worker.Outcome);
            foreach (var group in GroupsOf(worker, query))
            {
                if (!rows.TryGetValue(group.Key, out var row))
                {
                    rows[group.Key] = row = new Tally(group);
                }
                row.Count(worker.Outcome);
            }
        }
        return new ApbdEstimate([.. rows.Values.Select(r => r.ToRow(rates, from, count))], total.ToRow(rates, from, count), from, count,
            rates.PeriodsIn(from, count), rule.Describe(), today, eligible);
    }

    /// <summary>
    /// The workers <see cref="Estimate"/> counts for <paramref name="query"/>, in NIK order, after the NIK
    /// <paramref name="after"/> (none: from the first), at most <paramref name="limit"/>; and whether more follow.
    /// </summary>
    public (IReadOnlyList<KnownWorker> People, bool More) People(CoverageQuery query, string? after, int limit, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var page = Eligible(query, today).Where(w => after is null || string.CompareOrdinal(w.Subject.Nik, after) > 0).Take(limit + 1).ToList();
        return page.Count > limit ? (page[..limit], true) : (page, false);
    }

    private IEnumerable<KnownWorker> Eligible(CoverageQuery query, DateOnly today) =>
        workers.Select(query, today).Where(w => rule.Admits(w.WelfareDecile, w.Occupation, w.Outcome));

    // A worker several agencies submitted counts in the row of each, as in the coverage report.
    private IEnumerable<(string Key, string Name)> GroupsOf(KnownWorker worker, CoverageQuery query) =>
        query.Grouping == CoverageDimension.Agency
            ? worker.Agencies.Where(a => query.Agencies.Count == 0 || query.Agencies.Contains(a)).Select(a => (a, a))
            : [workers.GroupOf(worker, query.Grouping)];

    // Only its place in the city matters for the city-wide row's key and name.
    private static readonly KnownWorker CityWide = new(default, null, Occupation.Unspecified, FundingSource.Unspecified, null, [],
        MatchOutcome.Unspecified, null, ParticipantStatus.Unspecified, null);

    private sealed class Tally((string Key, string Name) group)
    {
        private long _notRegistered;
        private long _lapsed;

        public void Count(MatchOutcome outcome)
        {
            if (outcome == MatchOutcome.Lapsed)
            {
                _lapsed++;
            }
            else
            {
                _notRegistered++;
            }
        }

        public ApbdEstimateRow ToRow(ContributionRates rates, CalendarMonth first, int months) =>
            new(group.Key, group.Name, _notRegistered, _lapsed, rates.MonthlyCosts(_notRegistered + _lapsed, first, months));
    }
}

/// <summary>An APBD enrollment estimate: one row per group, the total, and what it rests on.</summary>
/// <param name="Rates">The rate periods in force in some month of the range, oldest first.</param>
/// <param name="Rule">The eligibility rule in words.</param>
/// <param name="AsOf">The day outcomes were reckoned on.</param>
/// <param name="Eligible">The eligible workers, each once, in NIK order.</param>
public sealed record ApbdEstimate(
    IReadOnlyList<ApbdEstimateRow> Rows,
    ApbdEstimateRow Total,
    CalendarMonth First,
    int Months,
    IReadOnlyList<ContributionRate> Rates,
    string Rule,
    DateOnly AsOf,
    IReadOnlyList<KnownWorker> Eligible);

/// <summary>The eligible workers of one group and what they cost month by month.</summary>
public sealed record ApbdEstimateRow(string Key, string Name, long NotRegistered, long Lapsed, IReadOnlyList<MonthCost> MonthlyCosts)
{
    public long Eligible => NotRegistered + Lapsed;

    public long TotalRupiah => MonthlyCosts.Sum(m => m.Rupiah);
}
