using System.Text.Json;
using Exchange.Cli.Commands;
using Jamsostek.Exchange.V1;

namespace Exchange.Cli.Tests;

/// <summary>The read and BPJS commands as processes against a real gateway that has one submitted batch.</summary>
public class CommandTests(CliGatewayFixture fixture) : IClassFixture<CliGatewayFixture>
{
    private Dictionary<string, string> Agency => CliProcess.As(fixture.Gateway, TestCallers.AgencyB);

    private async Task<string> SubmittedBatchAsync(string name)
    {
        var path = fixture.CopyOfAgencyFile(name);
        var run = await CliProcess.RunAsync(Agency, fixture.Directory, "submit", path);
        Assert.True(run.ExitCode is ExitCodes.Ok or ExitCodes.SomeRejected, run.ToString());
        return SubmitRun.DeriveBatchId(path);
    }

    [Fact]
    public async Task Batches_batch_and_results_read_a_batch_again_as_tables_json_and_csv()
    {
        var batchId = await SubmittedBatchAsync("reads.csv");

        var list = await CliProcess.RunAsync(Agency, fixture.Directory, "batches", "--output", "json");
        Assert.Equal(ExitCodes.Ok, list.ExitCode);
        var batches = JsonDocument.Parse(list.Output).RootElement.GetProperty("batches").EnumerateArray().Select(b => b.GetProperty("batchId").GetString());
        Assert.Contains(batchId, batches);

        var show = await CliProcess.RunAsync(Agency, fixture.Directory, "batch", batchId);
        Assert.Equal(ExitCodes.Ok, show.ExitCode);
        Assert.Contains("FINISHED", show.Output);
        Assert.Contains("NOT_REGISTERED", show.Output);

        var notRegistered = Path.Combine(fixture.Directory, batchId + ".not-registered.csv");
        var results = await CliProcess.RunAsync(Agency, fixture.Directory, "results", batchId, "--outcome", "not_registered", "--out", notRegistered);
        Assert.Equal(ExitCodes.Ok, results.ExitCode);
        var outcomes = File.ReadLines(notRegistered).Skip(1).Select(line => line.Split(',')[2]).ToList();
        Assert.NotEmpty(outcomes);
        Assert.All(outcomes, o => Assert.Equal("NOT_REGISTERED", o));

        var missing = await CliProcess.RunAsync(Agency, fixture.Directory, "batch", "no-such-batch");
        Assert.Equal(ExitCodes.Refused, missing.ExitCode);
        Assert.Contains("NotFound", missing.Error);
    }

    [Fact]
    public async Task Coverage_review_and_candidates_serve_BPJS()
    {
        await SubmittedBatchAsync("bpjs.csv");
        var bpjs = CliProcess.As(fixture.Gateway, TestCallers.Bpjs);

        var coverage = await CliProcess.RunAsync(bpjs, fixture.Directory, "coverage", "--by", "kecamatan");
        Assert.Equal(ExitCodes.Ok, coverage.ExitCode);
        Assert.Contains("coverage by kecamatan", coverage.Output);
        Assert.Contains("total", coverage.Output);
        Assert.Contains("share protected", coverage.Output);

        var review = await CliProcess.RunAsync(bpjs, fixture.Directory, "review", "list", "--output", "json");
        Assert.Equal(ExitCodes.Ok, review.ExitCode);
        // Seed 5's file has possible matches: BPJS sees one, beside its candidate, and decides it.
        var id = JsonDocument.Parse(review.Output).RootElement.GetProperty("items")[0].GetProperty("reviewId").GetString()!;
        var show = await CliProcess.RunAsync(bpjs, fixture.Directory, "review", "show", id);
        Assert.Equal(ExitCodes.Ok, show.ExitCode);
        Assert.Contains("score", show.Output);
        Assert.Contains("candidate", show.Output);
        var resolve = await CliProcess.RunAsync(bpjs, fixture.Directory, "review", "resolve", id, "--different-person");
        Assert.Equal(ExitCodes.Ok, resolve.ExitCode);
        Assert.Contains("DIFFERENT_PERSON", resolve.Output);

        var candidates = Path.Combine(fixture.Directory, "candidates.csv");
        var export = await CliProcess.RunAsync(bpjs, fixture.Directory, "candidates", "--outcome", "NOT_REGISTERED", "--out", candidates);
        Assert.Equal(ExitCodes.Ok, export.ExitCode);
        var rows = File.ReadLines(candidates).ToList();
        Assert.StartsWith("agency,purpose,outcome,nik", rows[0].TrimStart('\uFEFF'));
        Assert.True(rows.Count > 1, export.ToString());
    }

    [Fact]
    public async Task Health_and_audit_verify_report_a_serving_gateway_and_an_intact_trail()
    {
        var health = await CliProcess.RunAsync(new Dictionary<string, string> { ["EXCHANGE_ADDRESS"] = fixture.Gateway.Address }, fixture.Directory, "health");
        Assert.Equal(ExitCodes.Ok, health.ExitCode);
        Assert.Contains("SERVING", health.Output);

        var audit = await CliProcess.RunAsync(CliProcess.As(fixture.Gateway, TestCallers.Admin), fixture.Directory, "audit", "verify");
        Assert.Equal(ExitCodes.Ok, audit.ExitCode);
        Assert.Contains("intact", audit.Output);
    }

    [Fact]
    public async Task Failures_end_in_the_documented_exit_codes_with_the_problem_and_the_fix()
    {
        var wrongKey = await CliProcess.RunAsync(new Dictionary<string, string>
        {
            ["EXCHANGE_ADDRESS"] = fixture.Gateway.Address,
            ["EXCHANGE_API_KEY"] = "exk_not_a_key",
        }, fixture.Directory, "batches");
        Assert.Equal(ExitCodes.NotAuthenticated, wrongKey.ExitCode);
        Assert.Contains("--api-key", wrongKey.Error);

        var notAllowed = await CliProcess.RunAsync(Agency, fixture.Directory, "registry", "sync", fixture.RegistryFile);
        Assert.Equal(ExitCodes.NotAuthenticated, notAllowed.ExitCode);

        var closedPort = await CliProcess.RunAsync(new Dictionary<string, string> { ["EXCHANGE_ADDRESS"] = "http://127.0.0.1:9" }, fixture.Directory, "health");
        Assert.Equal(ExitCodes.CannotConnect, closedPort.ExitCode);
        Assert.Contains("cannot reach the gateway at http://127.0.0.1:9", closedPort.Error);

        var missingFile = await CliProcess.RunAsync(Agency, fixture.Directory, "submit", Path.Combine(fixture.Directory, "nowhere.csv"));
        Assert.Equal(ExitCodes.BadArguments, missingFile.ExitCode);
        Assert.Contains("nowhere.csv", missingFile.Error);

        var unknownOption = await CliProcess.RunAsync(Agency, fixture.Directory, "batches", "--colour");
        Assert.Equal(ExitCodes.BadArguments, unknownOption.ExitCode);
        Assert.Contains("--help", unknownOption.Error);

        var badPurpose = await CliProcess.RunAsync(Agency, fixture.Directory, "submit", fixture.AgencyFile, "--purpose", "marketing");
        Assert.Equal(ExitCodes.BadArguments, badPurpose.ExitCode);
        Assert.Contains("coverage-matching", badPurpose.Error);
    }

    [Fact]
    public async Task Help_lists_every_command_and_each_command_explains_itself()
    {
        var help = await CliProcess.RunAsync(CliProcess.NoCredentials, fixture.Directory, "--help");
        Assert.Equal(ExitCodes.Ok, help.ExitCode);
        string[][] commands =
        [
            ["submit"], ["batches"], ["batch"], ["results"], ["registry", "sync"], ["review", "list"], ["review", "show"], ["review", "resolve"],
            ["candidates"], ["coverage"], ["generate"], ["health"], ["audit", "verify"], ["demo"],
        ];
        foreach (var command in commands)
        {
            Assert.Contains(command[0], help.Output);
            var own = await CliProcess.RunAsync(CliProcess.NoCredentials, fixture.Directory, [.. command, "--help"]);
            Assert.Equal(ExitCodes.Ok, own.ExitCode);
            Assert.Contains("Usage:", own.Output);
            Assert.Contains("--address", own.Output);
        }
    }
}
