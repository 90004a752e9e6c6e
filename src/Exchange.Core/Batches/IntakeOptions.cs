namespace Exchange.Core.Batches;

/// <summary>Limits of the submission stream.</summary>
public sealed record IntakeOptions
{
    /// <summary>Records in one chunk: large enough to keep the wire busy, small enough to keep acks quick.</summary>
    public int MaxRecordsPerChunk { get; init; } = 1000;

    /// <summary>Records in one batch; a larger upload continues in a new batch.</summary>
    public long MaxRecordsPerBatch { get; init; } = 20_000_000;
}
