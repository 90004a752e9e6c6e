using System.Diagnostics.Metrics;
using Exchange.Core.Batches;
using Exchange.Core.Registry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Exchange.Server.Hosting;

/// <summary>
/// The host's instruments on the gateway's meter (<see cref="IntakeMetrics"/> has intake's): open Submit streams, each
/// chunk's time from being read to its results written, and the registry's size and version. Exported through
/// OpenTelemetry to the Prometheus scrape on Exchange:MetricsUrls; dotnet-counters reads the meter as it is.
/// </summary>
public sealed class GatewayMetrics
{
    private readonly UpDownCounter<long> _openStreams;
    private readonly Histogram<double> _chunkDuration;

    public GatewayMetrics(IMeterFactory meters, ParticipantRegistry registry)
    {
        var meter = meters.Create(IntakeMetrics.MeterName);
        _openStreams = meter.CreateUpDownCounter<long>("exchange.streams.open", "{stream}", "Submit streams open");
        _chunkDuration = meter.CreateHistogram("exchange.chunk.duration", "s",
            "One chunk, from being read to its results written: validation, matching and the durable append",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = IntakeMetrics.SecondsBuckets });
        meter.CreateObservableGauge("exchange.registry.participants", () => (long)registry.Index.Count, "{participant}", "Participants in the registry served");
        meter.CreateObservableGauge("exchange.registry.version", () => registry.Version, null, "Version of the registry served");
    }

    /// <summary>Counts a Submit stream as open until disposed.</summary>
    public IDisposable StreamOpened()
    {
        _openStreams.Add(1);
        return new Open(_openStreams);
    }

    public void ChunkAnswered(TimeSpan elapsed) => _chunkDuration.Record(elapsed.TotalSeconds);

    /// <summary>Registers the instruments, OpenTelemetry's metrics pipeline and its Prometheus exporter.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<IntakeMetrics>();
        services.AddSingleton<GatewayMetrics>();
        services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("exchange-gateway")).WithMetrics(metrics => metrics.AddMeter(IntakeMetrics.MeterName)
            // Each scrape reads the instruments as they are now: the exporter's 300 ms cache would hand a second reader the first one's figures.
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
    }

    /// <summary>On an Exchange:MetricsUrls endpoint: the scrape at /metrics, and nothing else there (404).</summary>
    public static void MapScrape(WebApplication app)
    {
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context => GatewayListeners.IsMetricsConnection(context) && context.Request.Path == "/metrics");
        app.Use((context, next) =>
        {
            if (GatewayListeners.IsMetricsConnection(context))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return next(context);
        });
    }

    private sealed class Open(UpDownCounter<long> counter) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                counter.Add(-1);
            }
        }
    }
}
