using Exchange.Core.Validation;

namespace Exchange.Server.Hosting;

/// <summary>The gateway's settings (configuration section "Exchange"); every one has a working default.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Exchange";

    /// <summary>
    /// Where the SQLite ledger (and a development setup) lives: relative to the working directory unless absolute.
    /// <see cref="GatewayConfiguration"/> makes it absolute once, at start.
    /// </summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// Where the ledger, the registry and the audit trail are stored: empty for SQLite in <see cref="DatabasePath"/>, or a
    /// PostgreSQL connection string (Host=...;Database=...;Username=...) for a database every replica of the gateway shares.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    public int MaxRecordsPerChunk { get; set; } = 1000;

    /// <summary>Largest message the gateway receives; larger ones are refused with RESOURCE_EXHAUSTED.</summary>
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    public int MaxOpenStreamsPerCaller { get; set; } = 8;

    /// <summary>Records per second one caller may submit, averaged over a second (a token bucket).</summary>
    public int MaxRecordsPerSecondPerCaller { get; set; } = 1_000_000;

    /// <summary>
    /// A stream whose client sends no message for this long, or does not take an answer for this long (HTTP/2 flow
    /// control holds the write), is ended: neither holds a stream slot, a read of the ledger or memory for ever. A
    /// submitted batch stays resumable; a registry sync is not applied.
    /// </summary>
    public int StreamIdleSeconds { get; set; } = 120;

    /// <summary>
    /// Records one agency may submit per day (WIB, by the gateway's clock), whatever its callers and batches: a budget
    /// far above a city's worker lists, far below what probing the registry one NIK at a time needs.
    /// </summary>
    public long MaxRecordsPerAgencyPerDay { get; set; } = 500_000;

    /// <summary>Health/Watch streams open at once from one remote address: health needs no credentials, so it is limited per address.</summary>
    public int MaxHealthWatchStreamsPerAddress { get; set; } = 8;

    /// <summary>When a submission is flagged in the audit trail as looking like a membership probe.</summary>
    public ProbeScreeningRules ProbeScreening { get; set; } = new();

    public long MaxRecordsPerBatch { get; set; } = 20_000_000;

    /// <summary>
    /// On shutdown, how long the gateway keeps serving its open streams (each is ended after its chunk in flight) while
    /// health answers NOT_SERVING, before it stops listening.
    /// </summary>
    public int DrainSeconds { get; set; } = 10;

    /// <summary>
    /// How often a gateway looks for registry syncs and review decisions made through another replica of the same
    /// database (one read of the registry's version, one of the decisions).
    /// </summary>
    public int ReplicaRefreshSeconds { get; set; } = 2;

    /// <summary>
    /// After a storage fault (disk full, read-only database), how often a small real write is tried until one succeeds,
    /// and how long clients are told to wait before retrying (RetryInfo). Health answers NOT_SERVING meanwhile.
    /// </summary>
    public int StorageProbeSeconds { get; set; } = 5;

    /// <summary>
    /// Extra endpoints for the REST face alone, URLs like --urls, ';' between them; empty for none. Under TLS the --urls
    /// endpoints serve REST already; a cleartext one speaks HTTP/2 only, so REST clients over HTTP/1.1 need one of these
    /// (<see cref="GatewayListeners"/> says why).
    /// </summary>
    public string RestUrls { get; set; } = "";

    /// <summary>
    /// Endpoints that serve only the Prometheus scrape of the gateway's metrics, at /metrics, unauthenticated: bind them
    /// where only the monitoring system reaches (loopback, a management network). URLs like --urls; empty for none.
    /// </summary>
    public string MetricsUrls { get; set; } = "";

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), "exchange.db");

    /// <summary>The section bound onto the defaults (it has no lists the binder could append to).</summary>
    public static GatewayOptions Read(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<GatewayOptions>() ?? new GatewayOptions();
}
