using System.CommandLine;
using System.Globalization;
using Exchange.Cli.Connection;
using Exchange.Cli.Input;
using Jamsostek.Exchange.V1;
using Spectre.Console;

namespace Exchange.Cli.Commands;

/// <summary><c>exchange submit FILE</c>: an agency's export to the gateway, with a live display, resumable, and a results file beside it.</summary>
public static class SubmitCommand
{
    private static readonly Argument<FileInfo> FileArgument = new("FILE")
    {
        Description = "CSV (',' or ';', headers in Indonesian or English), JSON Lines (.jsonl) or .xlsx export of worker records",
    };

    private static readonly Option<string> PurposeOption = new("--purpose", "-p")
    {
        Description = "Why the records are sent: coverage-matching, or apbd-enrollment (agencies allowed it only)",
        DefaultValueFactory = _ => "coverage-matching",
    };

    private static readonly Option<string?> BatchIdOption = new("--batch-id")
    {
        Description = "Batch id (letters, digits . _ : -, at most 64); default: from the file's name and content, so the same command resumes",
    };

    private static readonly Option<int> ChunkOption = new("--chunk-size")
    {
        Description = "Records per chunk (at most the gateway's limit, 1000 by default)",
        DefaultValueFactory = _ => 1000,
    };

    private static readonly Option<string?> ResultsOption = new("--results")
    {
        Description = "Where to write the results CSV; default FILE's name with .results.csv beside it",
    };

    public static Command Build(CliContext context)
    {
        var command = new Command("submit", "Send a file of worker records and get, per line, whether the worker is protected, lapsed or should be enrolled")
        {
            FileArgument, PurposeOption, BatchIdOption, ChunkOption, ResultsOption,
        };
        command.SetAction(context, async (parse, cancellation) =>
        {
            var path = parse.GetValue(FileArgument)!.FullName;
            var purpose = ParsePurpose(parse.GetValue(PurposeOption)!);
            var chunkSize = parse.GetValue(ChunkOption);
            if (chunkSize is < 1 or > 10_000)
            {
                throw new CliException(ExitCodes.BadArguments, $"--chunk-size {chunkSize} is out of range; give 1 to 10000 (the gateway accepts up to its MaxRecordsPerChunk, 1000 by default)");
            }
            var file = OpenFile(path);
            var batchId = parse.GetValue(BatchIdOption) ?? SubmitRun.DeriveBatchId(path);
            using var connection = context.Connect(parse);
            var outcome = await RunAsync(context, connection, file, batchId, purpose, chunkSize, parse.GetValue(ResultsOption) ?? ResultsFile.PathFor(path), cancellation);
            if (CliContext.WantsJson(parse))
            {
                context.WriteJson(outcome.Summary);
            }
            return outcome.ExitCode;
        });
        return command;
    }

    public sealed record Outcome(BatchSummary Summary, int Unreadable, string ResultsPath, int ExitCode);

    /// <summary>The whole submission as <c>exchange submit</c> does it; also the demo's.</summary>
    public static async Task<Outcome> RunAsync(CliContext context, GatewayConnection connection, WorkerFile file, string batchId, Purpose purpose,
        int chunkSize, string resultsPath, CancellationToken cancellation)
    {
        var console = context.Console;
        var (total, unreadable) = InputFiles.Survey(context, file.ReadLines().Select(l => (l.LineNumber, l.Problems)), file.IgnoredColumns);
        var run = new SubmitRun(connection, file, batchId, purpose, chunkSize, context.Clock);
        BatchSummary summary;
        try
        {
            summary = await connection.Call(() => Watch(context, progress => run.RunAsync(total, unreadable, progress, cancellation)));
        }
        catch (Exception e) when (cancellation.IsCancellationRequested && e is OperationCanceledException or Grpc.Core.RpcException)
        {
            throw new CliException(ExitCodes.Interrupted,
                $"interrupted: what the gateway committed of batch {batchId} stays; run the same command again to resume");
        }
        var lines = await connection.Call(() => ResultsFile.WriteAsync(resultsPath, file, connection, batchId, cancellation));
        console.MarkupLineInterpolated($"Batch [bold]{batchId}[/] {ProtoNames.Of(summary.State).ToLowerInvariant()}: {summary.AcceptedCount:N0} accepted, {summary.RejectedCount:N0} rejected, {unreadable:N0} lines not sent.");
        console.MarkupLineInterpolated($"Results of all {lines:N0} lines: [link]{resultsPath}[/]");
        var exit = summary.RejectedCount > 0 || unreadable > 0 ? ExitCodes.SomeRejected : ExitCodes.Ok;
        return new Outcome(summary, unreadable, resultsPath, exit);
    }

    public static WorkerFile OpenFile(string path) => InputFiles.Open(() => WorkerFile.Open(path));

    public static Purpose ParsePurpose(string text) => ProtoNames.Parse<Purpose>(text)
        ?? throw new CliException(ExitCodes.BadArguments,
            $"--purpose '{text}' is not a purpose; give one of {string.Join(", ", ProtoNames.All<Purpose>().Select(p => p.ToLowerInvariant().Replace('_', '-')))}");

    /// <summary>
    /// The live display on a terminal; elsewhere (a log, a pipe) a line every few seconds, so a
    /// long run still shows it is alive without filling the log.
    /// </summary>
    private static async Task<BatchSummary> Watch(CliContext context, Func<Action<SubmitProgress>, Task<BatchSummary>> run)
    {
        var console = context.Console;
        if (console.Profile.Capabilities.Interactive)
        {
            BatchSummary? summary = null;
            SubmitProgress? last = null;
            var lastDrawn = long.MinValue;
            await console.Live(new Text("opening the batch...")).StartAsync(async live =>
            {
                summary = await run(progress =>
                {
                    last = progress;
                    var now = context.Clock.GetTimestamp();
                    if (progress.Done || lastDrawn == long.MinValue || context.Clock.GetElapsedTime(lastDrawn, now) >= TimeSpan.FromMilliseconds(200))
                    {
                        lastDrawn = now;
                        live.UpdateTarget(SubmitDisplay.Render(progress));
                    }
                });
                if (last is not null)
                {
                    live.UpdateTarget(SubmitDisplay.Render(last));
                }
            });
            return summary!;
        }
        var printed = context.Clock.GetTimestamp();
        SubmitProgress? final = null;
        var result = await run(progress =>
        {
            final = progress;
            var now = context.Clock.GetTimestamp();
            if (!progress.Done && context.Clock.GetElapsedTime(printed, now) >= TimeSpan.FromSeconds(5))
            {
                printed = now;
                console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{progress.Committed:N0}/{progress.Total:N0} committed, {progress.Accepted:N0} accepted, {progress.Rejected:N0} rejected, {progress.RecordsPerSecond:N0} records/s"));
            }
        });
        if (final is not null)
        {
            console.Write(SubmitDisplay.Render(final));
        }
        return result;
    }
}
