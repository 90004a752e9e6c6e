namespace Exchange.Core.Batches;

/// <summary>Limits of the submission stream.</summary>
public sealed record IntakeOptions
{
    /// <summary>Records in one chunk: large enough to keep the wire busy, small enough to keep acks quick.</summary>
    public int MaxRecordsPerChunk { get; init; } = 1000;
}
