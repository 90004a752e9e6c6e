namespace Exchange.Cli.Tests;

/// <summary><c>exchange demo</c> and <c>exchange generate</c> as a newcomer runs them.</summary>
public class DemoTests
{
    [Fact]
    public async Task The_demo_runs_a_real_gateway_end_to_end_and_exits_0()
    {
        using var directory = new TempDirectory();

        var run = await CliProcess.RunAsync(CliProcess.NoCredentials, directory.Path, "demo", "--records", "300", "--participants", "3000");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("Gateway on https://127.0.0.1:", run.Output);
        Assert.Contains("3,000 participants in the registry", run.Output);
        Assert.Matches(@"\d{3} of \d{3} committed \(100 %\)", run.Output);
        Assert.Contains("a sample of the results file", run.Output);
        Assert.Contains("NOT_REGISTERED", run.Output);
        Assert.Contains("ACTIVE", run.Output);
        Assert.Contains("coverage by kecamatan", run.Output);
        Assert.Contains("Bogor Selatan", run.Output);
    }

    [Fact]
    public async Task Generate_writes_a_registry_and_an_agency_file_that_the_cli_reads()
    {
        using var directory = new TempDirectory();

        var run = await CliProcess.RunAsync(CliProcess.NoCredentials, directory.Path, "generate", "--out", directory.Path, "--records", "50", "--participants", "200", "--seed", "3");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(201, File.ReadLines(directory.File("registry.csv")).Count());
        Assert.Equal(51, File.ReadLines(directory.File("submitted.csv")).Count());
        Assert.Equal(50, Exchange.Cli.Input.WorkerFile.Open(directory.File("submitted.csv")).ReadLines().Count());
        Assert.Equal(200, Exchange.Cli.Input.ParticipantFile.Open(directory.File("registry.csv")).ReadLines().Count(line => line.Participant is not null));
    }
}
