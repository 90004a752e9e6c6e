using System.Diagnostics;
using System.Globalization;
using Exchange.Synthetic;
using Exchange.Testing;
using Exchange.Testing.Gateway;
using Jamsostek.Exchange.V1;

namespace Exchange.Benchmarks.Throughput;

/// <summary>How a throughput run is set up.</summary>
/// <param name="GatewayBuild">The directory of the Exchange.Server.dll to run; this build's own when null.</param>
/// <param name="ResultsPath">When given, every result of the first gateway round of each number of streams is written there, one per line.</param>
public sealed record ThroughputOptions(int Records, int Registry, int ChunkSize, int[] Streams, int Window, int Rounds, string Engine,
    SyntheticProfile Profile, int Seed, string? GatewayBuild = null, string? ResultsPath = null);

/// <summary>
/// The gateway's intake against the wire's limit (docs/performance.md): the same records, client and chunking sent to
/// the echo server and to the real gateway (separate processes, the gateway on a fresh database after a snapshot sync of
/// the registry), rounds alternating, for each number of streams.
/// </summary>
public static class ThroughputBenchmark
{
    private const int SyncChunk = 5_000;
    private const int WarmUpRecords = 20_000;
    private const double MiB = 1024 * 1024;

    public static async Task<bool> RunAsync(ThroughputOptions options, TextWriter output)
    {
        if (options.Records < 1 || options.Registry < 1 || options.ChunkSize is < 1 or > 1_000 || options.Window < 1 || options.Rounds < 1
            || options.Streams.Length == 0 || options.Streams.Any(s => s is < 1 or > 8))
        {
            throw new ArgumentException("throughput needs --records, --registry, --window and --rounds of at least 1, --chunk of 1-1000 and --streams of 1-8");
        }
        var data = SyntheticGenerator.Generate(options.Profile.With(options.Seed, options.Records, options.Registry));
        var records = data.Submitted.Select(s => s.Record).ToArray();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput: {records.Length:N0} records ({options.Profile.Name}, seed {options.Seed}) against {data.Registry.Count:N0} participants, chunks of {options.ChunkSize:N0}, window {options.Window}, {options.Engine}, {options.Rounds} rounds alternating (min / median / max)"));

        // A directory each: a process watching its working directory for configuration changes must not see the gateway's writes.
        using var echoDirectory = new TempDirectory("exchange-throughput-echo-");
        using var gatewayDirectory = new TempDirectory("exchange-throughput-");
        var here = AppContext.BaseDirectory;
        await using var echo = await MeasuredProcess.StartAsync(Path.Combine(here, "Exchange.Benchmarks.dll"), echoDirectory.Path,
            ["echo-server", "--urls", "http://127.0.0.1:0"]);
        var metrics = new GatewayScrape($"http://127.0.0.1:{GatewayScrape.FreePort()}");
        await using var gateway = await MeasuredProcess.StartAsync(Path.Combine(options.GatewayBuild ?? here, "Exchange.Server.dll"), gatewayDirectory.Path,
            await GatewaySettingsAsync(options.Engine, Path.Combine(gatewayDirectory.Path, "data"), metrics.Url));

        var sync = await SyncRegistryAsync(gateway, data.Registry);

        // Untimed: the JIT and the connections warm up on a few chunks first.
        var warmUp = records[..Math.Min(records.Length, WarmUpRecords)];
        await RoundAsync(echo, warmUp, 1, options, "echo-warm-up");
        await RoundAsync(gateway, warmUp, 1, options, $"warm-up-{Guid.NewGuid():N}");
        // Steady: what the gateway keeps resident serving after the sync, read once it has served (no wait of its own).
        var steady = gateway.Memory;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"registry snapshot sync: {sync.Elapsed.TotalSeconds:F1} s, gateway peak RSS {sync.Peak / MiB:N0} MiB, steady after {steady / MiB:N0} MiB (peak/steady {sync.Peak / (double)steady:F2})"));

        var rows = new List<Row>();
        await using var resultsFile = options.ResultsPath is { } path ? new StreamWriter(path) : null;
        foreach (var streams in options.Streams)
        {
            var echoRounds = new List<Round>();
            var gatewayRounds = new List<Round>();
            for (var round = 0; round < options.Rounds; round++)
            {
                echoRounds.Add(await RoundAsync(echo, records, streams, options, $"echo-{streams}-{round}"));
                var before = await metrics.ReadAsync();
                var kept = round == 0 && resultsFile is not null ? Enumerable.Range(0, streams).Select(_ => new List<RecordResult>()).ToArray() : null;
                var measured = await RoundAsync(gateway, records, streams, options, $"bench-{Guid.NewGuid():N}", kept);
                for (var stream = 0; stream < (kept?.Length ?? 0); stream++)
                {
                    foreach (var result in kept![stream])
                    {
                        await resultsFile!.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{streams}\t{stream}\t{result}"));
                    }
                }
                var inside = (await metrics.ReadAsync()).Since(before);
                if (inside.Records != records.Length)
                {
                    throw new InvalidOperationException($"the gateway's exchange.records counted {inside.Records:N0} of the {records.Length:N0} records sent");
                }
                gatewayRounds.Add(measured with { Inside = inside });
            }
            var echoMedian = Median(echoRounds.Select(r => r.Load.RecordsPerSecond));
            rows.Add(new Row("echo", streams, echoRounds, echoMedian));
            rows.Add(new Row("gateway", streams, gatewayRounds, echoMedian));
        }
        output.WriteLine("| run | streams | records/s | ratio | chunk ack p50 / p99 / max ms | gateway's chunk / append mean ms | CPU cores | peak RSS MiB |");
        output.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            output.WriteLine(row.Format());
        }
        return true;
    }

    /// <summary>The gateway's command line for a measured run: cleartext HTTP/2 with the test callers' keys, budgets out of the way.</summary>
    public static async Task<string[]> GatewaySettingsAsync(string engine, string dataDirectory, string metricsUrl)
    {
        string[] storage = engine switch
        {
            "sqlite" => [],
            "postgres" => [$"--Exchange:ConnectionString={await PostgresServer.Shared.CreateDatabaseAsync()}"],
            _ => throw new ArgumentException($"--engine {engine}: use sqlite or postgres"),
        };
        return
        [
            "--urls", "http://127.0.0.1:0", "--data", dataDirectory,
            // Cleartext HTTP/2 with API keys, as the echo server is reached: TLS would be a cost the baseline does not pay.
            "--Exchange:Security:AllowApiKeysWithoutTls=true", .. TestCallers.Settings(),
            // The benchmark sends more in a minute than an agency's daily allowance.
            "--Exchange:MaxRecordsPerAgencyPerDay=1000000000", "--Exchange:MaxRecordsPerSecondPerCaller=1000000000",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
            $"--Exchange:MetricsUrls={metricsUrl}",
            .. storage,
        ];
    }

    private static async Task<(TimeSpan Elapsed, long Peak)> SyncRegistryAsync(MeasuredProcess gateway, IReadOnlyList<Participant> registry)
    {
        gateway.ResetPeakMemory();
        var clock = Stopwatch.StartNew();
        using var call = gateway.Connect(TestCallers.Bpjs).Registry.SyncParticipants();
        await call.RequestStream.WriteAsync(new SyncParticipantsRequest { Header = new SyncHeader { Mode = SyncMode.Snapshot } });
        for (var start = 0; start < registry.Count; start += SyncChunk)
        {
            // By index: the synthetic registry builds each participant when read, so skipping from the start each time costs quadratic time.
            var chunk = new ParticipantChunk();
            for (var i = start; i < Math.Min(registry.Count, start + SyncChunk); i++)
            {
                chunk.Upserts.Add(registry[i]);
            }
            await call.RequestStream.WriteAsync(new SyncParticipantsRequest { Chunk = chunk });
        }
        await call.RequestStream.CompleteAsync();
        var response = await call;
        var elapsed = clock.Elapsed;
        if (response.Inserted != registry.Count)
        {
            throw new InvalidOperationException($"the sync inserted {response.Inserted:N0} of {registry.Count:N0} participants");
        }
        return (elapsed, gateway.PeakMemory);
    }

    private static async Task<Round> RoundAsync(MeasuredProcess process, WorkerRecord[] records, int streams, ThroughputOptions options, string batchPrefix,
        List<RecordResult>[]? results = null)
    {
        var clients = Enumerable.Range(0, streams)
            .Select(i => process.Connect(i % 2 == 0 ? TestCallers.AgencyA : TestCallers.AgencyB).Submission).ToArray();
        process.ResetPeakMemory();
        var cpu = process.CpuTime;
        var load = await LoadClient.RunAsync(clients, records, options.ChunkSize, options.Window, batchPrefix, CancellationToken.None, results);
        return new Round(load, (process.CpuTime - cpu) / load.Elapsed, process.PeakMemory, null);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double Percentile(double[] sorted, double share) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(share * sorted.Length) - 1)];

    /// <param name="Inside">The gateway's own instruments over the round; null for the echo server, which has none.</param>
    private sealed record Round(LoadResult Load, double Cores, long PeakMemory, GatewayScrape.Figures? Inside);

    private sealed record Row(string Run, int Streams, List<Round> Rounds, double EchoMedian)
    {
        public string Format()
        {
            var rates = Rounds.Select(r => r.Load.RecordsPerSecond).Order().ToArray();
            var latencies = Rounds.Select(r => r.Load.Latencies.Order().ToArray()).ToArray();
            return string.Create(CultureInfo.InvariantCulture,
                $"| {Run} | {Streams} | {rates[0]:N0} / {Median(rates):N0} / {rates[^1]:N0} | {Median(rates) / EchoMedian:F3} | "
                + $"{Median(latencies.Select(l => Percentile(l, 0.5))):F1} / {Median(latencies.Select(l => Percentile(l, 0.99))):F1} / {latencies.Max(l => l[^1]):F1} | "
                + $"{Inside()} | {Median(Rounds.Select(r => r.Cores)):F2} | {Rounds.Max(r => r.PeakMemory) / MiB:N0} |");
        }

        private string Inside()
        {
            var inside = Rounds.Select(r => r.Inside).OfType<GatewayScrape.Figures>().ToArray();
            return inside.Length == 0 ? "-" : string.Create(CultureInfo.InvariantCulture,
                $"{Median(inside.Select(f => f.ChunkSeconds / f.Chunks)) * 1000:F1} / {Median(inside.Select(f => f.AppendSeconds / f.Appends)) * 1000:F1}");
        }
    }
}
