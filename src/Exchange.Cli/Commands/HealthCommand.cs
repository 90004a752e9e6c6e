using Spectre.Console;
using System.CommandLine;
using Grpc.Health.V1;

namespace Exchange.Cli.Commands;

/// <summary><c>exchange health</c>: whether the gateway serves; needs no credentials.</summary>
public static class HealthCommand
{
    public static Command Build(CliContext context)
    {
        var command = new Command("health", "Check that the gateway is up and serving (exit 0), or say why not (exit 4)");
        command.SetAction(context, async (parse, cancellation) =>
        {
            using var connection = context.Connect(parse);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var response = await connection.Call(() => connection.Health.CheckAsync(new HealthCheckRequest(), cancellationToken: timeout.Token).ResponseAsync);
            if (CliContext.WantsJson(parse))
            {
                context.WriteJson(response);
            }
            else
            {
                context.Console.WriteLine($"{connection.Settings.Address}: {response.Status.ToString().ToUpperInvariant()}");
            }
            return response.Status == HealthCheckResponse.Types.ServingStatus.Serving ? ExitCodes.Ok : ExitCodes.CannotConnect;
        });
        return command;
    }
}
