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

    public int MaxRecordsPerChunk { get; set; } = 1000;

    /// <summary>Largest message the gateway receives; larger ones are refused with RESOURCE_EXHAUSTED.</summary>
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    public int MaxOpenStreamsPerCaller { get; set; } = 8;

    /// <summary>Records per second one caller may submit, averaged over a second (a token bucket).</summary>
    public int MaxRecordsPerSecondPerCaller { get; set; } = 1_000_000;

    /// <summary>A stream with no message from the client for this long is closed (the batch stays resumable).</summary>
    public int StreamIdleSeconds { get; set; } = 120;

    public long MaxRecordsPerBatch { get; set; } = 20_000_000;

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), "exchange.db");

    /// <summary>The section bound onto the defaults (it has no lists the binder could append to).</summary>
    public static GatewayOptions Read(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<GatewayOptions>() ?? new GatewayOptions();
}
