using System.CommandLine;
using Exchange.Cli.Commands;
using Exchange.Cli.Connection;
using Google.Protobuf;
using Grpc.Core;
using Spectre.Console;

namespace Exchange.Cli;

/// <summary>What every command is given: where to write, the environment, the clock, and the options every command has.</summary>
public sealed class CliContext(IAnsiConsole console, TextWriter error, Func<string, string?> environment, TimeProvider clock)
{
    public IAnsiConsole Console { get; } = console;

    public TextWriter Error { get; } = error;

    public Func<string, string?> Environment { get; } = environment;

    public TimeProvider Clock { get; } = clock;

    public static readonly Option<string?> Address = new("--address", "-a")
    {
        Description = $"Gateway address [env: EXCHANGE_ADDRESS, default {ConnectionSettings.DefaultAddress}]",
        Recursive = true,
    };

    public static readonly Option<string?> ApiKey = new("--api-key") { Description = "API key [env: EXCHANGE_API_KEY]", Recursive = true };

    public static readonly Option<string?> ClientCertificate = new("--cert")
    {
        Description = "Client certificate (PEM) for mutual TLS [env: EXCHANGE_CLIENT_CERT]",
        Recursive = true,
    };

    public static readonly Option<string?> ClientKey = new("--key") { Description = "Key of the client certificate (PEM) [env: EXCHANGE_CLIENT_KEY]", Recursive = true };

    public static readonly Option<string?> CaCertificate = new("--ca-cert")
    {
        Description = "CA certificate (PEM) the gateway's certificate must come from [env: EXCHANGE_CA_CERT]",
        Recursive = true,
    };

    public static readonly Option<string?> ConfigFile = new("--config")
    {
        Description = "JSON file with address, apiKey, clientCertificate, clientKey, caCertificate [env: EXCHANGE_CONFIG, default ~/.config/exchange/config.json]",
        Recursive = true,
    };

    public static readonly Option<string?> Language = new("--lang")
    {
        Description = "Language of the gateway's messages: en or id [env: EXCHANGE_LANG, default en]",
        Recursive = true,
    };

    public static readonly Option<OutputFormat> Output = new("--output", "-o")
    {
        Description = "text for people, json for scripts",
        DefaultValueFactory = _ => OutputFormat.Text,
        Recursive = true,
    };

    public static IEnumerable<Option> GlobalOptions => [Address, ApiKey, ClientCertificate, ClientKey, CaCertificate, ConfigFile, Language, Output];

    public GatewayConnection Connect(ParseResult parse) => GatewayConnection.Open(ConnectionSettings.Resolve(
        new ConnectionSettings.Given(parse.GetValue(Address), parse.GetValue(ApiKey), parse.GetValue(ClientCertificate), parse.GetValue(ClientKey),
            parse.GetValue(CaCertificate), parse.GetValue(ConfigFile), parse.GetValue(Language)), Environment), Clock);

    public static bool WantsJson(ParseResult parse) => parse.GetValue(Output) == OutputFormat.Json;

    /// <summary>A protobuf message as proto3 JSON on stdout, for scripts.</summary>
    public void WriteJson(IMessage message) => Console.Profile.Out.Writer.WriteLine(JsonFormatter.Default.Format(message));
}

public enum OutputFormat
{
    Text,
    Json,
}

/// <summary>The <c>exchange</c> command line: its commands, and how a failure becomes a message and an exit status.</summary>
public static class CliApp
{
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand(
            "exchange: send worker records to BPJS Ketenagakerjaan through the Exchange gateway and read the answers.\n" +
            "Start with 'exchange demo' to see everything work on synthetic data.");
        foreach (var option in CliContext.GlobalOptions)
        {
            root.Options.Add(option);
        }
        foreach (var command in new[]
        {
            SubmitCommand.Build(context), BatchCommands.List(context), BatchCommands.Show(context), BatchCommands.Results(context),
            RegistryCommands.Build(context), ReviewCommands.Build(context), CandidatesCommand.Build(context), CoverageCommand.Build(context),
            WatchCommand.Build(context),
            ContributionCommands.Estimate(context), ContributionCommands.Warnings(context),
            GenerateCommand.Build(context), HealthCommand.Build(context), AuditCommands.Build(context), DemoCommand.Build(context),
        })
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellation = default)
    {
        var root = Build(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await context.Error.WriteLineAsync($"error: {error.Message}");
            }
            var command = string.Join(' ', parse.CommandResult.Command.Name == root.Name ? [] : CommandPath(parse.CommandResult.Command, root));
            await context.Error.WriteLineAsync($"See 'exchange {command}{(command.Length > 0 ? " " : "")}--help'.");
            return ExitCodes.BadArguments;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { Output = context.Console.Profile.Out.Writer, Error = context.Error }, cancellation);
    }

    private static IEnumerable<string> CommandPath(Command command, RootCommand root)
    {
        var path = new Stack<string>();
        for (var c = command; c is not null && c != root; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            path.Push(c.Name);
        }
        return path;
    }

    /// <summary>
    /// Runs a command's body: a <see cref="CliException"/> or a refused call becomes one line on stderr
    /// and its exit status, Ctrl-C becomes <see cref="ExitCodes.Interrupted"/>.
    /// </summary>
    public static void SetAction(this Command command, CliContext context, Func<ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, cancellation) =>
        {
            try
            {
                return await body(parse, cancellation);
            }
            catch (CliException e)
            {
                await context.Error.WriteLineAsync($"error: {e.Message}");
                return e.ExitCode;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellation.IsCancellationRequested)
            {
                await context.Error.WriteLineAsync("interrupted");
                return ExitCodes.Interrupted;
            }
            catch (RpcException e)
            {
                var explained = GatewayConnection.Explain(e, "the gateway");
                await context.Error.WriteLineAsync($"error: {explained.Message}");
                return explained.ExitCode;
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                await context.Error.WriteLineAsync("interrupted");
                return ExitCodes.Interrupted;
            }
        });

    /// <summary>A call to the gateway whose refusal becomes a <see cref="CliException"/> saying what to do.</summary>
    public static async Task<T> Call<T>(this GatewayConnection connection, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            throw connection.Explain(e);
        }
    }
}
