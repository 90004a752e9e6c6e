using Spectre.Console;
using System.CommandLine;
using Jamsostek.Exchange.V1;

namespace Exchange.Cli.Commands;

/// <summary><c>exchange audit verify</c>: the gateway checks its audit trail's chain (admin and observer roles).</summary>
public static class AuditCommands
{
    public static Command Build(CliContext context)
    {
        var verify = new Command("verify", "Check that the audit trail is intact (exit 0) or say where it is broken (exit 1)");
        verify.SetAction(context, async (parse, cancellation) =>
        {
            using var connection = context.Connect(parse);
            var response = await connection.Call(() => connection.Audit.VerifyAuditTrailAsync(new VerifyAuditTrailRequest(), cancellationToken: cancellation).ResponseAsync);
            if (CliContext.WantsJson(parse))
            {
                context.WriteJson(response);
            }
            else if (response.Intact)
            {
                context.Console.WriteLine(
                    $"audit trail intact: {response.EntriesChecked:N0} entries checked, {response.CheckpointsChecked:N0} signed checkpoints (the last at entry {response.LastCheckpointSequence})");
            }
            else
            {
                context.Console.WriteLine($"audit trail BROKEN at entry {response.FirstBrokenSequence}: {response.Problem} ({response.EntriesChecked:N0} entries checked)");
            }
            return response.Intact ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return new Command("audit", "The gateway's tamper-evident audit trail") { verify };
    }
}
