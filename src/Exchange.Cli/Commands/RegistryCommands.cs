using Grpc.Core;
using System.CommandLine;
using Exchange.Cli.Connection;
using Exchange.Cli.Input;
using Jamsostek.Exchange.V1;
using Spectre.Console;

namespace Exchange.Cli.Commands;

/// <summary><c>exchange registry sync FILE [--snapshot]</c>: BPJS's participant extract into the gateway's registry.</summary>
public static class RegistryCommands
{
    private const int ChunkSize = 1000;

    public static Command Build(CliContext context)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "CSV extract of participants: nik, full_name, birth_date, sex, segment, status, last_paid_month, kelurahan_code" };
        var snapshot = new Option<bool>("--snapshot")
        {
            Description = "The file is the whole registry: participants not in it are removed (default: incremental, only what the file has is added or updated)",
        };
        var sync = new Command("sync", "Send a registry extract to the gateway, with progress") { file, snapshot };
        sync.SetAction(context, async (parse, cancellation) =>
        {
            var path = parse.GetValue(file)!.FullName;
            var isSnapshot = parse.GetValue(snapshot);
            var participants = OpenFile(path);
            var (total, unreadable) = InputFiles.Survey(context, participants.ReadLines().Select(l => (l.LineNumber, l.Problems)), participants.IgnoredColumns);
            if (unreadable > 0 && isSnapshot)
            {
                // A snapshot removes whoever is not in it: an unreadable line would remove a participant.
                throw new CliException(ExitCodes.BadArguments,
                    $"{unreadable:N0} lines of {path} cannot be read (above); a snapshot would remove those participants, so nothing was sent. Fix the lines, or sync without --snapshot");
            }
            using var connection = context.Connect(parse);
            var response = await connection.Call(() => SyncAsync(context, connection, participants, total,
                isSnapshot ? SyncMode.Snapshot : SyncMode.Incremental, cancellation));
            if (CliContext.WantsJson(parse))
            {
                context.WriteJson(response);
            }
            else
            {
                context.Console.MarkupLineInterpolated(
                    $"Registry version [bold]{response.RegistryVersion}[/]: {response.Inserted:N0} inserted, {response.Updated:N0} updated, {response.Unchanged:N0} unchanged, {response.Removed:N0} removed; {response.ParticipantCount:N0} participants.");
            }
            return unreadable > 0 ? ExitCodes.SomeRejected : ExitCodes.Ok;
        });
        return new Command("registry", "BPJS: the participant registry the gateway matches against") { sync };
    }

    /// <summary>Streams the file's readable participants in one sync; only a stream that ends cleanly is applied by the gateway.</summary>
    public static async Task<SyncParticipantsResponse> SyncAsync(CliContext context, GatewayConnection connection, ParticipantFile file, long total,
        SyncMode mode, CancellationToken cancellation)
    {
        using var call = connection.Registry.SyncParticipants(cancellationToken: cancellation);
        try
        {
            await StreamAsync(context, call, file, total, mode, cancellation);
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException && !cancellation.IsCancellationRequested)
        {
            // The gateway ended the call while it was still being written (a refusal): its status says why, not the failed write.
            await call.ResponseAsync;
            throw;
        }
        return await call.ResponseAsync;
    }

    private static async Task StreamAsync(CliContext context, AsyncClientStreamingCall<SyncParticipantsRequest, SyncParticipantsResponse> call,
        ParticipantFile file, long total, SyncMode mode, CancellationToken cancellation)
    {
        await call.RequestStream.WriteAsync(new SyncParticipantsRequest { Header = new SyncHeader { Mode = mode } }, cancellation);
        await WithProgress(context, $"syncing {total:N0} participants", total, async advance =>
        {
            var chunk = new ParticipantChunk();
            foreach (var line in file.ReadLines())
            {
                if (line.Participant is null)
                {
                    continue;
                }
                chunk.Upserts.Add(line.Participant);
                if (chunk.Upserts.Count == ChunkSize)
                {
                    await call.RequestStream.WriteAsync(new SyncParticipantsRequest { Chunk = chunk }, cancellation);
                    advance(chunk.Upserts.Count);
                    chunk = new ParticipantChunk();
                }
            }
            if (chunk.Upserts.Count > 0)
            {
                await call.RequestStream.WriteAsync(new SyncParticipantsRequest { Chunk = chunk }, cancellation);
                advance(chunk.Upserts.Count);
            }
        });
        await call.RequestStream.CompleteAsync();
    }

    public static ParticipantFile OpenFile(string path) => InputFiles.Open(() => ParticipantFile.Open(path));

    /// <summary>A progress bar on a terminal; elsewhere the work runs quietly and the summary says the rest.</summary>
    public static async Task WithProgress(CliContext context, string description, long total, Func<Action<long>, Task> work)
    {
        if (!context.Console.Profile.Capabilities.Interactive)
        {
            await work(_ => { });
            return;
        }
        await context.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1));
                await work(count => task.Increment(count));
                task.Value = task.MaxValue;
            });
    }
}
