using System.CommandLine;
using Exchange.Cli.Connection;
using Jamsostek.Exchange.V1;
using Spectre.Console;

namespace Exchange.Cli.Commands;

/// <summary><c>exchange coverage [--by ...]</c>: who is protected, lapsed or unregistered, as a table and a bar chart.</summary>
public static class CoverageCommand
{
    public static Command Build(CliContext context)
    {
        var by = new Option<string>("--by")
        {
            Description = "Group by city, kecamatan, kelurahan, occupation, agency, funding_source or welfare_decile",
            DefaultValueFactory = _ => "kecamatan",
        };
        var asOf = new Option<string?>("--as-of") { Description = "Report on a past day, YYYY-MM-DD, as things stood then (default: today)" };
        var command = new Command("coverage", "The coverage report: workers known, per outcome, and the share protected with its range") { by, asOf };
        command.SetAction(context, async (parse, cancellation) =>
        {
            var grouping = ProtoNames.Parse<CoverageGrouping>(parse.GetValue(by)!) ?? throw new CliException(ExitCodes.BadArguments,
                $"--by '{parse.GetValue(by)}' is not a grouping; give one of {string.Join(", ", ProtoNames.All<CoverageGrouping>().Select(g => g.ToLowerInvariant()))}");
            using var connection = context.Connect(parse);
            var report = await ReadAsync(connection, new GetCoverageReportRequest { Grouping = grouping, AsOf = parse.GetValue(asOf) ?? "" }, cancellation);
            if (CliContext.WantsJson(parse))
            {
                context.WriteJson(report);
                return ExitCodes.Ok;
            }
            Render(context.Console, report, grouping);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Task<GetCoverageReportResponse> ReadAsync(GatewayConnection connection, GetCoverageReportRequest request, CancellationToken cancellation) =>
        connection.Call(() => connection.Reports.GetCoverageReportAsync(request, cancellationToken: cancellation).ResponseAsync);

    public static void Render(IAnsiConsole console, GetCoverageReportResponse report, CoverageGrouping grouping)
    {
        var outcomes = Enum.GetValues<MatchOutcome>().Where(o => o != MatchOutcome.Unspecified).ToArray();
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]coverage by {ProtoNames.Of(grouping).ToLowerInvariant()}[/] on {Markup.Escape(report.AsOf)}")
            .AddColumn(ProtoNames.Of(grouping).ToLowerInvariant()).AddColumn(new TableColumn("workers").RightAligned());
        foreach (var outcome in outcomes)
        {
            table.AddColumn(new TableColumn(ProtoNames.Of(outcome)).RightAligned());
        }
        table.AddColumn(new TableColumn("coverage").RightAligned()).AddColumn(new TableColumn("range").RightAligned());
        foreach (var row in report.Rows.Append(report.Total).Where(r => r is not null))
        {
            var isTotal = ReferenceEquals(row, report.Total);
            var cells = new List<string> { Markup.Escape(isTotal ? "total" : Label(row)), BatchCommands.N(row.WorkerCount) };
            cells.AddRange(outcomes.Select(o => BatchCommands.N(row.OutcomeCounts.Where(c => c.Outcome == o).Sum(c => c.Count))));
            cells.Add($"{row.CoverageRatio:P1}");
            cells.Add($"{row.CoverageLow:P1}-{row.CoverageHigh:P1}");
            table.AddRow(isTotal ? [.. cells.Select(c => $"[bold]{c}[/]")] : [.. cells]);
        }
        console.Write(table);
        if (report.Rows.Count > 0)
        {
            var chart = new BarChart().Label("[bold]share protected (%)[/]").Width(Math.Min(100, Math.Max(40, console.Profile.Width)));
            foreach (var row in report.Rows)
            {
                chart.AddItem(Markup.Escape(Label(row)), Math.Round(row.CoverageRatio * 100, 1), Color.Green);
            }
            console.Write(chart);
        }
        console.MarkupLineInterpolated($"[grey]{report.Denominator}[/]");
        console.MarkupLineInterpolated($"[grey]{report.CoverageDefinition}; range: {report.RangeDefinition}[/]");
    }

    private static string Label(CoverageRow row) => row.Name.Length > 0 ? row.Name : row.Key;
}
