namespace Exchange.Server.Hosting;

/// <summary>The gateway's settings (configuration section "Exchange"); every one has a working default.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Exchange";

    /// <summary>Where the SQLite ledger lives, relative to the working directory unless absolute.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Agency that unauthenticated local callers act as (development only, until authentication is configured).</summary>
    public string DevelopmentAgency { get; set; } = "DEV";

    public int MaxRecordsPerChunk { get; set; } = 1000;

    /// <summary>Largest message the gateway receives; larger ones are refused with RESOURCE_EXHAUSTED.</summary>
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), "exchange.db");
}
