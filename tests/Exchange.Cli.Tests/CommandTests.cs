using System.Text.Json;
using Exchange.Cli.Commands;
using Grpc.Core;
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
    public async Task Apbd_estimate_and_lapse_warnings_print_Indonesian_first_tables_in_rupiah()
    {
        await SubmittedBatchAsync("apbd.csv");
        var bpjs = CliProcess.As(fixture.Gateway, TestCallers.Bpjs);

        var table = await CliProcess.RunAsync(bpjs, fixture.Directory, "apbd-estimate", "--by", "kecamatan", "--months", "12", "--from", "2027-01");
        Assert.Equal(ExitCodes.Ok, table.ExitCode);
        Assert.Contains("Perkiraan biaya APBD", table.Output);
        Assert.Contains("2027-01 s.d. 2027-12", table.Output);
        Assert.Contains("layak", table.Output);
        Assert.Contains("16.800/orang/bulan", table.Output);
        var json = await CliProcess.RunAsync(bpjs, fixture.Directory, "apbd-estimate", "--from", "2027-01", "--output", "json");
        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        var total = JsonDocument.Parse(json.Output).RootElement.GetProperty("total");
        var eligible = long.Parse(total.GetProperty("eligibleCount").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(eligible > 0, json.Output);
        Assert.Equal(eligible * 16_800 * 12, long.Parse(total.GetProperty("totalRupiah").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(ContributionCommands.Rupiah(eligible * 16_800 * 12), table.Output);
        var peopleFile = Path.Combine(fixture.Directory, "apbd-people.csv");
        var withPeople = await CliProcess.RunAsync(bpjs, fixture.Directory, "apbd-estimate", "--people", peopleFile);
        Assert.Equal(ExitCodes.Ok, withPeople.ExitCode);
        var people = File.ReadLines(peopleFile).ToList();
        Assert.Equal("nik,full_name,kelurahan_code,kelurahan_name,outcome", people[0].TrimStart('\uFEFF'));
        Assert.Equal(eligible, people.Count - 1);
        var admin = await CliProcess.RunAsync(CliProcess.As(fixture.Gateway, TestCallers.Admin), fixture.Directory, "apbd-estimate", "--people", peopleFile);
        // The names and NIKs are BPJS's alone: the estimate prints, the list is refused and the file stays as it was.
        Assert.Equal(ExitCodes.NotAuthenticated, admin.ExitCode);
        Assert.Contains("not allowed", admin.Error);
        Assert.Equal(people, File.ReadLines(peopleFile).ToList());
        var badMonths = await CliProcess.RunAsync(bpjs, fixture.Directory, "apbd-estimate", "--months", "121");
        Assert.Equal(ExitCodes.Refused, badMonths.ExitCode);

        var warnings = await CliProcess.RunAsync(bpjs, fixture.Directory, "lapse-warnings", "--days", "366");
        Assert.Equal(ExitCodes.Ok, warnings.ExitCode);
        Assert.True(warnings.Output.Contains("terlindungi", StringComparison.Ordinal) || warnings.Output.Contains("Tidak ada", StringComparison.Ordinal),
            warnings.Output);
        // DINKOP may not state the APBD purpose, so it is not warned of the workers the city pays for.
        var agency = await CliProcess.RunAsync(Agency, fixture.Directory, "lapse-warnings");
        Assert.Equal(ExitCodes.NotAuthenticated, agency.ExitCode);
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
    public async Task Watch_prints_the_agencys_outcome_changes_and_resumes_from_its_cursor_file()
    {
        // A gateway of its own: the watch reads every change since the beginning.
        await using var gateway = await RunningGateway.StartAsync();
        var first = Workers.Valid(1);
        var second = Workers.Valid(2);
        second.FullName = "Ujang Hidayat";
        second.BirthDate = "1990-02-03";
        second.Nik = Workers.Nik(2, new DateOnly(1990, 2, 3));
        await SubmitAsync(gateway, first, second);
        var agency = CliProcess.As(gateway, TestCallers.AgencyA);
        var cursorFile = Path.Combine(fixture.Directory, $"watch-{Guid.NewGuid():N}.cursor");

        await EnrollAsync(gateway, first);
        var watched = await CliProcess.RunAsync(agency, fixture.Directory, "watch", "--count", "1", "--cursor-file", cursorFile);
        Assert.Equal(ExitCodes.Ok, watched.ExitCode);
        Assert.Contains($"{first.Nik}  NOT_REGISTERED -> ACTIVE", watched.Output);
        var cursor = File.ReadAllText(cursorFile).Trim();
        Assert.Contains($"cursor {cursor}", watched.Output);

        // Resumed from the file: only what came after.
        await EnrollAsync(gateway, second);
        var resumed = await CliProcess.RunAsync(agency, fixture.Directory, "watch", "--count", "1", "--cursor-file", cursorFile, "--output", "json");
        Assert.Equal(ExitCodes.Ok, resumed.ExitCode);
        var change = JsonDocument.Parse(resumed.Output).RootElement;
        Assert.Equal((second.Nik, "MATCH_OUTCOME_ACTIVE"), (change.GetProperty("nik").GetString(), change.GetProperty("outcome").GetString()));
        Assert.NotEqual(cursor, File.ReadAllText(cursorFile).Trim());

        var bad = await CliProcess.RunAsync(agency, fixture.Directory, "watch", "--cursor", "yesterday");
        Assert.Equal(ExitCodes.Refused, bad.ExitCode);
        Assert.Contains("InvalidArgument", bad.Error);
        Assert.Contains("ursor", bad.Error);
    }

    private static async Task SubmitAsync(RunningGateway gateway, params WorkerRecord[] workers)
    {
        using var call = new SubmissionService.SubmissionServiceClient(gateway.As(TestCallers.AgencyA)).Submit(
            cancellationToken: new CancellationTokenSource(CliProcess.Timeout).Token);
        await call.RequestStream.WriteAsync(new SubmitRequest { Open = new OpenBatch { BatchId = $"watch-{Guid.NewGuid():N}", Purpose = Purpose.CoverageMatching } });
        await call.RequestStream.WriteAsync(new SubmitRequest { Chunk = new RecordChunk { FirstOffset = 0, Records = { workers } } });
        await call.RequestStream.WriteAsync(new SubmitRequest { Finish = new FinishBatch() });
        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext())
        {
            if (call.ResponseStream.Current.Summary is { } summary)
            {
                Assert.Equal(workers.Length, summary.AcceptedCount);
            }
        }
    }

    private static async Task EnrollAsync(RunningGateway gateway, WorkerRecord worker)
    {
        using var call = gateway.Registry.SyncParticipants(cancellationToken: new CancellationTokenSource(CliProcess.Timeout).Token);
        await call.RequestStream.WriteAsync(new SyncParticipantsRequest { Header = new SyncHeader { Mode = SyncMode.Incremental } });
        var paidThisMonth = $"{gateway.Today.Year:D4}-{gateway.Today.Month:D2}";
        await call.RequestStream.WriteAsync(new SyncParticipantsRequest
        {
            Chunk = new ParticipantChunk
            {
                Upserts =
                {
                    new Participant
                    {
                        Nik = worker.Nik, FullName = worker.FullName, BirthDate = worker.BirthDate, Sex = worker.Sex, Segment = Segment.Bpu,
                        Status = ParticipantStatus.Active, LastPaidMonth = paidThisMonth, KelurahanCode = worker.KelurahanCode,
                    },
                },
            },
        });
        await call.RequestStream.CompleteAsync();
        await call.ResponseAsync;
    }

    [Fact]
    public async Task Help_lists_every_command_and_each_command_explains_itself()
    {
        var help = await CliProcess.RunAsync(CliProcess.NoCredentials, fixture.Directory, "--help");
        Assert.Equal(ExitCodes.Ok, help.ExitCode);
        string[][] commands =
        [
            ["submit"], ["batches"], ["batch"], ["results"], ["registry", "sync"], ["review", "list"], ["review", "show"], ["review", "resolve"],
            ["candidates"], ["coverage"], ["watch"], ["apbd-estimate"], ["lapse-warnings"], ["generate"], ["health"], ["audit", "verify"], ["demo"],
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
