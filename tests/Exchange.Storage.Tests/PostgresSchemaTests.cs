using Exchange.Core.Audit;
using Exchange.Core.Batches;
using Exchange.Core.Coverage;
using Exchange.Core.Matching;
using Exchange.Core.Registry;
using Exchange.Storage.Postgres;
using Exchange.Storage.Tests.Engines;
using Jamsostek.Exchange.V1;
using Npgsql;

namespace Exchange.Storage.Tests;

/// <summary>The PostgreSQL schema: its migrations, run once whoever opens the database first, and the triggers that keep every table append-only.</summary>
public sealed class PostgresSchemaTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = BogorClock.DefaultStart;
    private PostgresStorage? _storage;

    private PostgresStorage Storage => _storage!;

    public async Task InitializeAsync() => _storage = await PostgresStorage.CreateDatabaseAsync();

    [SkippableFact]
    public async Task Replicas_opening_a_fresh_database_at_once_migrate_it_once()
    {
        var opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresDatabase.OpenAsync(Storage.ConnectionString, default))));
        var again = await PostgresDatabase.OpenAsync(Storage.ConnectionString, default);

        Assert.Equal(PostgresDatabase.Migrations.Select(m => (m.Version, m.Description)), await AppliedAsync());
        foreach (var database in opened.Append(again))
        {
            Assert.True(await database.IsReachableAsync(default));
            await database.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task A_database_from_a_newer_gateway_is_refused_with_what_to_do()
    {
        await (await PostgresDatabase.OpenAsync(Storage.ConnectionString, default)).DisposeAsync();
        await Storage.ExecuteAsync("INSERT INTO schema_versions VALUES (99, 'from the future', now())");

        var refused = await Assert.ThrowsAsync<DatabaseUnusableException>(() => PostgresDatabase.OpenAsync(Storage.ConnectionString, default));

        Assert.Contains("schema version 99", refused.Message);
        Assert.Contains("newer gateway", refused.Message);
    }

    [SkippableFact]
    public async Task A_database_of_the_previous_version_is_migrated_and_keeps_all_its_data()
    {
        var previous = PostgresDatabase.Migrations[^1].Version - 1;
        // The schema as a gateway of that version left it, with a row of its own.
        await Storage.ExecuteAsync("""
            CREATE TABLE schema_versions (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL);
            """ + string.Concat(PostgresDatabase.Migrations.Where(m => m.Version <= previous).Select(m =>
                $"{m.Sql}\nINSERT INTO schema_versions VALUES ({m.Version}, '{m.Description.Replace("'", "''", StringComparison.Ordinal)}', now());\n")));
        await Storage.ExecuteAsync("""
            INSERT INTO batches (agency, batch_id, purpose, opened_at) VALUES ('DINKOP', 'b1', 1, now());
            INSERT INTO registry_syncs VALUES (1, 1, now(), 1, 0, 0, 0, 1);
            """);
        var (batches, syncs) = (await Storage.DumpAsync("batches"), await Storage.DumpAsync("registry_syncs"));

        var stores = await Storage.OpenAsync();

        Assert.Equal(PostgresDatabase.Migrations.Select(m => (m.Version, m.Description)), await AppliedAsync());
        Assert.Equal(batches, await Storage.DumpAsync("batches"));
        Assert.Equal(syncs, await Storage.DumpAsync("registry_syncs"));
        Assert.Equal("b1", Assert.Single(await stores.Ledger.ListAsync("DINKOP", null, 10, default)).BatchId);
        Assert.Equal(1, await stores.Registry.ReadVersionAsync(default));
        Assert.Equal(0, await stores.Outcomes.LastSequenceAsync(default));
        await stores.Outcomes.AppendAsync([new OutcomeLogEntry(0, 3271011705880001, DateOnly.FromDateTime(Now.Date), [1])], default);
        Assert.Equal(1, await stores.Outcomes.LastSequenceAsync(default));
    }

    public static TheoryData<string> Tables() =>
    [
        "batches", "chunks", "accepted_niks", "finishes", "review_items", "review_decisions", "review_pairs",
        "registry_syncs", "registry_changes", "audit_entries", "outcome_log",
    ];

    [SkippableTheory]
    [MemberData(nameof(Tables))]
    public async Task Every_table_refuses_to_be_rewritten_or_emptied_and_its_rows_stay(string table)
    {
        await FillAsync();
        var before = await Storage.DumpAsync(table);
        Assert.NotEmpty(before);
        // An upsert is an update: the key's first row stays.
        var columns = await ColumnsAsync(table);
        var key = await PrimaryKeyAsync(table);
        string[] statements =
        [
            $"UPDATE {table} SET {columns[^1]} = {columns[^1]}",
            $"DELETE FROM {table}",
            $"TRUNCATE {table} CASCADE",
            $"INSERT INTO {table} OVERRIDING SYSTEM VALUE SELECT * FROM {table} ON CONFLICT ({string.Join(", ", key)}) DO UPDATE SET {columns[^1]} = EXCLUDED.{columns[^1]}",
        ];

        foreach (var sql in statements)
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => Storage.ExecuteAsync(sql));
            Assert.Contains("append-only", refused.MessageText);
        }
        Assert.Equal(before, await Storage.DumpAsync(table));
    }

    /// <summary>A row in every table: a batch with a chunk, an accepted NIK and a decided review, a registry sync, an audit entry, an outcome.</summary>
    private async Task FillAsync()
    {
        var stores = await Storage.OpenAsync();
        var (batch, _) = await stores.Ledger.OpenAsync("DINSOS", "b1", Purpose.CoverageMatching, Now, default);
        await stores.Ledger.AppendChunkAsync(LedgerChunk.Create(batch.Key, 0, [Workers.Valid(1)],
            [new RecordVerdict([], MatchOutcome.PossibleMatch, Segment.Unspecified, 22, [], "3271012107850001")], Now), default);
        var review = Assert.Single(await stores.Ledger.ListReviewsAsync(0, 10, false, default)).Id;
        await stores.Ledger.DecideReviewAsync(review, ReviewDecision.SamePerson, MatchOutcome.Active, Segment.Bpu,
            new ReviewedPair(new WorkerIdentity("3271011705880001", "ASEP SAEPUDIN", "1988-05-17"), "3271012107850001", "ASEP", ReviewDecision.SamePerson),
            Now, default);
        await stores.Ledger.FinishAsync(batch.Key, Now, default);
        await stores.Registry.AppendSyncAsync(new CompletedSync(SyncMode.Snapshot,
            [new Participant { Nik = "3271011705880001", FullName = "ASEP", BirthDate = "1988-05-17", Segment = Segment.Bpu, Status = ParticipantStatus.Active }],
            [], new SyncParticipantsResponse { ParticipantCount = 1 }, Now), default);
        await stores.Trail.AppendAsync(new AuditEvent(Now, "dinsos", "Agency", "/m", null, 1, "OK", null), default);
        await stores.Outcomes.AppendAsync([new OutcomeLogEntry(0, 3271011705880001, DateOnly.FromDateTime(Now.Date), [1])], default);
    }

    private async Task<List<(int, string)>> AppliedAsync()
    {
        await using var connection = await Storage.ConnectAsync();
        await using var command = new NpgsqlCommand("SELECT version, description FROM schema_versions ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var applied = new List<(int, string)>();
        while (await reader.ReadAsync())
        {
            applied.Add((reader.GetInt32(0), reader.GetString(1)));
        }
        return applied;
    }

    /// <summary>The columns a statement may set (identity columns refuse that before any trigger could).</summary>
    private Task<List<string>> ColumnsAsync(string table) => ListAsync(
        "SELECT column_name::text FROM information_schema.columns WHERE table_name = @table AND is_identity = 'NO' ORDER BY ordinal_position", table);

    private Task<List<string>> PrimaryKeyAsync(string table) => ListAsync("""
        SELECT a.attname::text FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = @table::regclass AND i.indisprimary
        """, table);

    private async Task<List<string>> ListAsync(string sql, string table)
    {
        await using var connection = await Storage.ConnectAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("table", table);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }

    public async Task DisposeAsync()
    {
        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }
    }
}
