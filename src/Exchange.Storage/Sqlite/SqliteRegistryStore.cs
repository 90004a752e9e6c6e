using System.Globalization;
using Exchange.Core.Registry;
using Google.Protobuf;
using Jamsostek.Exchange.V1;
using static Exchange.Storage.Sqlite.SqliteDatabase;

namespace Exchange.Storage.Sqlite;

/// <summary>
/// The registry as a history of syncs, append-only: each completed sync is one row plus its net
/// changes in chunks (snapshot: every participant; incremental: upserts and removals). Loading reads
/// the newest snapshot and applies the increments after it, in version order.
/// </summary>
public sealed class SqliteRegistryStore(SqliteDatabase database) : IRegistryStore
{
    private const int ParticipantsPerRow = 5000;

    public Task<RegistryContents> LoadAsync(CancellationToken cancellationToken)
    {
        using var connection = database.Connect();
        // One read transaction: a sync committed meanwhile is either wholly seen or not at all.
        using var transaction = connection.BeginTransaction(deferred: true);
        using var latest = Command(connection, transaction, """
            SELECT COALESCE(MAX(version), 0),
                   COALESCE((SELECT MAX(version) FROM registry_syncs WHERE mode = $snapshot), 0)
            FROM registry_syncs
            """);
        latest.Parameters.AddWithValue("$snapshot", (int)SyncMode.Snapshot);
        long version, snapshot;
        using (var reader = latest.ExecuteReader())
        {
            reader.Read();
            (version, snapshot) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        var participants = new Dictionary<long, Participant>();
        using var changes = Command(connection, transaction,
            "SELECT changes FROM registry_changes WHERE version >= $from ORDER BY version, seq");
        changes.Parameters.AddWithValue("$from", snapshot);
        using (var reader = changes.ExecuteReader())
        {
            while (reader.Read())
            {
                var chunk = ParticipantChunk.Parser.ParseFrom((byte[])reader.GetValue(0));
                foreach (var participant in chunk.Upserts)
                {
                    participants[Key(participant.Nik)] = participant;
                }
                foreach (var nik in chunk.RemovedNiks)
                {
                    participants.Remove(Key(nik));
                }
            }
        }
        transaction.Commit();
        return Task.FromResult(new RegistryContents(version, participants));
    }

    public Task<long> AppendSyncAsync(CompletedSync sync, CancellationToken cancellationToken)
    {
        using var connection = database.Connect();
        using var transaction = connection.BeginTransaction();
        using (var insert = Command(connection, transaction, """
                   INSERT INTO registry_syncs (mode, completed_at, inserted, updated, unchanged, removed, participant_count)
                   VALUES ($mode, $completed_at, $inserted, $updated, $unchanged, $removed, $participant_count)
                   """))
        {
            var p = insert.Parameters;
            p.AddWithValue("$mode", (int)sync.Mode);
            p.AddWithValue("$completed_at", Timestamp(sync.CompletedAt));
            p.AddWithValue("$inserted", sync.Summary.Inserted);
            p.AddWithValue("$updated", sync.Summary.Updated);
            p.AddWithValue("$unchanged", sync.Summary.Unchanged);
            p.AddWithValue("$removed", sync.Summary.Removed);
            p.AddWithValue("$participant_count", sync.Summary.ParticipantCount);
            insert.ExecuteNonQuery();
        }
        using var lastId = Command(connection, transaction, "SELECT last_insert_rowid()");
        var version = (long)lastId.ExecuteScalar()!;

        using var row = Command(connection, transaction,
            "INSERT INTO registry_changes (version, seq, changes) VALUES ($version, $seq, $changes)");
        var seqParameter = row.Parameters.AddWithValue("$seq", 0);
        var changesParameter = row.Parameters.AddWithValue("$changes", Array.Empty<byte>());
        row.Parameters.AddWithValue("$version", version);
        var seq = 0;
        void Write(ParticipantChunk chunk)
        {
            seqParameter.Value = seq++;
            changesParameter.Value = chunk.ToByteArray();
            row.ExecuteNonQuery();
        }
        var pending = new ParticipantChunk();
        foreach (var participant in sync.Upserts)
        {
            pending.Upserts.Add(participant);
            if (pending.Upserts.Count == ParticipantsPerRow)
            {
                Write(pending);
                pending = new ParticipantChunk();
            }
        }
        foreach (var nik in sync.Removals)
        {
            pending.RemovedNiks.Add(nik);
            if (pending.RemovedNiks.Count == ParticipantsPerRow)
            {
                Write(pending);
                pending = new ParticipantChunk();
            }
        }
        if (pending.Upserts.Count + pending.RemovedNiks.Count > 0)
        {
            Write(pending);
        }
        transaction.Commit();
        return Task.FromResult(version);
    }

    public Task<long> ReadVersionAsync(CancellationToken cancellationToken)
    {
        using var connection = database.Connect();
        using var command = Command(connection, null, "SELECT COALESCE(MAX(version), 0) FROM registry_syncs");
        return Task.FromResult((long)command.ExecuteScalar()!);
    }

    private static long Key(string nik) => long.Parse(nik, NumberStyles.None, CultureInfo.InvariantCulture);
}
