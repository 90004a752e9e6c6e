using System.CommandLine;
using Exchange.Cli.Connection;
using Exchange.Core.Time;
using Exchange.Server.Hosting;
using Exchange.Server.Security;
using Exchange.Synthetic;
using Jamsostek.Exchange.V1;
using Microsoft.AspNetCore.Builder;
using Spectre.Console;

namespace Exchange.Cli.Commands;

/// <summary>
/// <c>exchange demo</c>: the whole exchange on one machine in one command. Starts the real gateway in
/// this process on a free loopback port over a temporary data directory (SQLite, its development
/// setup: TLS, API keys), syncs a synthetic registry as BPJS, submits a synthetic Kota Bogor file as
/// an agency through the real stream, and shows results and coverage, all through the same code as
/// the other commands.
/// </summary>
public static class DemoCommand
{
    public static Command Build(CliContext context)
    {
        var records = new Option<int>("--records") { Description = "Agency records to submit", DefaultValueFactory = _ => 5_000 };
        var participants = new Option<int>("--participants") { Description = "Registry participants", DefaultValueFactory = _ => 50_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic data", DefaultValueFactory = _ => 2025 };
        var keep = new Option<bool>("--keep-running") { Description = "Keep the gateway running afterwards (until Ctrl-C) to try the other commands against it" };
        var command = new Command("demo", "Start a gateway, sync a synthetic registry, submit a synthetic agency file, show the results and coverage")
        {
            records, participants, seed, keep,
        };
        command.SetAction(context, (parse, cancellation) =>
            RunAsync(context, parse.GetValue(records), parse.GetValue(participants), parse.GetValue(seed), parse.GetValue(keep), cancellation));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, int recordCount, int participantCount, int seed, bool keepRunning, CancellationToken cancellation)
    {
        var console = context.Console;
        var directory = Directory.CreateTempSubdirectory("exchange-demo-").FullName;
        try
        {
            console.Write(new Rule("[bold]1. a gateway[/]").LeftJustified());
            await using var gateway = GatewayApp.Create(
                ["--urls", "https://127.0.0.1:0", "--data", directory, "--Logging:LogLevel:Default=Error"], context.Clock);
            await gateway.StartAsync(cancellation);
            var address = gateway.Urls.First();
            var setup = DevelopmentSetup.Load(Path.Combine(directory, "dev"))
                ?? throw new CliException(ExitCodes.Failed, $"the gateway made no development setup in {directory}");
            console.MarkupLineInterpolated($"Gateway on [bold]{address}[/], data in {directory} (SQLite, a development CA and API keys in dev/).");

            console.Write(new Rule("[bold]2. BPJS syncs its registry[/]").LeftJustified());
            // Contributions paid up to months before today, as the gateway's clock has it: the outcomes are today's.
            var data = SyntheticGenerator.Generate(SyntheticProfile.Bogor.With(seed, recordCount, participantCount) with { AsOf = Wib.Today(context.Clock) });
            var (registryPath, submittedPath) = DataSetFiles.Write(data, Path.Combine(directory, "files"), TextWriter.Null);
            using (var bpjs = Connect(context, address, setup, "bpjs"))
            {
                var registry = RegistryCommands.OpenFile(registryPath);
                var synced = await bpjs.Call(() => RegistryCommands.SyncAsync(context, bpjs, registry, data.Registry.Count, SyncMode.Snapshot, cancellation));
                console.MarkupLineInterpolated($"{synced.ParticipantCount:N0} participants in the registry (version {synced.RegistryVersion}).");
            }

            console.Write(new Rule("[bold]3. an agency (DINKOP) submits its file[/]").LeftJustified());
            SubmitCommand.Outcome outcome;
            using (var agency = Connect(context, address, setup, "dinkop"))
            {
                var file = SubmitCommand.OpenFile(submittedPath);
                outcome = await SubmitCommand.RunAsync(context, agency, file, SubmitRun.DeriveBatchId(submittedPath), Purpose.CoverageMatching, 1000,
                    ResultsFile.PathFor(submittedPath), cancellation);
            }
            ShowSample(console, outcome.ResultsPath);

            console.Write(new Rule("[bold]4. the coverage report[/]").LeftJustified());
            using (var bpjs = Connect(context, address, setup, "bpjs"))
            {
                CoverageCommand.Render(console,
                    await CoverageCommand.ReadAsync(bpjs, new GetCoverageReportRequest { Grouping = CoverageGrouping.Kecamatan }, cancellation),
                    CoverageGrouping.Kecamatan);
            }

            if (keepRunning)
            {
                console.Write(new Rule("[bold]the gateway keeps running: Ctrl-C stops it[/]").LeftJustified());
                console.WriteLine("In another terminal:");
                console.WriteLine($"  export EXCHANGE_ADDRESS={address} EXCHANGE_CA_CERT={setup.CaCertificatePath}");
                console.WriteLine($"  export EXCHANGE_API_KEY={setup.Callers["dinkop"].ApiKey}   # the DINKOP agency; keys of bpjs, admin, ... in {Path.Combine(setup.Directory, DevelopmentSetup.ApiKeysFileName)}");
                console.WriteLine($"  exchange batches; exchange submit {submittedPath}; exchange coverage --by occupation");
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, context.Clock, cancellation);
                }
                catch (OperationCanceledException)
                {
                    return ExitCodes.Ok;
                }
            }
            console.MarkupLine("Done. Run your own gateway with [bold]dotnet run --project src/Exchange.Server[/] and see [bold]exchange --help[/].");
            return ExitCodes.Ok;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static GatewayConnection Connect(CliContext context, string address, DevelopmentSetupResult setup, string caller) =>
        GatewayConnection.Open(new ConnectionSettings(address, setup.Callers[caller].ApiKey, null, null, setup.CaCertificatePath), context.Clock);

    /// <summary>A few lines of each kind from the results file, as an operator would open it.</summary>
    private static void ShowSample(IAnsiConsole console, string resultsPath)
    {
        var rows = File.ReadLines(resultsPath).Skip(1).Select(line => line.Split(',')).Where(f => f.Length >= 5)
            .GroupBy(f => (f[2], f[3])).SelectMany(g => g.Take(2)).Take(14).OrderBy(f => int.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture));
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]a sample of the results file[/]").AddColumns("line", "NIK", "status", "outcome", "codes");
        foreach (var f in rows)
        {
            table.AddRow(f[..5].Select(Markup.Escape).ToArray());
        }
        console.Write(table);
    }
}
