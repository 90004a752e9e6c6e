using System.Data;
using System.Globalization;
using Exchange.Core.Registry;
using Google.Protobuf;
using Jamsostek.Exchange.V1;
using NpgsqlTypes;
using static Exchange.Storage.Postgres.PostgresDatabase;

namespace Exchange.Storage.Postgres;

/// <summary>
/// The registry as a history of syncs, append-only, in PostgreSQL: each completed sync is one row plus its net changes
/// in chunks of participants (snapshot: every participant; incremental: upserts and removals), copied in with binary
/// COPY. Loading reads the newest snapshot and the increments after it, in version order.
/// </summary>
public sealed class PostgresRegistryStore(PostgresDatabase database) : IRegistryStore
{
    private const int ParticipantsPerRow = 5000;

    public async Task<RegistryContents> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken);
        // One snapshot: a sync committed meanwhile is either wholly seen or not at all.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        long version, snapshot;
        await using (var latest = Command(connection, """
                         SELECT COALESCE(MAX(version), 0), COALESCE(MAX(version) FILTER (WHERE mode = @snapshot), 0) FROM registry_syncs
                         """))
        {
            latest.Parameters.Add(Parameter("snapshot", (int)SyncMode.Snapshot));
            await using var reader = await latest.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            (version, snapshot) = (reader.GetInt64(0), reader.GetInt64(1));
        }
        var participants = new Dictionary<long, Participant>();
        await using (var changes = Command(connection, "SELECT changes FROM registry_changes WHERE version >= @from ORDER BY version, seq"))
        {
            changes.Parameters.Add(Parameter("from", snapshot));
            await using var reader = await changes.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var chunk = ParticipantChunk.Parser.ParseFrom(reader.GetFieldValue<byte[]>(0));
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
        await transaction.CommitAsync(cancellationToken);
        return new RegistryContents(version, participants);
    }

    public async Task<long> AppendSyncAsync(CompletedSync sync, CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Replicas syncing at once take versions one after the other, in the order they commit: increments apply in that order.
        await using (var serialise = Command(connection, "SELECT pg_advisory_xact_lock(@space, @key)"))
        {
            serialise.Parameters.Add(Parameter("space", LockSpace));
            serialise.Parameters.Add(Parameter("key", RegistryLock));
            await serialise.ExecuteNonQueryAsync(cancellationToken);
        }
        long version;
        await using (var insert = Command(connection, """
                         INSERT INTO registry_syncs (version, mode, completed_at, inserted, updated, unchanged, removed, participant_count)
                         SELECT COALESCE(MAX(version), 0) + 1, @mode, @completed_at, @inserted, @updated, @unchanged, @removed, @participant_count
                         FROM registry_syncs
                         RETURNING version
                         """))
        {
            var p = insert.Parameters;
            p.Add(Parameter("mode", (int)sync.Mode));
            p.Add(Parameter("completed_at", Timestamp(sync.CompletedAt)));
            p.Add(Parameter("inserted", sync.Summary.Inserted));
            p.Add(Parameter("updated", sync.Summary.Updated));
            p.Add(Parameter("unchanged", sync.Summary.Unchanged));
            p.Add(Parameter("removed", sync.Summary.Removed));
            p.Add(Parameter("participant_count", sync.Summary.ParticipantCount));
            version = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        }
        await using (var copy = await connection.BeginBinaryImportAsync(
                         "COPY registry_changes (version, seq, changes) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            var seq = 0;
            foreach (var row in Rows(sync))
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(version, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(seq++, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(row.ToByteArray(), NpgsqlDbType.Bytea, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return version;
    }

    public async Task<long> ReadVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken);
        await using var command = Command(connection, "SELECT COALESCE(MAX(version), 0) FROM registry_syncs");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The sync's changes in rows of at most <see cref="ParticipantsPerRow"/>: upserts first, then removals.</summary>
    private static IEnumerable<ParticipantChunk> Rows(CompletedSync sync)
    {
        var pending = new ParticipantChunk();
        foreach (var participant in sync.Upserts)
        {
            pending.Upserts.Add(participant);
            if (pending.Upserts.Count == ParticipantsPerRow)
            {
                yield return pending;
                pending = new ParticipantChunk();
            }
        }
        foreach (var nik in sync.Removals)
        {
            pending.RemovedNiks.Add(nik);
            if (pending.RemovedNiks.Count == ParticipantsPerRow)
            {
                yield return pending;
                pending = new ParticipantChunk();
            }
        }
        if (pending.Upserts.Count + pending.RemovedNiks.Count > 0)
        {
            yield return pending;
        }
    }

    private static long Key(string nik) => long.Parse(nik, NumberStyles.None, CultureInfo.InvariantCulture);
}
