using System.Globalization;
using Exchange.Core.Audit;
using Exchange.Core.Batches;
using Exchange.Core.Coverage;
using Exchange.Storage.Sqlite;
using Jamsostek.Exchange.V1;
using Microsoft.Data.Sqlite;

namespace Exchange.Storage.Tests;

/// <summary>
/// Fixtures/ledger-v1.db was written by the gateway before schema versions existed (schema version 1): the demo's
/// synthetic registry of 3,000 participants, one finished DINKOP batch of 397 records (396 accepted, 2 possible
/// matches, one of them decided SAME_PERSON to GRACE) and the audit entries of those calls.
/// </summary>
public sealed class SqliteMigrationTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string OldDatabase()
    {
        var path = _directory.File("exchange.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ledger-v1.db"), path);
        return path;
    }

    [Fact]
    public async Task A_database_from_before_schema_versions_is_migrated_and_keeps_all_its_data()
    {
        var path = OldDatabase();
        var database = SqliteDatabase.Open(path);

        Assert.Equal([1L, 2L, 3L, 4L], Versions(path));
        var ledger = new SqliteBatchLedger(database);
        var batch = Assert.Single(await ledger.ListAsync("DINKOP", null, 10, default));
        Assert.Equal("submitted-2db358ca7324a589", batch.BatchId);
        Assert.True(batch.IsFinished);
        Assert.Equal((397, 396, 1), (batch.Counts.Records, batch.Counts.Accepted, batch.Counts.Rejected));
        // The decided review counts under GRACE, the other one still under POSSIBLE_MATCH.
        Assert.Equal(13, batch.Counts.Outcomes[MatchOutcome.Grace]);
        Assert.Equal(1, batch.Counts.Outcomes[MatchOutcome.PossibleMatch]);

        // The packed NIKs of version 1 are now rows: every accepted record's NIK is found at its offset.
        var accepted = await ledger.ScanAcceptedAsync(default).ToListAsync();
        Assert.Equal(396, accepted.Count);
        var niks = accepted.ToDictionary(r => long.Parse(r.Worker.Nik, CultureInfo.InvariantCulture), r => r.Offset);
        var found = await ledger.FindAcceptedNiksAsync(batch.Key, niks.Keys.ToList(), default);
        Assert.Equal(niks.OrderBy(n => n.Key), found.OrderBy(n => n.Key));

        var registry = await new SqliteRegistryStore(database).LoadAsync(default);
        Assert.Equal((1, 3000), (registry.Version, registry.Participants.Count));
        var verification = await new SqliteAuditTrail(database).VerifyAsync(default);
        Assert.True(verification.Intact, verification.ToString());
        Assert.Equal(5, verification.EntriesChecked);

        // The outcome log starts empty, and takes entries.
        var log = new SqliteOutcomeLog(database);
        Assert.Equal(0, await log.LastSequenceAsync(default));
        await log.AppendAsync([new OutcomeLogEntry(0, 3271011705880001, new DateOnly(2026, 11, 30), [1])], default);
        Assert.Equal(1, Assert.Single(await log.ReadAsync(0, 10, default)).Sequence);
    }

    [Fact]
    public async Task A_database_of_version_3_gains_the_outcome_log_and_keeps_all_its_data()
    {
        var path = _directory.File("exchange.db");
        var old = SqliteDatabase.Open(path, schemaVersion: 3);
        Assert.Equal([1L, 2L, 3L], Versions(path));
        var (batch, _) = await new SqliteBatchLedger(old).OpenAsync("DINKOP", "b1", Purpose.CoverageMatching, BogorClock.DefaultStart, default);
        await new SqliteBatchLedger(old).AppendChunkAsync(LedgerChunk.Create(batch.Key, 0, [Workers.Valid(1)],
            [new RecordVerdict([], MatchOutcome.Deceased, Segment.Unspecified, 0, [])], BogorClock.DefaultStart), default);
        await new SqliteAuditTrail(old).AppendAsync(new AuditEvent(BogorClock.DefaultStart, "dinkop", "Agency", "/m", "b1", 1, "OK", null), default);
        var before = Dump(path, "chunks");

        var database = SqliteDatabase.Open(path);

        Assert.Equal([1L, 2L, 3L, 4L], Versions(path));
        Assert.Equal(before, Dump(path, "chunks"));
        var stored = Assert.Single(await new SqliteBatchLedger(database).ListAsync("DINKOP", null, 10, default));
        Assert.Equal(1, stored.Counts.Outcomes[MatchOutcome.Deceased]);
        Assert.Equal(1, (await new SqliteAuditTrail(database).VerifyAsync(default)).EntriesChecked);
        var log = new SqliteOutcomeLog(database);
        await log.AppendAsync([new OutcomeLogEntry(0, 3271011705880001, new DateOnly(2026, 11, 30), [1, 2])], default);
        Assert.Equal(1, await log.LastSequenceAsync(default));
    }

    [Fact]
    public async Task A_migrated_database_keeps_the_niks_accepted_before_the_migration_under_the_unique_key()
    {
        var path = OldDatabase();
        var ledger = new SqliteBatchLedger(SqliteDatabase.Open(path));
        var stored = await ledger.ScanAcceptedAsync(default).FirstAsync();
        var nik = long.Parse(stored.Worker.Nik, CultureInfo.InvariantCulture);

        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO accepted_niks (batch, nik, record_offset) VALUES ({stored.BatchKey}, {nik}, 999)";
        Assert.Throws<SqliteException>(() => insert.ExecuteNonQuery());

        // The batch was finished before the migration: it takes no more records.
        var again = LedgerChunk.Create(stored.BatchKey, 397, [Workers.Valid(1)],
            [new RecordVerdict([], MatchOutcome.NotRegistered, Segment.Unspecified, 0, [])], BogorClock.DefaultStart);
        await Assert.ThrowsAsync<BatchFinishedException>(() => ledger.AppendChunkAsync(again, default));
    }

    [Fact]
    public void Two_gateways_opening_an_old_database_at_once_migrate_it_once()
    {
        var path = OldDatabase();

        Parallel.For(0, 4, _ => SqliteDatabase.Open(path));

        Assert.Equal([1L, 2L, 3L, 4L], Versions(path));
    }

    [Fact]
    public void A_fresh_database_and_a_migrated_one_have_the_same_tables_and_columns()
    {
        var migrated = OldDatabase();
        SqliteDatabase.Open(migrated);
        var fresh = _directory.File("fresh.db");
        SqliteDatabase.Open(fresh);

        Assert.Equal(Columns(fresh), Columns(migrated));
    }

    [Fact]
    public void A_database_from_a_newer_gateway_is_refused_with_what_to_do()
    {
        var path = _directory.File("exchange.db");
        SqliteDatabase.Open(path);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_versions VALUES (99, 'from the future', '2030-01-01')";
            command.ExecuteNonQuery();
        }

        var refused = Assert.Throws<DatabaseUnusableException>(() => SqliteDatabase.Open(path));
        Assert.Contains("schema version 99", refused.Message);
        Assert.Contains("newer gateway", refused.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_refused_with_what_to_do()
    {
        var path = _directory.File("exchange.db");
        File.WriteAllText(path, new string('x', 8192));

        var refused = Assert.Throws<DatabaseUnusableException>(() => SqliteDatabase.Open(path));
        Assert.Contains("not a database", refused.Message);
        Assert.Contains("backup", refused.Message);
    }

    private static List<string> Dump(string path, string table) => Query(path, $"SELECT * FROM {table} ORDER BY rowid")
        .Select(row => string.Join("|", row.Select(value => value is byte[] bytes ? Convert.ToHexString(bytes) : value.ToString()))).ToList();

    private static List<long> Versions(string path) =>
        Query(path, "SELECT version FROM schema_versions ORDER BY version").Select(row => (long)row[0]).ToList();

    private static List<string> Columns(string path) => Query(path, """
            SELECT m.name || '.' || p.name || ' ' || p.type || ' ' || p."notnull" || ' ' || p.pk
            FROM sqlite_master m JOIN pragma_table_info(m.name) p
            WHERE m.type = 'table' ORDER BY m.name, p.cid
            """).Select(row => (string)row[0]).ToList();

    private static List<object[]> Query(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
