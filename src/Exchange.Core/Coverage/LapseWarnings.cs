using System.Globalization;
using Exchange.Core.Batches;
using Exchange.Core.Contributions;
using Exchange.Core.Validation;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Coverage;

/// <summary>
/// For whoever pays the contributions of APBD-funded workers: those protected today (ACTIVE or GRACE) whose protection
/// ends within a number of days if nothing more is paid (<see cref="ProtectionEnd"/>), soonest first, so a payment can be
/// made in time.
/// </summary>
public sealed class LapseWarnings(KnownWorkers workers)
{
    public const int DefaultDays = 30;

    /// <summary>A year ahead: a payment made for a year covers at most that.</summary>
    public const int MaxDays = 366;

    /// <summary>What the last protected day means, in words, for the response.</summary>
    public const string Definition =
        "the last day an APBD-funded worker stays ACTIVE or GRACE if nothing more is paid: contributions are due by the 15th of the month paid for and up to 3 months may be owed, so protection holds up to the 15th of the fourth month after the last paid one";

    /// <param name="agency">Only the workers this agency submitted; null for every agency's.</param>
    /// <param name="days">Ending within this many days of <paramref name="today"/>, 1 to <see cref="MaxDays"/>; 0 for <see cref="DefaultDays"/>.</param>
    /// <param name="after">The last warning of the previous page; null for the first page.</param>
    /// <param name="size">At most this many warnings.</param>
    /// <exception cref="IntakeRefusal">The days are out of range.</exception>
    public LapseWarningPage List(string? agency, int days, LapseWarningCursor? after, int size, DateOnly today)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (days is < 0 or > MaxDays)
        {
            throw new IntakeRefusal(RefusalKind.InvalidArgument, ViolationCodes.WarningDaysInvalid, "within_days",
                [MaxDays.ToString(CultureInfo.InvariantCulture)]);
        }
        var within = days == 0 ? DefaultDays : days;
        var query = new CoverageQuery
        {
            FundingSources = new HashSet<FundingSource> { FundingSource.Apbd },
            Agencies = agency is null ? new HashSet<string>() : new HashSet<string>(StringComparer.Ordinal) { agency },
        };
        var warnings = new List<LapseWarning>();
        foreach (var worker in workers.Select(query, today))
        {
            if (worker.Outcome is MatchOutcome.Active or MatchOutcome.Grace
                && ProtectionEnd.Of(worker.Status, worker.LastPaid) is { } end && end.EndsWithin(today, within)
                && (after is not { } cursor || cursor.IsBefore(end.LastProtectedDay, worker.Subject.Nik)))
            {
                warnings.Add(new LapseWarning(worker, end.LastProtectedDay, end.LastProtectedDay.DayNumber - today.DayNumber));
            }
        }
        warnings.Sort((a, b) => a.LastProtectedDay != b.LastProtectedDay
            ? a.LastProtectedDay.CompareTo(b.LastProtectedDay)
            : string.CompareOrdinal(a.Worker.Subject.Nik, b.Worker.Subject.Nik));
        var page = warnings.Take(size).ToList();
        return new LapseWarningPage(page, warnings.Count > size ? new LapseWarningCursor(page[^1].LastProtectedDay, page[^1].Worker.Subject.Nik) : null);
    }
}

/// <summary>One APBD-funded worker whose protection ends soon: <paramref name="DaysLeft"/> is 0 when today is the last day.</summary>
public sealed record LapseWarning(KnownWorker Worker, DateOnly LastProtectedDay, int DaysLeft);

/// <param name="Next">Where the next page starts after; null on the last page.</param>
public sealed record LapseWarningPage(IReadOnlyList<LapseWarning> Warnings, LapseWarningCursor? Next);

/// <summary>
/// Where a page of warnings ended: by day and NIK, not by position, so a page asked after a sync or a payment neither
/// repeats nor skips those still in the list.
/// </summary>
public readonly record struct LapseWarningCursor(DateOnly LastProtectedDay, string Nik)
{
    public bool IsBefore(DateOnly day, string nik) =>
        LastProtectedDay < day || (LastProtectedDay == day && string.CompareOrdinal(Nik, nik) < 0);
}
