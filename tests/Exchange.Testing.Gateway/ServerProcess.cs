using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Exchange.Testing.Gateway;

/// <summary>The server as a separate process (`dotnet Exchange.Server.dll ...`), its output kept; disposing kills it.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const string ListeningPrefix = "Now listening on: ";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process) => _process = process;

    /// <summary>The address from the first "Now listening on:" line; fails if the process ends before it listens.</summary>
    public Task<string> Listening => _listening.Task;

    /// <summary>Standard output and error so far, line by line.</summary>
    public string Output => string.Join('\n', _lines);

    /// <summary>Ends the process at once (SIGKILL on Unix): none of the gateway's shutdown code runs.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>The exit code, once the process has ended (with its output read to the end).</summary>
    public async Task<int> ExitCodeAsync()
    {
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    /// <summary>The process id (the server's own, also when it was started through a shell prelude).</summary>
    public int Id => _process.Id;

    /// <summary>
    /// Starts the server in <paramref name="workingDirectory"/>, its environment stripped of Exchange settings but for
    /// <paramref name="environment"/>; with <paramref name="shellPrelude"/>, bash runs it first and then execs the server in
    /// its place (same process, so limits and ignored signals it sets stay with the server).
    /// </summary>
    public static ServerProcess Start(string assembly, string workingDirectory, IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment = null, string? shellPrelude = null)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(shellPrelude is null ? dotnet : "bash",
            shellPrelude is null ? [assembly, .. args] : ["-c", $"{shellPrelude}; exec \"$0\" \"$@\"", dotnet, assembly, .. args])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var inherited in start.Environment.Keys.Where(key => key.StartsWith("Exchange__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(inherited);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, line) => server.Received(line.Data);
        process.ErrorDataReceived += (_, line) => server.Received(line.Data);
        process.Exited += (_, _) => server._listening.TrySetException(new InvalidOperationException($"the server ended before it listened:\n{server.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Runs a command of the server to its end: its exit code and its output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string assembly, string workingDirectory, string[] args,
        IReadOnlyDictionary<string, string>? environment = null, string? shellPrelude = null)
    {
        await using var command = Start(assembly, workingDirectory, args, environment, shellPrelude);
        await command._process.WaitForExitAsync().Within(TimeSpan.FromSeconds(60));
        return (command._process.ExitCode, command.Output);
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }
        _lines.Enqueue(line);
        var at = line.IndexOf(ListeningPrefix, StringComparison.Ordinal);
        if (at >= 0)
        {
            _listening.TrySetResult(line[(at + ListeningPrefix.Length)..].Trim());
        }
    }

    /// <summary>Stops the server as an operator does (SIGTERM) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().Within();
        }
        await _process.WaitForExitAsync().Within(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            await _process.WaitForExitAsync().Within();
        }
        finally
        {
            _process.Dispose();
        }
    }
}
