using Exchange.Cli.Commands;
using Spectre.Console.Testing;

namespace Exchange.Cli.Tests;

/// <summary>The live display of <c>exchange submit</c>, driven in Spectre.Console's test console: what a person sees at the end.</summary>
public class DisplayTests(CliGatewayFixture fixture) : IClassFixture<CliGatewayFixture>
{
    [Fact]
    public async Task The_live_display_ends_with_the_counts_per_status_and_outcome_and_the_results_file()
    {
        var path = fixture.CopyOfAgencyFile("live.csv");
        var console = new TestConsole().Interactive().Width(120);
        var error = new StringWriter();
        var environment = CliProcess.As(fixture.Gateway, TestCallers.AgencyB);
        var context = new CliContext(console, error, name => environment.GetValueOrDefault(name), BogorClock.Start());

        var exit = await CliApp.RunAsync(["submit", path], context).Within();

        Assert.True(exit is ExitCodes.Ok or ExitCodes.SomeRejected, console.Output + error);
        var screen = console.Output;
        Assert.Contains($"batch {SubmitRun.DeriveBatchId(path)}", screen);
        Assert.Matches($@"{fixture.Data.Submitted.Count} of {fixture.Data.Submitted.Count} committed \(100 %\)", screen);
        foreach (var label in new[] { "accepted", "rejected", "ACTIVE", "GRACE", "LAPSED", "NOT_REGISTERED", "POSSIBLE_MATCH", "DECEASED", "records/s" })
        {
            Assert.Contains(label, screen);
        }
        Assert.Contains(ResultsFile.PathFor(path), screen.Replace("\n", "", StringComparison.Ordinal));
    }
}
