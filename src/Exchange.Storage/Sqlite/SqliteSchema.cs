using System.Buffers.Binary;
using Microsoft.Data.Sqlite;
using static Exchange.Storage.Sqlite.SqliteDatabase;

namespace Exchange.Storage.Sqlite;

/// <summary>
/// Every version of the SQLite schema, oldest first. A database is brought to the newest at open, each step once,
/// under SQLite's writer lock, so two gateways starting on one file migrate it once. A step is history: it is never
/// edited once released, a change is a new step.
/// </summary>
internal static class SqliteSchema
{
    private sealed record Migration(int Version, string Description, Action<SqliteConnection, SqliteTransaction> Apply);

    /// <summary>
    /// Version 1. A database made before versions were recorded has these tables (or, from before one was added, all
    /// but that one): every statement creates only what is missing, so on such a file this leaves the data alone.
    /// </summary>
    private static readonly string Version1 = """
        CREATE TABLE IF NOT EXISTS batches (
            key        INTEGER PRIMARY KEY,
            agency     TEXT    NOT NULL,
            batch_id   TEXT    NOT NULL,
            purpose    INTEGER NOT NULL,
            opened_at  TEXT    NOT NULL,
            UNIQUE (agency, batch_id)
        );
        CREATE TABLE IF NOT EXISTS chunks (
            batch          INTEGER NOT NULL REFERENCES batches (key),
            first_offset   INTEGER NOT NULL,
            record_count   INTEGER NOT NULL CHECK (record_count > 0),
            accepted       INTEGER NOT NULL,
            warned         INTEGER NOT NULL,
            active         INTEGER NOT NULL,
            grace          INTEGER NOT NULL,
            lapsed         INTEGER NOT NULL,
            not_registered INTEGER NOT NULL,
            possible_match INTEGER NOT NULL,
            records        BLOB    NOT NULL,
            verdicts       BLOB    NOT NULL,
            accepted_niks  BLOB    NOT NULL,
            committed_at   TEXT    NOT NULL,
            UNIQUE (batch, first_offset)
        );
        CREATE TABLE IF NOT EXISTS finishes (
            batch        INTEGER PRIMARY KEY REFERENCES batches (key),
            finished_at  TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS review_items (
            id            INTEGER PRIMARY KEY,
            batch         INTEGER NOT NULL REFERENCES batches (key),
            record_offset INTEGER NOT NULL,
            chunk_offset  INTEGER NOT NULL,
            created_at    TEXT    NOT NULL,
            UNIQUE (batch, record_offset)
        );
        CREATE TABLE IF NOT EXISTS review_decisions (
            review      INTEGER PRIMARY KEY REFERENCES review_items (id),
            decision    INTEGER NOT NULL,
            outcome     INTEGER NOT NULL,
            segment     INTEGER NOT NULL,
            decided_at  TEXT    NOT NULL
        );
        CREATE TABLE IF NOT EXISTS review_pairs (
            review               INTEGER PRIMARY KEY REFERENCES review_decisions (review),
            worker_nik           TEXT    NOT NULL,
            worker_name          TEXT    NOT NULL,
            worker_birth_date    TEXT    NOT NULL,
            participant_nik      TEXT    NOT NULL,
            participant_identity TEXT    NOT NULL,
            decision             INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS registry_syncs (
            version            INTEGER PRIMARY KEY,
            mode               INTEGER NOT NULL,
            completed_at       TEXT    NOT NULL,
            inserted           INTEGER NOT NULL,
            updated            INTEGER NOT NULL,
            unchanged          INTEGER NOT NULL,
            removed            INTEGER NOT NULL,
            participant_count  INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS registry_changes (
            version  INTEGER NOT NULL REFERENCES registry_syncs (version),
            seq      INTEGER NOT NULL,
            changes  BLOB    NOT NULL,
            PRIMARY KEY (version, seq)
        );
        CREATE TABLE IF NOT EXISTS audit_entries (
            sequence       INTEGER PRIMARY KEY,
            at             TEXT    NOT NULL,
            caller         TEXT    NOT NULL,
            role           TEXT    NOT NULL,
            method         TEXT    NOT NULL,
            batch_id       TEXT,
            record_count   INTEGER NOT NULL,
            outcome        TEXT    NOT NULL,
            detail         TEXT,
            previous_hash  TEXT    NOT NULL,
            hash           TEXT    NOT NULL
        );
        """ + AppendOnly("batches", "agency, batch_id") + AppendOnly("chunks", "batch, first_offset")
        // Finishing and deciding insert with ON CONFLICT DO NOTHING: the first row stays, a repeat is skipped.
        + AppendOnlyFirstWins("finishes") + AppendOnly("review_items", "batch, record_offset")
        + AppendOnlyFirstWins("review_decisions") + AppendOnly("review_pairs")
        + AppendOnly("registry_syncs") + AppendOnly("registry_changes", "version, seq")
        + AppendOnly("audit_entries");

    /// <summary>
    /// Version 4: the outcome log. The sequence is the rowid, given one more than the largest under the write lock and
    /// never deleted, so consecutive. The day (DateOnly.DayNumber) is indexed for the bound of a read up to a day.
    /// </summary>
    private static readonly string Version4 = """
        CREATE TABLE outcome_log (
            seq    INTEGER PRIMARY KEY,
            nik    INTEGER NOT NULL,
            day    INTEGER NOT NULL,
            state  BLOB    NOT NULL
        );
        CREATE INDEX outcome_log_day ON outcome_log (day);
        """ + AppendOnly("outcome_log");

    private static readonly IReadOnlyList<Migration> Migrations =
    [
        new(1, "batches, chunks, reviews, registry syncs, audit trail", (c, t) => Run(c, t, Version1)),
        new(2, "accepted NIKs under a unique key per batch, out of the chunks; the storage probe's row", MoveAcceptedNiks),
        // Adding a column rewrites no row, so the append-only triggers neither fire nor step aside; older chunks count 0.
        new(3, "chunks count the DECEASED outcome", (c, t) => Run(c, t, "ALTER TABLE chunks ADD COLUMN deceased INTEGER NOT NULL DEFAULT 0;")),
        new(4, "the outcome log: the known workers' projected states, in sequence", (c, t) => Run(c, t, Version4)),
    ];

    /// <summary>The version this build writes.</summary>
    public static int Current => Migrations[^1].Version;

    /// <summary>Brings the database to <paramref name="target"/> (the newest unless a test wants an older one).</summary>
    public static void Migrate(SqliteConnection connection, int? target = null)
    {
        // BEGIN IMMEDIATE: the writer lock first, so a second gateway waits and then finds the work done.
        using var transaction = connection.BeginTransaction(deferred: false);
        Run(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_versions (
                version      INTEGER PRIMARY KEY,
                description  TEXT NOT NULL,
                applied_at   TEXT NOT NULL
            );
            """);
        long version;
        using (var versions = Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_versions"))
        {
            version = (long)versions.ExecuteScalar()!;
        }
        if (version > Current)
        {
            throw new DatabaseUnusableException(
                $"the database has schema version {version}, newer than this gateway's {Current}: run the newer gateway, or restore a backup from before the upgrade");
        }
        foreach (var migration in Migrations.Where(m => m.Version > version && m.Version <= (target ?? Current)))
        {
            migration.Apply(connection, transaction);
            using var record = Command(connection, transaction,
                // The database's clock: when an operator upgraded is the machine's business, not the gateway's.
                "INSERT INTO schema_versions (version, description, applied_at) VALUES ($version, $description, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
            record.Parameters.AddWithValue("$version", migration.Version);
            record.Parameters.AddWithValue("$description", migration.Description);
            record.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static void Run(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Version 2: a batch's accepted NIKs leave the chunks' packed column for a table keyed by (batch, nik), so the
    /// database refuses a NIK accepted twice in a batch whichever gateway stores it, and a chunk's check reads only
    /// its own NIKs instead of the whole batch's. And the row the storage probe writes to see that writes succeed.
    /// </summary>
    private static void MoveAcceptedNiks(SqliteConnection connection, SqliteTransaction transaction)
    {
        Run(connection, transaction, """
            CREATE TABLE accepted_niks (
                batch          INTEGER NOT NULL REFERENCES batches (key),
                nik            INTEGER NOT NULL,
                record_offset  INTEGER NOT NULL,
                PRIMARY KEY (batch, nik)
            );
            """);
        using (var read = Command(connection, transaction, "SELECT batch, accepted_niks FROM chunks ORDER BY rowid"))
        using (var insert = Command(connection, transaction,
                   "INSERT INTO accepted_niks (batch, nik, record_offset) VALUES ($batch, $nik, $offset)"))
        {
            var (batch, nik, offset) = (insert.Parameters.Add("$batch", SqliteType.Integer), insert.Parameters.Add("$nik", SqliteType.Integer),
                insert.Parameters.Add("$offset", SqliteType.Integer));
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                batch.Value = reader.GetInt64(0);
                var packed = (byte[])reader.GetValue(1);
                // 16 bytes per accepted record: NIK, then offset, little-endian.
                for (var i = 0; i < packed.Length; i += 16)
                {
                    nik.Value = BinaryPrimitives.ReadInt64LittleEndian(packed.AsSpan(i));
                    offset.Value = BinaryPrimitives.ReadInt64LittleEndian(packed.AsSpan(i + 8));
                    insert.ExecuteNonQuery();
                }
            }
        }
        // Dropping a column rewrites the table, which the append-only triggers would refuse: they step aside for it.
        Run(connection, transaction, """
            DROP TRIGGER chunks_append_only_update;
            DROP TRIGGER chunks_append_only_delete;
            DROP TRIGGER chunks_append_only_insert;
            ALTER TABLE chunks DROP COLUMN accepted_niks;
            """ + AppendOnly("chunks", "batch, first_offset") + AppendOnly("accepted_niks", "batch, nik") + """

            -- The storage probe's one row, rewritten in place (SqliteProbe): the only table that is not append-only.
            CREATE TABLE storage_probe (
                id      INTEGER PRIMARY KEY CHECK (id = 1),
                writes  INTEGER NOT NULL
            );
            """);
    }
}
