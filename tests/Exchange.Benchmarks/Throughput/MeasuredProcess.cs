using System.Globalization;
using Exchange.Server.Security;
using Exchange.Testing.Gateway;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Jamsostek.Exchange.V1;

namespace Exchange.Benchmarks.Throughput;

/// <summary>
/// A process the throughput benchmark measures from outside, the gateway or the echo server: where it listens,
/// channels to it as a given caller, and its memory and CPU time from /proc.
/// </summary>
public sealed class MeasuredProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(120);

    private readonly ServerProcess _process;
    private readonly List<GrpcChannel> _channels = [];

    private MeasuredProcess(ServerProcess process, string address) => (_process, Address) = (process, address);

    public string Address { get; }

    /// <summary>Starts <c>dotnet assembly args</c> and waits until it listens.</summary>
    public static async Task<MeasuredProcess> StartAsync(string assembly, string workingDirectory, IEnumerable<string> args)
    {
        var process = ServerProcess.Start(assembly, workingDirectory, args);
        try
        {
            return new MeasuredProcess(process, await process.Listening.WaitAsync(StartBound));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>A channel of its own (one connection, as each agency's system has), calling with the caller's API key.</summary>
    public CallerChannel Connect(TestCallers.TestCaller caller)
    {
        var channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions { MaxReceiveMessageSize = 16 * 1024 * 1024, MaxSendMessageSize = null });
        _channels.Add(channel);
        return new(channel.Intercept(metadata =>
        {
            metadata.Add(CallerAuthenticator.ApiKeyHeader, caller.ApiKey);
            return metadata;
        }));
    }

    /// <summary>Peak resident memory since the start or the last <see cref="ResetPeakMemory"/>, in bytes (VmHWM).</summary>
    public long PeakMemory => StatusField("VmHWM:");

    /// <summary>Resident memory now, in bytes (VmRSS).</summary>
    public long Memory => StatusField("VmRSS:");

    /// <summary>Starts <see cref="PeakMemory"/> again from the memory resident now (Linux: clear_refs 5).</summary>
    public void ResetPeakMemory() => File.WriteAllText($"/proc/{_process.Id}/clear_refs", "5");

    /// <summary>User and system CPU time used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            // After the command name in parentheses: state is field 3, utime and stime fields 14 and 15, in clock ticks.
            var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
    }

    public string Output => _process.Output;

    private long StatusField(string name)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                return long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        throw new InvalidOperationException($"/proc/{_process.Id}/status has no {name}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
        await _process.DisposeAsync();
    }
}

/// <summary>One caller on one channel, as the generated clients.</summary>
public sealed record CallerChannel(Grpc.Core.CallInvoker Invoker)
{
    public SubmissionService.SubmissionServiceClient Submission => new(Invoker);

    public RegistryService.RegistryServiceClient Registry => new(Invoker);
}
