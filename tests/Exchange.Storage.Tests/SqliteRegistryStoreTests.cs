using Exchange.Core.Registry;
using Exchange.Storage.Sqlite;
using Jamsostek.Exchange.V1;
using Microsoft.Data.Sqlite;

namespace Exchange.Storage.Tests;

public sealed class SqliteRegistryStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("exchange-registry-").FullName;

    [Fact]
    public async Task An_empty_store_loads_version_zero()
    {
        var store = new SqliteRegistryStore(SqliteDatabase.Open(Path.Combine(_directory, "r.db")));
        var contents = await store.LoadAsync(default);
        Assert.Equal(0, contents.Version);
        Assert.Empty(contents.Participants);
    }

    [Fact]
    public async Task Loading_takes_the_latest_snapshot_and_the_increments_after_it()
    {
        var path = Path.Combine(_directory, "r.db");
        var store = new SqliteRegistryStore(SqliteDatabase.Open(path));
        Assert.Equal(1, await store.AppendSyncAsync(Sync(SyncMode.Snapshot, [P(1), P(2), P(3)]), default));
        Assert.Equal(2, await store.AppendSyncAsync(Sync(SyncMode.Incremental, [P(4), P(1, "RENAMED")], [Nik(2)]), default));
        Assert.Equal(3, await store.AppendSyncAsync(Sync(SyncMode.Snapshot, [P(5), P(6)]), default));
        Assert.Equal(4, await store.AppendSyncAsync(Sync(SyncMode.Incremental, [P(7)], [Nik(5)]), default));

        SqliteConnection.ClearAllPools();
        var contents = await new SqliteRegistryStore(SqliteDatabase.Open(path)).LoadAsync(default);
        Assert.Equal(4, contents.Version);
        Assert.Equal([long.Parse(Nik(6)), long.Parse(Nik(7))], contents.Participants.Keys.Order());
    }

    [Fact]
    public async Task Increments_apply_in_order_and_large_syncs_span_many_rows()
    {
        var store = new SqliteRegistryStore(SqliteDatabase.Open(Path.Combine(_directory, "r.db")));
        await store.AppendSyncAsync(Sync(SyncMode.Snapshot, Enumerable.Range(1, 12_000).Select(i => P(i)).ToList()), default);
        await store.AppendSyncAsync(Sync(SyncMode.Incremental, [P(1, "FIRST CHANGE")]), default);
        await store.AppendSyncAsync(Sync(SyncMode.Incremental, [P(1, "SECOND CHANGE")], [Nik(2)]), default);

        var contents = await store.LoadAsync(default);
        Assert.Equal(11_999, contents.Participants.Count);
        Assert.Equal("SECOND CHANGE", contents.Participants[long.Parse(Nik(1))].FullName);
    }

    [Fact]
    public async Task The_registry_history_refuses_updates_and_deletes()
    {
        var path = Path.Combine(_directory, "r.db");
        await new SqliteRegistryStore(SqliteDatabase.Open(path)).AppendSyncAsync(Sync(SyncMode.Snapshot, [P(1)]), default);
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        foreach (var sql in new[] { "UPDATE registry_syncs SET mode = 1", "DELETE FROM registry_changes" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            Assert.Contains("append-only", Assert.Throws<SqliteException>(() => command.ExecuteNonQuery()).Message);
        }
    }

    private static string Nik(int serial) => $"32710117{serial:00000000}";

    private static Participant P(int serial, string name = "ASEP") => new()
    {
        Nik = Nik(serial),
        FullName = name,
        BirthDate = "1988-05-17",
        Segment = Segment.Bpu,
        Status = ParticipantStatus.Active,
    };

    private static CompletedSync Sync(SyncMode mode, IReadOnlyCollection<Participant> upserts, IReadOnlyCollection<string>? removals = null) =>
        new(mode, upserts, removals ?? [], new SyncParticipantsResponse { ParticipantCount = upserts.Count }, Now);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
