using System.Diagnostics;
using System.Globalization;
using Exchange.Server.Security;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests.Faults;

/// <summary>
/// One gateway replica as a separate OS process (<c>dotnet Exchange.Server.dll</c>) that a test kills with SIGKILL, stops
/// with SIGTERM and starts again over the same storage: its data directory (the SQLite ledger, or the audit key and
/// checkpoints beside a PostgreSQL database named in <paramref name="settings"/>). Each start listens on a new free port.
/// </summary>
public sealed class KillableGateway(ServerBuildCopy server, string name, string dataDirectory, params string[] settings) : IAsyncDisposable
{
    /// <summary>From the process's start to its listening: a restart takes 1-2 s, the first start on a loaded machine more.</summary>
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _workingDirectory = new("exchange-kill-cwd-");
    private ServerProcess? _process;
    private GrpcChannel? _channel;
    private string _lastOutput = "";

    public string Name => name;

    /// <summary>Starts so far, the first included.</summary>
    public int Starts { get; private set; }

    /// <summary>SIGKILLs so far.</summary>
    public int Kills { get; private set; }

    /// <summary>Each start's time from the process's start to its listening, for the report.</summary>
    public List<TimeSpan> StartTimes { get; } = [];

    /// <summary>What the running process (or the last one) has written: for a failure's message.</summary>
    public string Output => _process?.Output ?? _lastOutput;

    /// <summary>Where the running process listens (a new port after each start).</summary>
    public string Address { get; private set; } = "";

    public ServerProcess Process => _process ?? throw new InvalidOperationException($"{name} is not running.");

    /// <summary>A channel to the running process; a new one after each start.</summary>
    public GrpcChannel Channel => _channel ?? throw new InvalidOperationException($"{name} is not running.");

    /// <summary>Submissions as <see cref="TestCallers.AgencyA"/>.</summary>
    public SubmissionService.SubmissionServiceClient Submission => new(As(TestCallers.AgencyA));

    public RegistryService.RegistryServiceClient Registry => new(As(TestCallers.Bpjs));

    private CallInvoker As(TestCallers.TestCaller caller) => Channel.Intercept(metadata =>
    {
        metadata.Add(CallerAuthenticator.ApiKeyHeader, caller.ApiKey);
        return metadata;
    });

    /// <summary>Starts the process and waits, bounded, until it listens.</summary>
    public async Task StartAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException($"{name} is already running.");
        }
        string[] args =
        [
            "--urls", "http://127.0.0.1:0", "--data", dataDirectory,
            // Cleartext HTTP/2 with the test callers' API keys: a development setup's TLS adds nothing to what is tested here.
            "--Exchange:Security:AllowApiKeysWithoutTls=true", .. TestCallers.Settings(),
            // A request line per call, 20 restarts long, would only bury what a failure needs.
            "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
            .. settings,
        ];
        var started = Stopwatch.StartNew();
        _process = ServerProcess.Start(server.Assembly, _workingDirectory.Path, args);
        Starts++;
        Address = await _process.Listening.Within(StartBound);
        StartTimes.Add(started.Elapsed);
        _channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions { MaxReceiveMessageSize = 16 * 1024 * 1024 });
    }

    /// <summary>The server's <c>audit-verify</c> on this replica's storage and checkpoints: its exit code and output.</summary>
    public Task<(int ExitCode, string Output)> AuditVerifyAsync() =>
        ServerProcess.RunAsync(server.Assembly, _workingDirectory.Path, ["audit-verify", "--data", dataDirectory, .. settings]);

    /// <summary>SIGKILL: none of the gateway's shutdown code runs; returns once the process is gone.</summary>
    public async Task KillAsync()
    {
        var process = Process;
        process.Kill();
        Kills++;
        await process.ExitCodeAsync().Within();
        await ForgetAsync();
    }

    /// <summary>SIGTERM, as an orchestrator stops a replica: the gateway drains; <see cref="ExitedAsync"/> tells how it ended.</summary>
    public async Task TerminateAsync()
    {
        using var kill = System.Diagnostics.Process.Start(new ProcessStartInfo("kill", ["-TERM", Process.Id.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardError = true,
        })!;
        await kill.WaitForExitAsync().Within();
        Assert.True(kill.ExitCode == 0, $"kill -TERM {Process.Id} failed: {await kill.StandardError.ReadToEndAsync()}");
    }

    /// <summary>The exit code of the process once it has ended by itself, within <paramref name="bound"/>; it is then no longer running.</summary>
    public async Task<int> ExitedAsync(TimeSpan bound)
    {
        var exitCode = await Process.ExitCodeAsync().Within(bound);
        await ForgetAsync();
        return exitCode;
    }

    private async Task ForgetAsync()
    {
        _channel?.Dispose();
        _channel = null;
        if (_process is { } process)
        {
            _process = null;
            _lastOutput = process.Output;
            await process.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ForgetAsync();
        _workingDirectory.Dispose();
    }
}
