using Exchange.Server.Hosting;

namespace Exchange.Server.Security;

/// <summary>
/// How the audit trail is protected and kept small (section Exchange:Security, beside the callers): the key and the file
/// of its signed checkpoints, how often checkpoints are signed, and how calls refused for want of credentials are
/// limited and recorded.
/// </summary>
public sealed class AuditSettings
{
    /// <summary>
    /// The key that signs checkpoints (hex text, at least 32 bytes); created 0600 when missing. Default: audit.key in the
    /// data directory. In production keep it where whoever can write the database cannot read it.
    /// </summary>
    public string AuditKeyFile { get; set; } = "";

    /// <summary>
    /// Where checkpoints are appended, one line each (0600). Default: audit-checkpoints.log in the data directory. In
    /// production keep it where whoever can write the database cannot rewrite it.
    /// </summary>
    public string AuditCheckpointFile { get; set; } = "";

    /// <summary>A checkpoint after this many new entries.</summary>
    public int AuditCheckpointEveryEntries { get; set; } = 1000;

    /// <summary>A checkpoint this often by the gateway's clock, when entries were added since the last one.</summary>
    public int AuditCheckpointEveryMinutes { get; set; } = 5;

    /// <summary>Calls refused for want of credentials that one source (remote IP; IPv6 by /64) may make per minute, on average.</summary>
    public int RefusedCallsPerMinutePerSource { get; set; } = 60;

    /// <summary>Refused calls a source may make at once before it is slowed down to the rate above.</summary>
    public int RefusedCallBurstPerSource { get; set; } = 120;

    /// <summary>Refused calls are recorded as one audit entry per source per interval of this many seconds.</summary>
    public int RefusedCallAuditSeconds { get; set; } = 60;

    /// <summary>
    /// Audit entries kept in memory while the database cannot be written, appended in order once it can. With this many
    /// kept, calls are refused with UNAVAILABLE rather than served without a record (and counted in one entry).
    /// </summary>
    public int AuditBacklogEntries { get; set; } = 10_000;

    /// <summary>The settings with the file defaults filled in against the data directory, both paths made absolute.</summary>
    public static AuditSettings Read(IConfiguration configuration)
    {
        var settings = configuration.GetSection(SecurityOptions.Section).Get<AuditSettings>() ?? new AuditSettings();
        var data = GatewayOptions.Read(configuration).DataDirectory;
        settings.AuditKeyFile = Path.GetFullPath(Or(settings.AuditKeyFile, Path.Combine(data, "audit.key")));
        settings.AuditCheckpointFile = Path.GetFullPath(Or(settings.AuditCheckpointFile, Path.Combine(data, "audit-checkpoints.log")));
        foreach (var (name, value) in new[]
                 {
                     (nameof(AuditCheckpointEveryEntries), settings.AuditCheckpointEveryEntries),
                     (nameof(AuditCheckpointEveryMinutes), settings.AuditCheckpointEveryMinutes),
                     (nameof(RefusedCallsPerMinutePerSource), settings.RefusedCallsPerMinutePerSource),
                     (nameof(RefusedCallBurstPerSource), settings.RefusedCallBurstPerSource),
                     (nameof(RefusedCallAuditSeconds), settings.RefusedCallAuditSeconds),
                     (nameof(AuditBacklogEntries), settings.AuditBacklogEntries),
                 })
        {
            if (value <= 0)
            {
                throw new InvalidOperationException($"{SecurityOptions.Section}:{name} must be a positive number, not {value}.");
            }
        }
        return settings;
    }

    private static string Or(string value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;
}
