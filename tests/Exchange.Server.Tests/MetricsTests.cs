using System.Net;
using Exchange.Benchmarks.Throughput;
using Exchange.Server.Tests.Infrastructure;

namespace Exchange.Server.Tests;

/// <summary>
/// The metrics scrape on an endpoint of its own, read while a submission is open. The gateway runs as a process of its
/// own: OpenTelemetry collects a meter by its name from the whole process, so an in-process gateway would count the
/// records of every other test's gateway too.
/// </summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task The_metrics_endpoint_shows_the_instruments_of_a_submission_in_progress_and_serves_nothing_else()
    {
        using var directory = new TempDirectory("exchange-metrics-");
        var metrics = new Uri($"http://127.0.0.1:{GatewayScrape.FreePort()}");
        await using var gateway = await MeasuredProcess.StartAsync(Path.Combine(AppContext.BaseDirectory, "Exchange.Server.dll"), directory.Path,
            await ThroughputBenchmark.GatewaySettingsAsync("sqlite", Path.Combine(directory.Path, "data"), metrics.ToString()));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var stream = await SubmitStream.OpenAsync(gateway.Connect(TestCallers.AgencyA).Submission, GatewayFixture.NewBatchId());
        var records = Workers.ValidMany(100);
        records[7].Nik = "327101";
        await stream.SendAsync(0, records);

        var scrape = await http.GetStringAsync(new Uri(metrics, "/metrics"));

        // Prometheus names: dots become underscores, counters end in _total, seconds are said.
        Assert.Matches("exchange_records_total\\{[^}]*agency=\"DINSOS\",outcome=\"rejected\"\\} 1\n", scrape);
        Assert.Matches("exchange_records_total\\{[^}]*agency=\"DINSOS\",outcome=\"not_registered\"\\} 99\n", scrape);
        Assert.Matches("exchange_streams_open\\{[^}]*\\} 1\n", scrape);
        Assert.Matches("exchange_ledger_append_records_sum\\{[^}]*\\} 100\n", scrape);
        // Buckets for seconds, not the exporters' defaults for milliseconds.
        Assert.Contains("exchange_chunk_duration_seconds_bucket{otel_scope_name=\"Exchange.Gateway\",le=\"0.005\"}", scrape);
        Assert.Contains("exchange_ledger_append_duration_seconds_count", scrape);
        Assert.Contains("service_name=\"exchange-gateway\"", scrape);
        Assert.Contains("exchange_registry_participants", scrape);
        Assert.Contains("exchange_registry_version", scrape);

        // Nothing but the scrape there; and no scrape on the gateway's own endpoint.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(metrics, "/v1/batches"))).StatusCode);
        using var overGrpcPort = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(gateway.Address), "/metrics"))
        {
            Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var answer = await http.SendAsync(overGrpcPort);
        Assert.DoesNotContain("exchange_records_total", await answer.Content.ReadAsStringAsync());
    }
}
