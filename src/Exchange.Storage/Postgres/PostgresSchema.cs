namespace Exchange.Storage.Postgres;

/// <summary>The SQL of the schema's migrations (<see cref="PostgresDatabase.Migrations"/>). A migration, once released, never changes.</summary>
internal static class PostgresSchema
{
    private static readonly string[] AppendOnlyTables =
    [
        "batches", "chunks", "accepted_niks", "finishes", "review_items", "review_decisions", "review_pairs",
        "registry_syncs", "registry_changes", "audit_entries",
    ];

    /// <summary>
    /// The whole schema. Chunks, accepted NIKs, finishes and reviews are keyed by their batch first, so that with Citus
    /// they can be distributed by <c>batch</c> (every primary and unique key holds it) while batches, the registry and
    /// the audit trail stay reference tables.
    /// </summary>
    public static readonly string Version1 = """
        CREATE FUNCTION exchange_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
        END
        $$;

        CREATE TABLE batches (
            key        BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            agency     TEXT        NOT NULL,
            batch_id   TEXT        NOT NULL,
            purpose    INTEGER     NOT NULL,
            opened_at  TIMESTAMPTZ NOT NULL,
            UNIQUE (agency, batch_id)
        );
        CREATE TABLE chunks (
            batch          BIGINT      NOT NULL REFERENCES batches (key),
            first_offset   BIGINT      NOT NULL,
            record_count   INTEGER     NOT NULL CHECK (record_count > 0),
            accepted       INTEGER     NOT NULL,
            warned         INTEGER     NOT NULL,
            active         INTEGER     NOT NULL,
            grace          INTEGER     NOT NULL,
            lapsed         INTEGER     NOT NULL,
            not_registered INTEGER     NOT NULL,
            possible_match INTEGER     NOT NULL,
            records        BYTEA       NOT NULL,
            verdicts       BYTEA       NOT NULL,
            committed_at   TIMESTAMPTZ NOT NULL,
            -- Ledger order across batches (scans, a data subject's report); not a key.
            seq            BIGINT      GENERATED ALWAYS AS IDENTITY,
            PRIMARY KEY (batch, first_offset)
        );
        CREATE INDEX chunks_seq ON chunks (seq);
        CREATE TABLE accepted_niks (
            batch          BIGINT NOT NULL REFERENCES batches (key),
            nik            BIGINT NOT NULL,
            record_offset  BIGINT NOT NULL,
            PRIMARY KEY (batch, nik)
        );
        CREATE TABLE finishes (
            batch        BIGINT      PRIMARY KEY REFERENCES batches (key),
            finished_at  TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE review_items (
            -- Review ids are global (clients page by them); the keys still lead with the batch.
            id             BIGINT      GENERATED ALWAYS AS IDENTITY,
            batch          BIGINT      NOT NULL,
            record_offset  BIGINT      NOT NULL,
            chunk_offset   BIGINT      NOT NULL,
            created_at     TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (batch, id),
            UNIQUE (batch, record_offset),
            FOREIGN KEY (batch, chunk_offset) REFERENCES chunks (batch, first_offset)
        );
        CREATE INDEX review_items_id ON review_items (id);
        CREATE TABLE review_decisions (
            batch       BIGINT      NOT NULL,
            review      BIGINT      NOT NULL,
            decision    INTEGER     NOT NULL,
            outcome     INTEGER     NOT NULL,
            segment     INTEGER     NOT NULL,
            decided_at  TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (batch, review),
            FOREIGN KEY (batch, review) REFERENCES review_items (batch, id)
        );
        CREATE TABLE review_pairs (
            batch                 BIGINT  NOT NULL,
            review                BIGINT  NOT NULL,
            worker_nik            TEXT    NOT NULL,
            worker_name           TEXT    NOT NULL,
            worker_birth_date     TEXT    NOT NULL,
            participant_nik       TEXT    NOT NULL,
            participant_identity  TEXT    NOT NULL,
            decision              INTEGER NOT NULL,
            PRIMARY KEY (batch, review),
            FOREIGN KEY (batch, review) REFERENCES review_decisions (batch, review)
        );

        CREATE TABLE registry_syncs (
            -- Assigned under an advisory lock, one more than the last: versions follow commit order, without gaps.
            version            BIGINT      PRIMARY KEY,
            mode               INTEGER     NOT NULL,
            completed_at       TIMESTAMPTZ NOT NULL,
            inserted           BIGINT      NOT NULL,
            updated            BIGINT      NOT NULL,
            unchanged          BIGINT      NOT NULL,
            removed            BIGINT      NOT NULL,
            participant_count  BIGINT      NOT NULL
        );
        CREATE TABLE registry_changes (
            version  BIGINT  NOT NULL REFERENCES registry_syncs (version),
            seq      INTEGER NOT NULL,
            changes  BYTEA   NOT NULL,
            PRIMARY KEY (version, seq)
        );

        CREATE TABLE audit_entries (
            sequence       BIGINT      PRIMARY KEY,
            at             TIMESTAMPTZ NOT NULL,
            caller         TEXT        NOT NULL,
            role           TEXT        NOT NULL,
            method         TEXT        NOT NULL,
            batch_id       TEXT,
            record_count   BIGINT      NOT NULL,
            outcome        TEXT        NOT NULL,
            detail         TEXT,
            previous_hash  TEXT        NOT NULL,
            hash           TEXT        NOT NULL
        );

        -- The storage probe's one row, rewritten in place: the only table that is not append-only.
        CREATE TABLE storage_probe (
            id      INTEGER PRIMARY KEY CHECK (id = 1),
            writes  BIGINT  NOT NULL
        );
        """ + string.Concat(AppendOnlyTables.Select(AppendOnly));

    /// <summary>
    /// Chunks count the DECEASED outcome. A column with a constant default is added without rewriting a row (PostgreSQL
    /// 11 and later), so the append-only triggers do not fire; the chunks stored before count 0.
    /// </summary>
    public const string Version2 = "ALTER TABLE chunks ADD COLUMN deceased INTEGER NOT NULL DEFAULT 0;";

    /// <summary>
    /// The outcome log. The sequence is given under an advisory lock, one more than the last, not by an identity: identity
    /// values follow the order appends start, not the order they commit, and a rolled-back append leaves a gap, but a
    /// reader paging on from the last number it saw must find every entry appended since. Indexed by (day, seq) for the
    /// bound of a read up to a day.
    /// </summary>
    public static readonly string Version3 = """
        CREATE TABLE outcome_log (
            seq    BIGINT PRIMARY KEY,
            nik    BIGINT NOT NULL,
            day    DATE   NOT NULL,
            state  BYTEA  NOT NULL
        );
        CREATE INDEX outcome_log_day ON outcome_log (day, seq);
        """ + AppendOnly("outcome_log");

    /// <summary>
    /// Triggers refusing updates, deletes and truncation of <paramref name="table"/>. An insert that meets an existing key
    /// needs none: it fails on the key, or is skipped where the writer says ON CONFLICT DO NOTHING (first row wins).
    /// </summary>
    private static string AppendOnly(string table) => $"""

        CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION exchange_refuse_change();
        CREATE TRIGGER {table}_append_only_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION exchange_refuse_change();
        """;
}
