using Exchange.Core.Registry;
using Exchange.Core.Validation;
using Exchange.Storage.Sqlite;
using Jamsostek.Exchange.V1;
using Microsoft.Data.Sqlite;

namespace Exchange.Storage.Tests;

/// <summary>Two gateways' registries over one database, as two replicas have them: each serves what the other synced once it looks.</summary>
public sealed class ReplicaRegistryTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private ParticipantRegistry Replica(SqliteDatabase database) =>
        new(new SqliteRegistryStore(database), new ParticipantValidator(), BogorClock.Start());

    private static Participant P(int serial) => new()
    {
        Nik = Workers.Nik(serial),
        FullName = "ASEP SUNARYA",
        BirthDate = "1988-05-17",
        Segment = Segment.Bpu,
        Status = ParticipantStatus.Active,
    };

    private static Task<SyncParticipantsResponse> SyncAsync(ParticipantRegistry registry, SyncMode mode, params Participant[] upserts)
    {
        var sync = registry.BeginSync(mode);
        sync.Add(new ParticipantChunk { Upserts = { upserts } });
        return sync.CommitAsync(default);
    }

    [Fact]
    public async Task A_sync_through_one_replica_is_served_by_the_other_once_it_refreshes()
    {
        var database = SqliteDatabase.Open(_directory.File("exchange.db"));
        var (one, other) = (Replica(database), Replica(database));
        await one.LoadAsync(default);
        await other.LoadAsync(default);

        await SyncAsync(one, SyncMode.Snapshot, P(1), P(2));

        Assert.Null(other.Describe(P(1).Nik));
        Assert.True(await other.RefreshAsync(default));
        Assert.Equal(one.Version, other.Version);
        Assert.NotNull(other.Describe(P(2).Nik));
        Assert.False(await other.RefreshAsync(default));
    }

    [Fact]
    public async Task An_incremental_sync_on_a_replica_that_has_not_refreshed_is_summarised_against_the_stored_registry()
    {
        var database = SqliteDatabase.Open(_directory.File("exchange.db"));
        var (one, other) = (Replica(database), Replica(database));
        await one.LoadAsync(default);
        await other.LoadAsync(default);
        await SyncAsync(one, SyncMode.Snapshot, P(1));

        // P(1) is stored already, through the first replica: the second one counts it as unchanged, not inserted.
        var summary = await SyncAsync(other, SyncMode.Incremental, P(1), P(2));

        Assert.Equal((1, 1, 2), (summary.Inserted, summary.Unchanged, summary.ParticipantCount));
        Assert.Equal(2, summary.RegistryVersion);
        Assert.True(await one.RefreshAsync(default));
        Assert.NotNull(one.Describe(P(2).Nik));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
