using System.Text;
using Exchange.Cli.Commands;
using Jamsostek.Exchange.V1;

namespace Exchange.Cli.Tests;

/// <summary><c>exchange submit</c> as a process against a real gateway: results file, resume after SIGKILL, spreadsheet exports.</summary>
public class SubmitTests(CliGatewayFixture fixture) : IClassFixture<CliGatewayFixture>
{
    private Dictionary<string, string> Agency => CliProcess.As(fixture.Gateway, TestCallers.AgencyB);

    // The same agency's view of its batches.
    private SubmissionService.SubmissionServiceClient Batches => new(fixture.Gateway.As(TestCallers.AgencyB));

    [Fact]
    public async Task A_file_is_submitted_and_every_line_has_its_result_in_the_results_file()
    {
        var path = fixture.CopyOfAgencyFile("pendataan.csv");

        var run = await CliProcess.RunAsync(Agency, fixture.Directory, "submit", path);

        Assert.True(run.ExitCode is ExitCodes.Ok or ExitCodes.SomeRejected, run.ToString());
        var rows = ResultRows(ResultsFile.PathFor(path));
        Assert.Equal(Enumerable.Range(2, fixture.Data.Submitted.Count), rows.Select(r => r.Line));
        Assert.All(rows, r => Assert.Contains(r.Status, new[] { "ACCEPTED", "REJECTED", ResultsFile.NotSent }));
        // Real outcomes, as the truth of the synthetic file has them.
        var outcomes = rows.Where(r => r.Status == "ACCEPTED").Select(r => r.Outcome).ToHashSet();
        Assert.Contains("ACTIVE", outcomes);
        Assert.Contains("NOT_REGISTERED", outcomes);
        Assert.All(rows, r => Assert.Matches(@"^(\d{4}\*{10}\d{2}|\*{16})$", r.Nik));
        var batch = await Batches.GetBatchAsync(new GetBatchRequest { BatchId = SubmitRun.DeriveBatchId(path) }).ResponseAsync.Within();
        Assert.Equal(BatchState.Finished, batch.Batch.State);
        Assert.Equal(batch.Batch.RecordCount, rows.Count(r => r.Status != ResultsFile.NotSent));
        Assert.Equal(batch.Batch.RejectedCount > 0 ? ExitCodes.SomeRejected : ExitCodes.Ok, run.ExitCode);
        Assert.Contains("accepted", run.Output);
    }

    [Fact]
    public async Task Interrupted_or_killed_mid_file_the_same_command_resumes_and_the_results_list_every_line_once()
    {
        using var directory = new TempDirectory();
        var data = Synthetic.SyntheticGenerator.Generate(Synthetic.SyntheticProfile.Bogor.With(CliGatewayFixture.Seed + 1, submittedCount: 40_000, registrySize: 40_000));
        var (_, path) = Synthetic.DataSetFiles.Write(data, directory.Path, TextWriter.Null);
        var batchId = SubmitRun.DeriveBatchId(path);
        string[] args = ["submit", path, "--chunk-size", "20"];

        // Ctrl-C: a clean stop that says how to go on.
        using (var interrupted = CliProcess.Start(Agency, directory.Path, args))
        {
            var output = interrupted.StandardOutput.ReadToEndAsync();
            var error = interrupted.StandardError.ReadToEndAsync();
            await WaitForCommittedAsync(batchId, atLeast: 1_000);
            using (var signal = System.Diagnostics.Process.Start("kill", ["-INT", interrupted.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await signal.WaitForExitAsync().Within();
            }
            await interrupted.WaitForExitAsync().Within();
            Assert.True(interrupted.ExitCode == ExitCodes.Interrupted, $"exit {interrupted.ExitCode}: {await output} {await error}");
            Assert.Contains("run the same command again to resume", await error);
        }
        using (var first = CliProcess.Start(Agency, directory.Path, args))
        {
            // Killed once part of the file is committed, as a power cut or `kill -9` would.
            var committed = await WaitForCommittedAsync(batchId, atLeast: 5_000);
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync().Within();
            Assert.True(committed < data.Submitted.Count, $"the first run finished before it was killed ({committed} records)");
        }
        var cut = (await Batches.GetBatchAsync(new GetBatchRequest { BatchId = batchId }).ResponseAsync.Within()).Batch;
        Assert.Equal(BatchState.Open, cut.State);

        var second = await CliProcess.RunAsync(Agency, directory.Path, args);

        Assert.True(second.ExitCode is ExitCodes.Ok or ExitCodes.SomeRejected, second.ToString());
        Assert.Contains("resumed at", second.Output);
        var batch = (await Batches.GetBatchAsync(new GetBatchRequest { BatchId = batchId }).ResponseAsync.Within()).Batch;
        Assert.Equal(BatchState.Finished, batch.State);
        var rows = ResultRows(ResultsFile.PathFor(path));
        Assert.Equal(Enumerable.Range(2, data.Submitted.Count), rows.Select(r => r.Line));
        Assert.Equal(batch.RecordCount, rows.Count(r => r.Status != ResultsFile.NotSent));
        Assert.Equal(batch.AcceptedCount, rows.Count(r => r.Status == "ACCEPTED"));
        Assert.Equal(batch.RejectedCount, rows.Count(r => r.Status == "REJECTED"));
    }

    [Fact]
    public async Task A_spreadsheet_export_gets_a_message_per_bad_line_and_its_good_lines_are_submitted()
    {
        using var directory = new TempDirectory();
        var path = directory.File("data-pkl.csv");
        var good = Workers.ValidMany(3, firstSerial: 7101);
        var lines = new List<string> { "Nama;NIK;Jenis Kelamin;Tanggal Lahir;Kelurahan;Pekerjaan;Sumber Dana" };
        lines.AddRange(good.Select(r => $"{r.FullName};{r.Nik};{(r.Sex == Sex.Female ? "P" : "L")};{DayFirst(r.BirthDate)};{r.KelurahanCode};Pedagang Kaki Lima;Mandiri"));
        lines.Insert(2, $"{good[0].FullName};3.27101E+15;L;{DayFirst(good[0].BirthDate)};{good[0].KelurahanCode};Pedagang Kaki Lima;Mandiri");
        lines.Add($"{good[1].FullName};{good[1].Nik};L");
        lines.Add($"{good[2].FullName};{good[2].Nik};L;31/02/1990;{good[2].KelurahanCode};Pedagang Kaki Lima;Mandiri");
        await File.WriteAllTextAsync(path, string.Join("\r\n", lines) + "\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var run = await CliProcess.RunAsync(Agency, directory.Path, "submit", path);

        Assert.Equal(ExitCodes.SomeRejected, run.ExitCode);
        Assert.Contains("line 3: NIK looks like a spreadsheet number (3.27101E+15)", run.Error);
        Assert.Matches("line 6: .*fields", run.Error);
        Assert.Matches("line 7: .*31/02/1990", run.Error);
        var batch = (await Batches.GetBatchAsync(new GetBatchRequest { BatchId = SubmitRun.DeriveBatchId(path) }).ResponseAsync.Within()).Batch;
        Assert.Equal(3, batch.RecordCount);
        Assert.Equal(3, batch.AcceptedCount);
        var rows = ResultRows(ResultsFile.PathFor(path));
        Assert.Equal([2, 3, 4, 5, 6, 7], rows.Select(r => r.Line));
        Assert.Equal(["ACCEPTED", ResultsFile.NotSent, "ACCEPTED", "ACCEPTED", ResultsFile.NotSent, ResultsFile.NotSent], rows.Select(r => r.Status));
    }

    private static string DayFirst(string isoDate) => DateOnly.ParseExact(isoDate, "yyyy-MM-dd").ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<long> WaitForCommittedAsync(string batchId, long atLeast)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TaskTimeouts.Default)
        {
            try
            {
                var batch = (await Batches.GetBatchAsync(new GetBatchRequest { BatchId = batchId }).ResponseAsync.Within()).Batch;
                if (batch.RecordCount >= atLeast)
                {
                    return batch.RecordCount;
                }
            }
            catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.NotFound)
            {
                // Not opened yet: each call's round trip paces the next.
            }
        }
        throw new TimeoutException($"batch {batchId} never reached {atLeast} committed records");
    }

    internal sealed record ResultRow(int Line, string Nik, string Status, string Outcome, string Codes);

    internal static List<ResultRow> ResultRows(string path)
    {
        using var csv = CsvHelper.CsvReader.FromFile(path, CsvHelper.CsvReaderOptions.Default);
        Assert.Equal(ResultsFile.Header, csv.Headers);
        var rows = new List<ResultRow>();
        while (csv.Read())
        {
            rows.Add(new ResultRow(int.Parse(csv.GetString(0), System.Globalization.CultureInfo.InvariantCulture), csv.GetString(1),
                csv.GetString(2), csv.GetString(3), csv.GetString(4)));
        }
        return rows;
    }
}
