using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Exchange.Benchmarks.Throughput;

/// <summary>
/// The gateway's own instruments, read from its Prometheus scrape (Exchange:MetricsUrls): the benchmark's cross-check of
/// what it measured from outside, and where a chunk's time went inside.
/// </summary>
public sealed class GatewayScrape(string url)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public string Url => url;

    /// <summary>Sums since the gateway started: records stored, chunks and their seconds, ledger appends and theirs.</summary>
    public sealed record Figures(double Records, double Chunks, double ChunkSeconds, double Appends, double AppendSeconds)
    {
        public Figures Since(Figures before) => new(Records - before.Records, Chunks - before.Chunks, ChunkSeconds - before.ChunkSeconds,
            Appends - before.Appends, AppendSeconds - before.AppendSeconds);
    }

    /// <summary>A port nothing listens on now, for the gateway's metrics endpoint (Kestrel's port 0 would have to be read back from its log).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task<Figures> ReadAsync()
    {
        var lines = (await Http.GetStringAsync(new Uri(new Uri(url), "/metrics"))).Split('\n');
        return new Figures(Sum(lines, "exchange_records_total"), Sum(lines, "exchange_chunk_duration_seconds_count"),
            Sum(lines, "exchange_chunk_duration_seconds_sum"), Sum(lines, "exchange_ledger_append_duration_seconds_count"),
            Sum(lines, "exchange_ledger_append_duration_seconds_sum"));
    }

    // Every series of the metric (all agencies and outcomes) added up; 0 before the first measurement.
    private static double Sum(string[] lines, string metric) => lines
        .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))
        .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
