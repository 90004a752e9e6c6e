namespace Exchange.Core.Contributions;

/// <summary>
/// The BPU JKK and JKM contribution in force from one date on (PP 44/2015 as amended, Permenaker 5/2021): JKK a percentage
/// of the declared monthly income, never declared below a minimum, plus a fixed JKM amount. Rupiah are whole numbers.
/// </summary>
public sealed record ContributionRate
{
    /// <summary>The first day the rate applies; it applies until a later period's first day.</summary>
    public DateOnly EffectiveFrom { get; init; }

    /// <summary>JKK (work accident) as a percentage of the declared monthly income: 1 for 1 %.</summary>
    public decimal JkkPercent { get; init; }

    /// <summary>The lowest monthly income a participant may declare: a lower one pays as if it were this.</summary>
    public long MinimumIncomeRupiah { get; init; }

    /// <summary>JKM (death) per person per month.</summary>
    public long JkmRupiah { get; init; }

    /// <summary>JKK and JKM of one person for one month on <paramref name="declaredIncomeRupiah"/>, JKK rounded to the rupiah.</summary>
    public long MonthlyRupiah(long declaredIncomeRupiah)
    {
        var income = Math.Max(declaredIncomeRupiah, MinimumIncomeRupiah);
        return checked((long)Math.Round(income * JkkPercent / 100m, MidpointRounding.AwayFromZero) + JkmRupiah);
    }

    /// <summary>
    /// One person's month on the minimum income: what a local government pays per vulnerable worker, who declares no
    /// income of their own.
    /// </summary>
    public long MinimumMonthlyRupiah => MonthlyRupiah(MinimumIncomeRupiah);
}
