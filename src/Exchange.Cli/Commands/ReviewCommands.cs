using System.CommandLine;
using Exchange.Cli.Connection;
using Exchange.Core.Identity;
using Jamsostek.Exchange.V1;
using Spectre.Console;

namespace Exchange.Cli.Commands;

/// <summary><c>exchange review list|show|resolve</c>: BPJS's desk for possible matches.</summary>
public static class ReviewCommands
{
    private static readonly Argument<string> ReviewId = new("ID") { Description = "Review id, as review list shows it" };

    public static Command Build(CliContext context) => new("review", "BPJS: possible matches waiting for a decision")
    {
        List(context), Show(context), Resolve(context),
    };

    private static Command List(CliContext context)
    {
        var all = new Option<bool>("--all") { Description = "Resolved items too" };
        var limit = new Option<int>("--limit") { Description = "At most this many items", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "List review items, oldest first") { all, limit };
        command.SetAction(context, async (parse, cancellation) =>
        {
            using var connection = context.Connect(parse);
            var items = await ReadAsync(connection, parse.GetValue(all), parse.GetValue(limit), cancellation);
            if (CliContext.WantsJson(parse))
            {
                var response = new ListReviewItemsResponse();
                response.Items.AddRange(items);
                context.WriteJson(response);
                return ExitCodes.Ok;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("review", "agency", "batch", "worker", "candidate", "score", "rung", "decision");
            foreach (var item in items)
            {
                table.AddRow(Markup.Escape(item.ReviewId), Markup.Escape(item.Agency), Markup.Escape(item.BatchId),
                    Markup.Escape($"{Nik.Mask(item.Worker.Nik)} {item.Worker.FullName}"), Markup.Escape($"{Nik.Mask(item.Candidate.Nik)} {item.Candidate.FullName}"),
                    item.Score.ToString("F1", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(item.Explanation?.Rung ?? ""),
                    item.Decision == ReviewDecision.Unspecified ? "pending" : ProtoNames.Of(item.Decision));
            }
            context.Console.Write(table);
            context.Console.WriteLine(items.Count == 0 ? "Nothing to review." : $"{items.Count:N0} items. Decide with 'exchange review resolve ID --same-person' or '--different-person'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var command = new Command("show", "Show one review item: the worker beside the candidate, field by field, and why it was proposed") { ReviewId };
        command.SetAction(context, async (parse, cancellation) =>
        {
            using var connection = context.Connect(parse);
            var item = await FindAsync(connection, parse.GetValue(ReviewId)!, cancellation);
            if (CliContext.WantsJson(parse))
            {
                context.WriteJson(item);
                return ExitCodes.Ok;
            }
            Render(context.Console, item);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Resolve(CliContext context)
    {
        var same = new Option<bool>("--same-person") { Description = "The worker is this participant" };
        var different = new Option<bool>("--different-person") { Description = "The worker is not this participant" };
        var command = new Command("resolve", "Decide a review item; later batches of any agency are answered from the decision") { ReviewId, same, different };
        command.SetAction(context, async (parse, cancellation) =>
        {
            if (parse.GetValue(same) == parse.GetValue(different))
            {
                throw new CliException(ExitCodes.BadArguments, "give exactly one of --same-person and --different-person");
            }
            using var connection = context.Connect(parse);
            var decision = parse.GetValue(same) ? ReviewDecision.SamePerson : ReviewDecision.DifferentPerson;
            var response = await connection.Call(() => connection.Registry.ResolveReviewItemAsync(
                new ResolveReviewItemRequest { ReviewId = parse.GetValue(ReviewId)!, Decision = decision }, cancellationToken: cancellation).ResponseAsync);
            if (CliContext.WantsJson(parse))
            {
                context.WriteJson(response);
                return ExitCodes.Ok;
            }
            context.Console.MarkupLineInterpolated(
                $"Review {response.Item.ReviewId}: {ProtoNames.Of(decision)}; the record's outcome is now [bold]{ProtoNames.Of(response.Result.Outcome)}[/].");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<List<ReviewItem>> ReadAsync(GatewayConnection connection, bool includeResolved, int limit, CancellationToken cancellation)
    {
        var items = new List<ReviewItem>();
        var token = "";
        do
        {
            var page = await connection.Call(() => connection.Registry.ListReviewItemsAsync(new ListReviewItemsRequest
            {
                IncludeResolved = includeResolved,
                PageSize = Math.Clamp(limit - items.Count, 1, 500),
                PageToken = token,
            }, cancellationToken: cancellation).ResponseAsync);
            items.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token.Length > 0 && items.Count < limit);
        return items;
    }

    private static async Task<ReviewItem> FindAsync(GatewayConnection connection, string reviewId, CancellationToken cancellation)
    {
        var token = "";
        do
        {
            var page = await connection.Call(() => connection.Registry.ListReviewItemsAsync(
                new ListReviewItemsRequest { IncludeResolved = true, PageSize = 500, PageToken = token }, cancellationToken: cancellation).ResponseAsync);
            if (page.Items.FirstOrDefault(i => i.ReviewId == reviewId) is { } found)
            {
                return found;
            }
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        throw new CliException(ExitCodes.Refused, $"no review item '{reviewId}'; 'exchange review list --all' shows them");
    }

    private static void Render(IAnsiConsole console, ReviewItem item)
    {
        var sides = new Table().Border(TableBorder.Rounded).Title($"[bold]review {Markup.Escape(item.ReviewId)}[/] ({Markup.Escape(item.Agency)}, batch {Markup.Escape(item.BatchId)}, record {item.Offset})")
            .AddColumns("", "worker", "candidate");
        // BPJS decides on the full record, so the full NIK is shown here (never in a log).
        sides.AddRow("NIK", Markup.Escape(item.Worker.Nik), Markup.Escape(item.Candidate.Nik));
        sides.AddRow("name", Markup.Escape(item.Worker.FullName), Markup.Escape(item.Candidate.FullName));
        sides.AddRow("birth date", Markup.Escape(item.Worker.BirthDate), Markup.Escape(item.Candidate.BirthDate));
        sides.AddRow("sex", ProtoNames.Of(item.Worker.Sex), ProtoNames.Of(item.Candidate.Sex));
        sides.AddRow("kelurahan", Markup.Escape(item.Worker.KelurahanCode), Markup.Escape(item.Candidate.KelurahanCode));
        console.Write(sides);
        if (item.Explanation is { } why)
        {
            var fields = new Table().Border(TableBorder.Simple).AddColumns("field", "level", "weight (bits)", "m", "u");
            foreach (var field in why.Fields)
            {
                fields.AddRow(Markup.Escape(field.Field), Markup.Escape(field.Level), field.Weight.ToString("+0.0;-0.0", System.Globalization.CultureInfo.InvariantCulture),
                    field.M.ToString("G3", System.Globalization.CultureInfo.InvariantCulture), field.U.ToString("G3", System.Globalization.CultureInfo.InvariantCulture));
            }
            console.MarkupLineInterpolated($"[bold]{why.Rung}[/]: {why.Rule}{(why.BlockedByRivals ? " (another candidate one edit away stood beside it)" : "")}");
            console.Write(fields);
            console.MarkupLineInterpolated($"score {why.Score:F1} bits (review from {why.ReviewThreshold:F1}, automatic from {why.AutomaticThreshold:F1}), probability {why.PosteriorProbability:P1}");
        }
        console.MarkupLineInterpolated($"decision: {(item.Decision == ReviewDecision.Unspecified ? "pending" : ProtoNames.Of(item.Decision))}");
    }
}
