using System.CommandLine;
using System.Globalization;
using Exchange.Cli.Connection;
using Exchange.Cli.Output;
using Exchange.Core.Identity;
using Jamsostek.Exchange.V1;
using Spectre.Console;

namespace Exchange.Cli.Commands;

/// <summary>
/// What the city pays for: <c>exchange apbd-estimate</c>, the cost of enrolling the eligible workers, and
/// <c>exchange lapse-warnings</c>, the APBD-funded workers whose protection ends soon.
/// </summary>
public static class ContributionCommands
{
    // The most a page of lapse warnings or of eligible people holds.
    private const int PerPage = 1000;

    private static readonly string[] PeopleHeader = ["nik", "full_name", "kelurahan_code", "kelurahan_name", "outcome"];

    public static Command Estimate(CliContext context)
    {
        var by = new Option<string>("--by") { Description = "Group by city, kecamatan, kelurahan, occupation, agency, funding_source or welfare_decile", DefaultValueFactory = _ => "kecamatan" };
        var months = new Option<int>("--months") { Description = "Months to price (1-120)", DefaultValueFactory = _ => 12 };
        var from = new Option<string?>("--from") { Description = "First month priced, YYYY-MM (default: next month)" };
        var people = new Option<string?>("--people") { Description = "BPJS: also write the eligible people (NIK, name, kelurahan, outcome) to this CSV file" };
        var command = new Command("apbd-estimate",
            "Perkiraan biaya APBD: what enrolling the eligible NOT_REGISTERED and LAPSED workers as BPU participants would cost")
        {
            by, months, from, people,
        };
        command.SetAction(context, async (parse, cancellation) =>
        {
            var grouping = ProtoNames.Parse<CoverageGrouping>(parse.GetValue(by)!) ?? throw new CliException(ExitCodes.BadArguments,
                $"--by '{parse.GetValue(by)}' is not a grouping; give one of {string.Join(", ", ProtoNames.All<CoverageGrouping>().Select(g => g.ToLowerInvariant()))}");
            var request = new GetApbdEstimateRequest { Grouping = grouping, Months = parse.GetValue(months), FirstMonth = parse.GetValue(from) ?? "" };
            using var connection = context.Connect(parse);
            var estimate = await connection.Call(() => connection.Reports.GetApbdEstimateAsync(request, cancellationToken: cancellation).ResponseAsync);
            if (CliContext.WantsJson(parse))
            {
                context.WriteJson(estimate);
            }
            else
            {
                RenderEstimate(context.Console, estimate, grouping);
            }
            if (parse.GetValue(people) is { } path)
            {
                var written = await connection.Call(() => WritePeopleAsync(connection, path, cancellation));
                context.Console.MarkupLineInterpolated($"{written:N0} pekerja layak / eligible people: {path}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Warnings(CliContext context)
    {
        var days = new Option<int>("--days") { Description = "Protection ending within this many days (1-366)", DefaultValueFactory = _ => 30 };
        var command = new Command("lapse-warnings",
            "Peringatan perlindungan berakhir: APBD-funded workers whose protection ends within the days given if nothing more is paid")
        {
            days,
        };
        command.SetAction(context, async (parse, cancellation) =>
        {
            using var connection = context.Connect(parse);
            var all = new ListLapseWarningsResponse();
            var token = "";
            do
            {
                var page = await connection.Call(() => connection.Reports.ListLapseWarningsAsync(
                    new ListLapseWarningsRequest { WithinDays = parse.GetValue(days), PageSize = PerPage, PageToken = token },
                    cancellationToken: cancellation).ResponseAsync);
                all.Warnings.AddRange(page.Warnings);
                (all.AsOf, all.Definition, token) = (page.AsOf, page.Definition, page.NextPageToken);
            }
            while (token.Length > 0);
            if (CliContext.WantsJson(parse))
            {
                context.WriteJson(all);
                return ExitCodes.Ok;
            }
            RenderWarnings(context.Console, all, parse.GetValue(days));
            return ExitCodes.Ok;
        });
        return command;
    }

    // The first page before the file: a refusal leaves whatever the path held as it was.
    private static async Task<long> WritePeopleAsync(GatewayConnection connection, string path, CancellationToken cancellation)
    {
        var request = new ListApbdEligiblePeopleRequest { PageSize = PerPage };
        var page = await connection.Reports.ListApbdEligiblePeopleAsync(request, cancellationToken: cancellation).ResponseAsync;
        using var csv = new CsvExport(path, PeopleHeader);
        long written = 0;
        while (true)
        {
            foreach (var person in page.People)
            {
                csv.WriteRow(person.Nik, person.FullName, person.KelurahanCode, person.KelurahanName, ProtoNames.Of(person.Outcome));
                written++;
            }
            if (page.NextPageToken.Length == 0)
            {
                return written;
            }
            request.PageToken = page.NextPageToken;
            page = await connection.Reports.ListApbdEligiblePeopleAsync(request, cancellationToken: cancellation).ResponseAsync;
        }
    }

    /// <summary>Whole rupiah as Indonesians write them: Rp 1.008.000.</summary>
    public static string Rupiah(long value) => "Rp " + value.ToString("N0", CultureInfo.InvariantCulture).Replace(',', '.');

    private static void RenderEstimate(IAnsiConsole console, GetApbdEstimateResponse estimate, CoverageGrouping grouping)
    {
        var last = estimate.Total.MonthlyCosts.LastOrDefault()?.Month ?? estimate.FirstMonth;
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]Perkiraan biaya APBD / APBD estimate, {estimate.FirstMonth} s.d. {last} ({estimate.Months} bulan / months)[/]")
            .AddColumn(Markup.Escape(ProtoNames.Of(grouping).ToLowerInvariant()))
            .AddColumn(new TableColumn("layak").RightAligned())
            .AddColumn(new TableColumn("belum terdaftar").RightAligned())
            .AddColumn(new TableColumn("nonaktif").RightAligned())
            .AddColumn(new TableColumn($"per bulan {estimate.FirstMonth}").RightAligned().NoWrap())
            .AddColumn(new TableColumn("jumlah").RightAligned().NoWrap());
        foreach (var row in estimate.Rows.Append(estimate.Total).Where(r => r is not null))
        {
            var isTotal = ReferenceEquals(row, estimate.Total);
            string[] cells =
            [
                Markup.Escape(isTotal ? "total" : row.Name.Length > 0 ? row.Name : row.Key), BatchCommands.N(row.EligibleCount),
                BatchCommands.N(row.NotRegisteredCount), BatchCommands.N(row.LapsedCount), Rupiah(row.MonthlyCosts.FirstOrDefault()?.Rupiah ?? 0),
                Rupiah(row.TotalRupiah),
            ];
            table.AddRow(isTotal ? [.. cells.Select(c => $"[bold]{c}[/]")] : cells);
        }
        console.Write(table);
        console.MarkupLine("[grey]layak = eligible (belum terdaftar = NOT_REGISTERED + nonaktif = LAPSED); per bulan = the first month's cost; jumlah = total of the range[/]");
        foreach (var rate in estimate.Rates)
        {
            console.MarkupLineInterpolated(
                $"Tarif sejak {rate.EffectiveFrom}: JKK {rate.JkkPercent.ToString(CultureInfo.InvariantCulture)} % x {Rupiah(rate.MinimumIncomeRupiah)} + JKM {Rupiah(rate.JkmRupiah)} = {Rupiah(rate.MonthlyRupiahPerPerson)}/orang/bulan (rate per person per month)");
        }
        console.MarkupLineInterpolated($"[grey]Syarat / eligible: {estimate.EligibilityRule}[/]");
        console.MarkupLineInterpolated($"[grey]Biaya / cost: {estimate.CostDefinition}[/]");
    }

    private static void RenderWarnings(IAnsiConsole console, ListLapseWarningsResponse warnings, int days)
    {
        if (warnings.Warnings.Count == 0)
        {
            console.MarkupLineInterpolated($"Tidak ada / none: no APBD-funded worker's protection ends within {days} days of {warnings.AsOf}.");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]Perlindungan berakhir / protection ending within {days} days of {warnings.AsOf}[/]")
            .AddColumn("NIK").AddColumn("nama").AddColumn("status")
            .AddColumn("terlindungi s.d.").AddColumn(new TableColumn("sisa hari").RightAligned());
        foreach (var warning in warnings.Warnings)
        {
            table.AddRow(Markup.Escape(Nik.Mask(warning.Nik)), Markup.Escape(warning.FullName), ProtoNames.Of(warning.Outcome),
                warning.LastProtectedDay, BatchCommands.N(warning.DaysLeft));
        }
        console.Write(table);
        console.MarkupLineInterpolated(
            $"[grey]{warnings.Warnings.Count:N0} pekerja / workers; terlindungi s.d. = protected until, sisa hari = days left: {warnings.Definition}. Full NIKs: --output json.[/]");
    }
}
