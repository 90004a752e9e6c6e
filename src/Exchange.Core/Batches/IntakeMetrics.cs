using System.Diagnostics.Metrics;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Batches;

/// <summary>
/// What intake measures, as System.Diagnostics.Metrics instruments of the gateway's meter: records answered per agency
/// and outcome, and each chunk's ledger append (time and size). The host decides where they are exported.
/// </summary>
public sealed class IntakeMetrics
{
    /// <summary>The one meter of the gateway's instruments, the host's among them.</summary>
    public const string MeterName = "Exchange.Gateway";

    /// <summary>The outcome tag of a rejected record: it has no match outcome.</summary>
    public const string Rejected = "rejected";

    private static readonly Dictionary<MatchOutcome, string> OutcomeTags =
        Enum.GetValues<MatchOutcome>().ToDictionary(outcome => outcome, SnakeCase);

    /// <summary>
    /// Bucket bounds for durations of a millisecond to seconds: the exporters' defaults (0 to 10,000) suit milliseconds,
    /// and would put every chunk in the first bucket.
    /// </summary>
    public static readonly double[] SecondsBuckets = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];

    private readonly Counter<long> _records;
    private readonly Histogram<double> _appendDuration;
    private readonly Histogram<long> _appendRecords;

    public IntakeMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _records = meter.CreateCounter<long>("exchange.records", "{record}", "Records stored, by agency and outcome (a match outcome, or rejected)");
        _appendDuration = meter.CreateHistogram("exchange.ledger.append.duration", "s", "One chunk's ledger append, made durable",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _appendRecords = meter.CreateHistogram("exchange.ledger.append.records", "{record}", "Records in one ledger append",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 10, 100, 250, 500, 1_000, 5_000] });
    }

    // NotRegistered as not_registered, the way the proto spells it and Prometheus labels read.
    private static string SnakeCase(MatchOutcome outcome) =>
        string.Concat(outcome.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    internal void Appended(string agency, BatchCounts counts, TimeSpan elapsed)
    {
        _appendDuration.Record(elapsed.TotalSeconds);
        _appendRecords.Record(counts.Records);
        // Per outcome, not per record: a chunk adds a handful of measurements, not a thousand.
        var agencyTag = new KeyValuePair<string, object?>("agency", agency);
        if (counts.Rejected > 0)
        {
            _records.Add(counts.Rejected, agencyTag, new("outcome", Rejected));
        }
        foreach (var (outcome, count) in counts.Outcomes)
        {
            if (count > 0)
            {
                _records.Add(count, agencyTag, new("outcome", OutcomeTags[outcome]));
            }
        }
    }
}
