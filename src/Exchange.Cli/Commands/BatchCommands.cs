using System.CommandLine;
using System.Globalization;
using Exchange.Cli.Output;
using Jamsostek.Exchange.V1;
using Spectre.Console;

namespace Exchange.Cli.Commands;

/// <summary><c>exchange batches</c>, <c>exchange batch ID</c>, <c>exchange results ID</c>: the calling agency's batches, read again later.</summary>
public static class BatchCommands
{
    private static readonly Argument<string> BatchId = new("ID") { Description = "Batch id, as submit printed it" };

    public static Command List(CliContext context)
    {
        var limit = new Option<int>("--limit") { Description = "At most this many batches, newest first", DefaultValueFactory = _ => 50 };
        var command = new Command("batches", "List the calling agency's batches, newest first") { limit };
        command.SetAction(context, async (parse, cancellation) =>
        {
            using var connection = context.Connect(parse);
            var wanted = parse.GetValue(limit);
            var all = new ListBatchesResponse();
            var token = "";
            do
            {
                var page = await connection.Call(() => connection.Submission.ListBatchesAsync(
                    new ListBatchesRequest { PageSize = Math.Clamp(wanted - all.Batches.Count, 1, 100), PageToken = token }, cancellationToken: cancellation).ResponseAsync);
                all.Batches.AddRange(page.Batches);
                token = page.NextPageToken;
            }
            while (token.Length > 0 && all.Batches.Count < wanted);
            all.NextPageToken = token;
            if (CliContext.WantsJson(parse))
            {
                context.WriteJson(all);
                return ExitCodes.Ok;
            }
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns("batch", "purpose", "state", "records", "accepted", "rejected", "opened", "finished");
            foreach (var batch in all.Batches)
            {
                table.AddRow(Markup.Escape(batch.BatchId), ProtoNames.Of(batch.Purpose), ProtoNames.Of(batch.State), N(batch.RecordCount),
                    N(batch.AcceptedCount), N(batch.RejectedCount), batch.OpenedAt, batch.FinishedAt);
            }
            context.Console.Write(table);
            if (all.Batches.Count == 0)
            {
                context.Console.WriteLine("No batches yet: send one with 'exchange submit FILE'.");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Show(CliContext context)
    {
        var command = new Command("batch", "Show one batch: state, counts per status and outcome") { BatchId };
        command.SetAction(context, async (parse, cancellation) =>
        {
            using var connection = context.Connect(parse);
            var batch = (await connection.Call(() => connection.Submission.GetBatchAsync(
                new GetBatchRequest { BatchId = parse.GetValue(BatchId)! }, cancellationToken: cancellation).ResponseAsync)).Batch;
            if (CliContext.WantsJson(parse))
            {
                context.WriteJson(batch);
                return ExitCodes.Ok;
            }
            var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumns("what", "value")
                .Title($"[bold]batch {Markup.Escape(batch.BatchId)}[/]");
            table.AddRow("purpose", ProtoNames.Of(batch.Purpose));
            table.AddRow("state", ProtoNames.Of(batch.State));
            table.AddRow("opened", batch.OpenedAt);
            table.AddRow("finished", batch.FinishedAt.Length > 0 ? batch.FinishedAt : "not yet: run the same submit again to send the rest");
            table.AddRow("records", N(batch.RecordCount));
            table.AddRow("accepted", N(batch.AcceptedCount));
            table.AddRow("rejected", N(batch.RejectedCount));
            table.AddRow("with warnings", N(batch.WarningCount));
            foreach (var count in batch.OutcomeCounts)
            {
                table.AddRow($"  {ProtoNames.Of(count.Outcome)}", N(count.Count));
            }
            context.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Results(CliContext context)
    {
        var rejected = new Option<bool>("--rejected") { Description = "Only rejected records" };
        var outcome = new Option<string[]>("--outcome") { Description = "Only these outcomes (ACTIVE, GRACE, LAPSED, NOT_REGISTERED, POSSIBLE_MATCH, DECEASED); repeatable", AllowMultipleArgumentsPerToken = true };
        var input = new Option<FileInfo?>("--input") { Description = "The file the batch was sent from: rows then carry its line numbers, unreadable lines included" };
        var output = new Option<string?>("--out") { Description = "Write a CSV here instead of a table" };
        var command = new Command("results", "Fetch a batch's per-record results again") { BatchId, rejected, outcome, input, output };
        command.SetAction(context, async (parse, cancellation) =>
        {
            using var connection = context.Connect(parse);
            var batchId = parse.GetValue(BatchId)!;
            if (parse.GetValue(input) is { } inputFile)
            {
                if (parse.GetValue(rejected) || parse.GetValue(outcome) is { Length: > 0 })
                {
                    throw new CliException(ExitCodes.BadArguments, "--input writes every line of the file; leave out --rejected and --outcome, or --input");
                }
                var path = parse.GetValue(output) ?? ResultsFile.PathFor(inputFile.FullName);
                var lines = await connection.Call(() => ResultsFile.WriteAsync(path, SubmitCommand.OpenFile(inputFile.FullName), connection, batchId, cancellation));
                context.Console.MarkupLineInterpolated($"Results of all {lines:N0} lines: {path}");
                return ExitCodes.Ok;
            }
            var request = new ReadResultsRequest { BatchId = batchId, RejectedOnly = parse.GetValue(rejected) };
            foreach (var name in parse.GetValue(outcome) ?? [])
            {
                request.Outcomes.Add(ProtoNames.Parse<MatchOutcome>(name) ?? throw new CliException(ExitCodes.BadArguments,
                    $"--outcome '{name}' is not an outcome; give one of {string.Join(", ", ProtoNames.All<MatchOutcome>())}"));
            }
            return await connection.Call(async () =>
            {
                using var call = connection.Submission.ReadResults(request, cancellationToken: cancellation);
                var results = ResultsFile.Results(call.ResponseStream, cancellation);
                if (parse.GetValue(output) is { } path)
                {
                    long count = 0;
                    using (var csv = new CsvExport(path, ["offset", .. ResultsFile.Header[2..]]))
                    {
                        await foreach (var result in results)
                        {
                            csv.WriteRow([result.Offset.ToString(CultureInfo.InvariantCulture), .. ResultsFile.Row(result)]);
                            count++;
                        }
                    }
                    context.Console.MarkupLineInterpolated($"{count:N0} results: {path}");
                    return ExitCodes.Ok;
                }
                if (CliContext.WantsJson(parse))
                {
                    var all = new ReadResultsResponse();
                    await foreach (var result in results)
                    {
                        all.Results.Add(result);
                    }
                    context.WriteJson(all);
                    return ExitCodes.Ok;
                }
                var table = new Table().Border(TableBorder.Rounded).AddColumns("offset", "status", "outcome", "codes", "messages");
                var shown = 0;
                await foreach (var result in results)
                {
                    table.AddRow([result.Offset.ToString(CultureInfo.InvariantCulture), .. ResultsFile.Row(result).Select(Markup.Escape)]);
                    shown++;
                }
                context.Console.Write(table);
                context.Console.MarkupLineInterpolated($"{shown:N0} results");
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    internal static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
