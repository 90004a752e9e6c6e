using System.Diagnostics;

namespace Exchange.Cli.Tests;

/// <summary>What one run of the real <c>exchange</c> process did.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>
/// The real CLI as a separate process (<c>dotnet exchange.dll</c>), connected to a gateway through
/// the environment as an operator would be, with no config file of the machine's user in the way.
/// </summary>
public static class CliProcess
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private static string Assembly
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "exchange.dll");
            Assert.True(File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")), "the CLI's runtimeconfig is not beside the tests");
            return path;
        }
    }

    /// <summary>No gateway named, no credentials: what a newcomer's shell has.</summary>
    public static readonly IReadOnlyDictionary<string, string> NoCredentials = new Dictionary<string, string>();

    /// <summary>The environment of a caller of <paramref name="gateway"/> with <paramref name="caller"/>'s API key.</summary>
    public static Dictionary<string, string> As(RunningGateway gateway, TestCallers.TestCaller caller) => new()
    {
        ["EXCHANGE_ADDRESS"] = gateway.Address,
        ["EXCHANGE_API_KEY"] = caller.ApiKey,
    };

    public static Process Start(IReadOnlyDictionary<string, string> environment, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Assembly, .. args])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Nothing from the machine's user: no config file, no credentials.
        foreach (var name in new[] { "EXCHANGE_ADDRESS", "EXCHANGE_API_KEY", "EXCHANGE_CLIENT_CERT", "EXCHANGE_CLIENT_KEY", "EXCHANGE_CA_CERT", "EXCHANGE_CONFIG", "EXCHANGE_LANG" })
        {
            start.Environment.Remove(name);
        }
        start.Environment["XDG_CONFIG_HOME"] = workingDirectory;
        start.Environment["COLUMNS"] = "160";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        return Process.Start(start)!;
    }

    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string> environment, string workingDirectory, params string[] args)
    {
        using var process = Start(environment, workingDirectory, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"exchange {string.Join(' ', args)} did not end within {Timeout}");
        }
        return new CliRun(process.ExitCode, await output, await error);
    }
}
