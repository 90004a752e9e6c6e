using System.Collections.Frozen;
using System.Globalization;
using Exchange.Core.Batches;
using Exchange.Core.Validation;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Hosting;

/// <summary>
/// Whether the database takes writes, as the gateway last found out. A call or an audit append that meets a storage
/// fault marks it failing; while it is, health answers NOT_SERVING, calls that store data are refused at once, and
/// <see cref="StorageProbe"/> tries a real write every StorageProbeSeconds, marking it writable again when one succeeds.
/// </summary>
public sealed partial class StorageHealth
{
    /// <summary>
    /// Methods that store something besides their audit entry: while writes fail they are refused before they do their
    /// work (validating and matching a chunk, reading a sync) only to fail at the commit. Reads go on.
    /// </summary>
    public static readonly FrozenSet<string> Writers = new[]
    {
        "/jamsostek.exchange.v1.SubmissionService/Submit",
        "/jamsostek.exchange.v1.RegistryService/SyncParticipants",
        "/jamsostek.exchange.v1.RegistryService/ResolveReviewItem",
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly ILogger<StorageHealth> _logger;
    private string? _fault;

    public StorageHealth(IOptions<GatewayOptions> options, ILogger<StorageHealth> logger)
    {
        var seconds = options.Value.StorageProbeSeconds;
        if (seconds <= 0)
        {
            throw new InvalidOperationException(
                $"{GatewayOptions.Section}:{nameof(GatewayOptions.StorageProbeSeconds)} must be a positive number, not {seconds}.");
        }
        RetryAfter = TimeSpan.FromSeconds(seconds);
        _logger = logger;
    }

    /// <summary>What the storage reported while writes fail; null while they succeed.</summary>
    public string? Fault => Volatile.Read(ref _fault);

    /// <summary>How long a client should wait before retrying: one probe period, after which the gateway knows again.</summary>
    public TimeSpan RetryAfter { get; }

    /// <summary>Marks writes failing; the first fault of a spell is logged, with <paramref name="exception"/> when a call met it.</summary>
    public void Failed(string reason, Exception? exception = null)
    {
        if (Interlocked.Exchange(ref _fault, reason) is null)
        {
            LogFailing(_logger, exception, reason, (int)RetryAfter.TotalSeconds);
        }
    }

    public void Writable()
    {
        if (Interlocked.Exchange(ref _fault, null) is { } reason)
        {
            LogWritable(_logger, reason);
        }
    }

    /// <summary>
    /// UNAVAILABLE STORAGE_UNAVAILABLE with a retry hint, the fault in the ErrorInfo, and for a submission the batch's
    /// committed offset, from which the client resumes: nothing beyond it was stored.
    /// </summary>
    public IntakeRefusal Unavailable(string reason, long? committedOffset)
    {
        var details = new Dictionary<string, string> { ["storage_fault"] = reason };
        if (committedOffset is { } offset)
        {
            details["committed_offset"] = offset.ToString(CultureInfo.InvariantCulture);
        }
        return new IntakeRefusal(RefusalKind.Unavailable, ViolationCodes.StorageUnavailable, null, [reason], details, RetryAfter);
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "The database cannot be written ({Fault}): health is NOT_SERVING and calls that store data get UNAVAILABLE; a write is tried every {Seconds} s")]
    private static partial void LogFailing(ILogger logger, Exception? exception, string fault, int seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database takes writes again (after: {Fault}): health is SERVING")]
    private static partial void LogWritable(ILogger logger, string fault);
}
