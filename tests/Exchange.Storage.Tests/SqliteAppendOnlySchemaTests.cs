using Exchange.Core.Audit;
using Exchange.Core.Batches;
using Exchange.Core.Coverage;
using Exchange.Core.Matching;
using Exchange.Core.Registry;
using Exchange.Storage.Sqlite;
using Jamsostek.Exchange.V1;
using Microsoft.Data.Sqlite;

namespace Exchange.Storage.Tests;

/// <summary>
/// INSERT OR REPLACE deletes the row it conflicts with without firing delete triggers: the schema itself must refuse
/// it, in every append-only table, against whoever opens the file with plain SQLite (no pragma of the gateway's helps).
/// </summary>
public sealed class SqliteAppendOnlySchemaTests : IDisposable
{
    private static readonly DateTimeOffset Now = BogorClock.DefaultStart;
    private readonly TempDirectory _directory = new("exchange-append-only-");

    private string DatabasePath => _directory.File("exchange.db");

    public static TheoryData<string, string> Replacements() => new()
    {
        // By the rowid (the INTEGER PRIMARY KEY), and by another unique key with a fresh rowid.
        { "audit_entries", "INSERT OR REPLACE INTO audit_entries SELECT * FROM audit_entries WHERE sequence = 1" },
        { "batches", "INSERT OR REPLACE INTO batches SELECT * FROM batches" },
        { "batches", "INSERT OR REPLACE INTO batches (agency, batch_id, purpose, opened_at) SELECT agency, batch_id, purpose + 1, opened_at FROM batches" },
        { "chunks", "REPLACE INTO chunks SELECT * FROM chunks" },
        { "chunks", "INSERT OR REPLACE INTO chunks (rowid, batch, first_offset, record_count, accepted, warned, active, grace, lapsed, not_registered, possible_match, records, verdicts, committed_at) " +
                    "SELECT rowid, batch, first_offset + 100, record_count, 0, 0, 0, 0, 0, 0, 0, records, verdicts, committed_at FROM chunks" },
        { "accepted_niks", "INSERT OR REPLACE INTO accepted_niks SELECT * FROM accepted_niks" },
        { "accepted_niks", "INSERT OR REPLACE INTO accepted_niks (batch, nik, record_offset) SELECT batch, nik, record_offset + 1 FROM accepted_niks" },
        { "review_items", "INSERT OR REPLACE INTO review_items (batch, record_offset, chunk_offset, created_at) SELECT batch, record_offset, chunk_offset, created_at FROM review_items" },
        { "review_pairs", "INSERT OR REPLACE INTO review_pairs SELECT * FROM review_pairs" },
        { "registry_syncs", "INSERT OR REPLACE INTO registry_syncs SELECT * FROM registry_syncs" },
        { "registry_changes", "INSERT OR REPLACE INTO registry_changes SELECT * FROM registry_changes" },
        { "outcome_log", "INSERT OR REPLACE INTO outcome_log SELECT * FROM outcome_log" },
        { "outcome_log", "INSERT OR REPLACE INTO outcome_log (seq, nik, day, state) SELECT seq, nik + 1, day, state FROM outcome_log" },
    };

    [Theory]
    [MemberData(nameof(Replacements))]
    public async Task An_insert_that_would_replace_a_row_is_refused_and_the_row_stays(string table, string replace)
    {
        await FillAsync();
        var before = Dump(table);

        var refused = Assert.Throws<SqliteException>(() => Execute(replace));

        Assert.Contains("append-only", refused.Message);
        Assert.Equal(before, Dump(table));
    }

    [Theory]
    [InlineData("finishes")]
    [InlineData("review_decisions")]
    public async Task In_a_table_written_with_on_conflict_do_nothing_a_replacing_insert_changes_nothing(string table)
    {
        await FillAsync();
        var before = Dump(table);

        Execute($"INSERT OR REPLACE INTO {table} SELECT * FROM {table}");

        Assert.Equal(before, Dump(table));
    }

    /// <summary>A row in every append-only table: a batch with a chunk and a decided review, a registry sync, an audit entry, an outcome.</summary>
    private async Task FillAsync()
    {
        var database = SqliteDatabase.Open(DatabasePath);
        var ledger = new SqliteBatchLedger(database);
        var (batch, _) = await ledger.OpenAsync("DINSOS", "b1", Purpose.CoverageMatching, Now, default);
        await ledger.AppendChunkAsync(LedgerChunk.Create(batch.Key, 0, [Workers.Valid(1)],
            [new RecordVerdict([], MatchOutcome.PossibleMatch, Segment.Unspecified, 22, [], "3271012107850001")], Now), default);
        var review = Assert.Single(await ledger.ListReviewsAsync(0, 10, false, default)).Id;
        await ledger.DecideReviewAsync(review, ReviewDecision.SamePerson, MatchOutcome.Active, Segment.Bpu,
            new ReviewedPair(new WorkerIdentity("3271011705880001", "ASEP SAEPUDIN", "1988-05-17"), "3271012107850001", "ASEP", ReviewDecision.SamePerson),
            Now, default);
        await ledger.FinishAsync(batch.Key, Now, default);
        await new SqliteRegistryStore(database).AppendSyncAsync(new CompletedSync(SyncMode.Snapshot,
            [new Participant { Nik = "3271011705880001", FullName = "ASEP", BirthDate = "1988-05-17", Segment = Segment.Bpu, Status = ParticipantStatus.Active }],
            [], new SyncParticipantsResponse { ParticipantCount = 1 }, Now), default);
        await new SqliteAuditTrail(database).AppendAsync(new AuditEvent(Now, "dinsos", "Agency", "/m", null, 1, "OK", null), default);
        await new SqliteOutcomeLog(database).AppendAsync([new OutcomeLogEntry(0, 3271011705880001, DateOnly.FromDateTime(Now.Date), [1])], default);
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        SqliteDatabase.Execute(connection, sql);
    }

    private List<string> Dump(string table)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT rowid, * FROM {table} ORDER BY rowid";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i) is byte[] bytes ? Convert.ToHexString(bytes) : reader.GetValue(i).ToString())));
        }
        Assert.NotEmpty(rows);
        return rows;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
