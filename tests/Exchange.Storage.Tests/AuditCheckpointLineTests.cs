using Exchange.Core.Audit;

namespace Exchange.Storage.Tests;

public sealed class AuditCheckpointLineTests : IDisposable
{
    private readonly TempDirectory _directory = new("exchange-audit-key-");

    [Fact]
    public void A_checkpoint_line_reads_back_as_written_and_anything_else_is_not_one()
    {
        var key = AuditKey.Create(_directory.File("audit.key"));
        var checkpoint = AuditCheckpoint.Sign(key, 42, AuditChain.GenesisHash.Replace('0', 'a'), BogorClock.DefaultStart.AddTicks(1234567));

        Assert.Equal(checkpoint, AuditCheckpoint.Parse(checkpoint.ToLine()));
        Assert.True(checkpoint.IsSignedBy(key));
        Assert.Null(AuditCheckpoint.Parse(checkpoint.ToLine() + " extra"));
        Assert.Null(AuditCheckpoint.Parse(checkpoint.ToLine().ToUpperInvariant()));
        Assert.Null(AuditCheckpoint.Parse(""));
    }

    public void Dispose() => _directory.Dispose();
}
