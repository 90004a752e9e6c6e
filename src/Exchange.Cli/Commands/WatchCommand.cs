using System.CommandLine;
using Jamsostek.Exchange.V1;
using Spectre.Console;

namespace Exchange.Cli.Commands;

/// <summary>
/// <c>exchange watch</c>: the outcome changes of the agency's workers as they happen, one line each. With
/// --cursor-file the last cursor is kept after every message, so a watch stopped or cut off resumes where it was.
/// </summary>
public static class WatchCommand
{
    public static Command Build(CliContext context)
    {
        var cursor = new Option<string?>("--cursor") { Description = "Resume after this cursor (default: the cursor file's, or from the beginning)" };
        var cursorFile = new Option<FileInfo?>("--cursor-file") { Description = "Read the cursor from this file at start and keep the last one in it" };
        var count = new Option<int?>("--count") { Description = "Stop after this many changes (default: watch until interrupted)" };
        var command = new Command("watch", "Outcome changes of the workers your agency submitted: enrolled, fell into grace, lapsed, died")
        {
            cursor, cursorFile, count,
        };
        command.SetAction(context, async (parse, cancellation) =>
        {
            if (parse.GetValue(count) is <= 0)
            {
                throw new CliException(ExitCodes.BadArguments, "--count must be at least 1");
            }
            var file = parse.GetValue(cursorFile);
            var from = parse.GetValue(cursor) ?? (file is { Exists: true } ? (await File.ReadAllTextAsync(file.FullName, cancellation)).Trim() : "");
            using var connection = context.Connect(parse);
            return await connection.Call(async () =>
            {
                using var call = connection.Submission.WatchOutcomeChanges(new WatchOutcomeChangesRequest { Cursor = from }, cancellationToken: cancellation);
                var seen = 0;
                while (await call.ResponseStream.MoveNext(cancellation))
                {
                    var changes = call.ResponseStream.Current.Changes;
                    foreach (var change in changes.Take(parse.GetValue(count) is { } limit ? limit - seen : changes.Count))
                    {
                        if (CliContext.WantsJson(parse))
                        {
                            context.WriteJson(change);
                        }
                        else
                        {
                            context.Console.MarkupLineInterpolated(
                                $"{change.ChangedOn}  {change.Nik}  {ProtoNames.Of(change.PreviousOutcome)} -> [bold]{ProtoNames.Of(change.Outcome)}[/]  [grey](cursor {change.Cursor})[/]");
                        }
                        seen++;
                        if (file is not null)
                        {
                            await File.WriteAllTextAsync(file.FullName, change.Cursor + Environment.NewLine, cancellation);
                        }
                    }
                    if (parse.GetValue(count) is { } wanted && seen >= wanted)
                    {
                        break;
                    }
                }
                return ExitCodes.Ok;
            });
        });
        return command;
    }
}
