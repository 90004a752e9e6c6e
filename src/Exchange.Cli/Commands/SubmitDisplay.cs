using System.Globalization;
using Jamsostek.Exchange.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Exchange.Cli.Commands;

/// <summary>What a person watching a submission sees: progress, speed, counts per status and outcome.</summary>
public static class SubmitDisplay
{
    public static IRenderable Render(SubmitProgress progress)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders()
            .Title($"[bold]batch {Markup.Escape(progress.BatchId)}[/]")
            .AddColumn("what").AddColumn(new TableColumn("value"));
        var percent = progress.Total > 0 ? 100.0 * progress.Committed / progress.Total : 100;
        table.AddRow("records", $"{N(progress.Committed)} of {N(progress.Total)} committed ({percent:F0} %)"
            + (progress.ResumedAt > 0 ? $", resumed at {N(progress.ResumedAt)}" : ""));
        table.AddRow("speed", progress.Done
            ? $"{N((long)progress.RecordsPerSecond)} records/s, {progress.Elapsed.TotalSeconds:F1} s"
            : $"{N((long)progress.RecordsPerSecond)} records/s, ETA {Eta(progress.Remaining)}");
        table.AddRow("accepted", $"[green]{N(progress.Accepted)}[/]");
        table.AddRow("rejected", progress.Rejected > 0 ? $"[red]{N(progress.Rejected)}[/]" : "0");
        if (progress.Unreadable > 0)
        {
            table.AddRow("not sent", $"[yellow]{N(progress.Unreadable)}[/] unreadable lines (see the messages above and the results file)");
        }
        foreach (var outcome in Enum.GetValues<MatchOutcome>().Where(o => o != MatchOutcome.Unspecified))
        {
            table.AddRow($"  {ProtoNames.Of(outcome)}", N(progress.Outcomes.GetValueOrDefault(outcome)));
        }
        return table;
    }

    private static string Eta(TimeSpan? remaining) => remaining is { } r ? r.ToString(r.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture) : "-";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
