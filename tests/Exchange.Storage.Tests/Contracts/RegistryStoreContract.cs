using System.Data.Common;
using Exchange.Core.Registry;
using Exchange.Storage.Tests.Engines;
using Jamsostek.Exchange.V1;

namespace Exchange.Storage.Tests.Contracts;

/// <summary>What every engine's <see cref="IRegistryStore"/> must do.</summary>
public abstract class RegistryStoreContract(Func<Task<TestStorage>> create) : StorageContract(create)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private IRegistryStore Store => Opened.Registry;

    [SkippableFact]
    public async Task An_empty_store_loads_version_zero()
    {
        var contents = await Store.LoadAsync(default);

        Assert.Equal(0, contents.Version);
        Assert.Empty(contents.Participants);
        Assert.Equal(0, await Store.ReadVersionAsync(default));
    }

    [SkippableFact]
    public async Task Loading_takes_the_latest_snapshot_and_the_increments_after_it()
    {
        Assert.Equal(1, await Store.AppendSyncAsync(Sync(SyncMode.Snapshot, [P(1), P(2), P(3)]), default));
        Assert.Equal(2, await Store.AppendSyncAsync(Sync(SyncMode.Incremental, [P(4), P(1, "RENAMED")], [Nik(2)]), default));
        Assert.Equal(3, await Store.AppendSyncAsync(Sync(SyncMode.Snapshot, [P(5), P(6)]), default));
        Assert.Equal(4, await Store.AppendSyncAsync(Sync(SyncMode.Incremental, [P(7)], [Nik(5)]), default));

        var contents = await (await Storage.OpenAsync()).Registry.LoadAsync(default);
        Assert.Equal(4, contents.Version);
        Assert.Equal([long.Parse(Nik(6)), long.Parse(Nik(7))], contents.Participants.Keys.Order());
        Assert.Equal(P(6), contents.Participants[long.Parse(Nik(6))]);
    }

    [SkippableFact]
    public async Task Every_participant_status_round_trips()
    {
        var statuses = Enum.GetValues<ParticipantStatus>().Where(s => s != ParticipantStatus.Unspecified).ToList();
        Assert.Contains(ParticipantStatus.Deceased, statuses);
        var participants = statuses.Select((status, i) =>
        {
            var participant = P(i + 1);
            participant.Status = status;
            participant.LastPaidMonth = "2025-02";
            return participant;
        }).ToList();

        await Store.AppendSyncAsync(Sync(SyncMode.Snapshot, participants), default);

        var contents = await (await Storage.OpenAsync()).Registry.LoadAsync(default);
        Assert.Equal(participants, contents.Participants.OrderBy(p => p.Key).Select(p => p.Value));
    }

    [SkippableFact]
    public async Task Increments_apply_in_order_and_large_syncs_span_many_rows()
    {
        await Store.AppendSyncAsync(Sync(SyncMode.Snapshot, Enumerable.Range(1, 12_000).Select(i => P(i)).ToList()), default);
        await Store.AppendSyncAsync(Sync(SyncMode.Incremental, [P(1, "FIRST CHANGE")]), default);
        await Store.AppendSyncAsync(Sync(SyncMode.Incremental, [P(1, "SECOND CHANGE")], [Nik(2)]), default);

        var contents = await Store.LoadAsync(default);
        Assert.Equal(11_999, contents.Participants.Count);
        Assert.Equal("SECOND CHANGE", contents.Participants[long.Parse(Nik(1))].FullName);
    }

    [SkippableFact]
    public async Task The_version_read_cheaply_follows_the_syncs_stored_through_any_store_on_the_database()
    {
        // Another replica's store over the same database.
        var other = (await Storage.OpenAsync()).Registry;
        await Store.AppendSyncAsync(Sync(SyncMode.Snapshot, [P(1)]), default);
        Assert.Equal(1, await other.ReadVersionAsync(default));

        await other.AppendSyncAsync(Sync(SyncMode.Incremental, [P(2)]), default);

        Assert.Equal(2, await Store.ReadVersionAsync(default));
        Assert.Equal(2, (await Store.LoadAsync(default)).Version);
    }

    [SkippableFact]
    public async Task Syncs_stored_at_once_through_two_stores_take_one_version_each()
    {
        var stores = new[] { Store, (await Storage.OpenAsync()).Registry };

        var versions = await Task.WhenAll(Enumerable.Range(1, 10).Select(i =>
            Task.Run(() => stores[i % 2].AppendSyncAsync(Sync(SyncMode.Incremental, [P(i)]), default))));

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), versions.Order());
        var contents = await Store.LoadAsync(default);
        Assert.Equal((10L, 10), (contents.Version, contents.Participants.Count));
    }

    [SkippableFact]
    public async Task The_registry_history_refuses_updates_and_deletes()
    {
        await Store.AppendSyncAsync(Sync(SyncMode.Snapshot, [P(1)]), default);

        foreach (var sql in new[] { "UPDATE registry_syncs SET mode = 1", "DELETE FROM registry_changes", "DELETE FROM registry_syncs" })
        {
            var error = await Assert.ThrowsAnyAsync<DbException>(() => Storage.ExecuteAsync(sql));
            Assert.Contains("append-only", error.Message);
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
        new(mode, upserts, removals ?? [], new SyncParticipantsResponse { Inserted = upserts.Count, ParticipantCount = upserts.Count }, Now);
}

public sealed class SqliteRegistryStoreTests() : RegistryStoreContract(SqliteStorage.CreateAsync);

public sealed class PostgresRegistryStoreTests() : RegistryStoreContract(PostgresStorage.CreateAsync);
