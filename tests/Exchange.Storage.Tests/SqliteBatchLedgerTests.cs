using Exchange.Core.Batches;
using Exchange.Core.Validation;
using Exchange.Storage;
using Exchange.Storage.Sqlite;
using Jamsostek.Exchange.V1;
using Microsoft.Data.Sqlite;

namespace Exchange.Storage.Tests;

public sealed class SqliteBatchLedgerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("exchange-ledger-").FullName;
    private string DatabasePath => Path.Combine(_directory, "ledger.db");

    [Fact]
    public async Task Opening_twice_returns_the_same_batch_and_ids_are_per_agency()
    {
        var ledger = new SqliteBatchLedger(SqliteDatabase.Open(DatabasePath));
        var (first, created) = await ledger.OpenAsync("DINKOP", "b1", Purpose.CoverageMatching, Now, default);
        var (again, createdAgain) = await ledger.OpenAsync("DINKOP", "b1", Purpose.CoverageMatching, Now, default);
        var (other, createdOther) = await ledger.OpenAsync("DINSOS", "b1", Purpose.CoverageMatching, Now, default);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.True(createdOther);
        Assert.Equal(first.Key, again.Key);
        Assert.NotEqual(first.Key, other.Key);
        Assert.Null(await ledger.FindAsync("DINSOS", "b2", default));
    }

    [Fact]
    public async Task Chunks_append_at_the_committed_offset_only()
    {
        var ledger = new SqliteBatchLedger(SqliteDatabase.Open(DatabasePath));
        var (batch, _) = await ledger.OpenAsync("DINKOP", "b1", Purpose.CoverageMatching, Now, default);
        await ledger.AppendChunkAsync(batch.Key, 0, Records(3), Verdicts(3), Now, default);

        var conflict = await Assert.ThrowsAsync<OffsetConflictException>(() =>
            ledger.AppendChunkAsync(batch.Key, 0, Records(2), Verdicts(2), Now, default));
        Assert.Equal(3, conflict.CommittedOffset);
        await Assert.ThrowsAsync<OffsetConflictException>(() => ledger.AppendChunkAsync(batch.Key, 5, Records(2), Verdicts(2), Now, default));

        await ledger.AppendChunkAsync(batch.Key, 3, Records(2), Verdicts(2), Now, default);
        var stored = (await ledger.FindAsync("DINKOP", "b1", default))!;
        Assert.Equal(5, stored.CommittedOffset);
    }

    [Fact]
    public async Task Verdicts_read_back_exactly_and_by_offset_range()
    {
        var ledger = new SqliteBatchLedger(SqliteDatabase.Open(DatabasePath));
        var (batch, _) = await ledger.OpenAsync("DINKOP", "b1", Purpose.CoverageMatching, Now, default);
        var verdicts = new[]
        {
            new RecordVerdict([Finding.Warning("nik", ViolationCodes.NikRegionOutsideCity, "3201", "Kota Bogor")],
                MatchOutcome.Grace, Segment.Bpu, 12.5, [MatchReason.NikExact, MatchReason.NameAgrees]),
            RecordVerdict.Rejected([Finding.Error("full_name", ViolationCodes.NameRequired)]),
            new RecordVerdict([], MatchOutcome.NotRegistered, Segment.Unspecified, -3, [MatchReason.NoCandidate]),
        };
        await ledger.AppendChunkAsync(batch.Key, 0, Records(2), verdicts[..2], Now, default);
        await ledger.AppendChunkAsync(batch.Key, 2, Records(1, first: 50), verdicts[2..], Now, default);

        var all = await ReadAsync(ledger, batch.Key, 0, 3);
        Assert.Equal([0L, 1, 2], all.Select(v => v.Offset));
        for (var i = 0; i < 3; i++)
        {
            AssertSameVerdict(verdicts[i], all[i].Verdict);
        }
        Assert.Equal([1L, 2], (await ReadAsync(ledger, batch.Key, 1, 3)).Select(v => v.Offset));
        Assert.Equal([1L], (await ReadAsync(ledger, batch.Key, 1, 2)).Select(v => v.Offset));

        var counted = (await ledger.FindAsync("DINKOP", "b1", default))!.Counts;
        Assert.Equal(3, counted.Records);
        Assert.Equal(2, counted.Accepted);
        Assert.Equal(1, counted.Rejected);
        Assert.Equal(1, counted.Warned);
        Assert.Equal(1, counted.Outcomes[MatchOutcome.Grace]);
        Assert.Equal(1, counted.Outcomes[MatchOutcome.NotRegistered]);
    }

    [Fact]
    public async Task Accepted_niks_are_kept_with_their_offsets_for_duplicate_checks()
    {
        var ledger = new SqliteBatchLedger(SqliteDatabase.Open(DatabasePath));
        var (batch, _) = await ledger.OpenAsync("DINKOP", "b1", Purpose.CoverageMatching, Now, default);
        var verdicts = Verdicts(3);
        verdicts[1] = RecordVerdict.Rejected([Finding.Error("full_name", ViolationCodes.NameRequired)]);
        var records = Records(3);
        await ledger.AppendChunkAsync(batch.Key, 0, records, verdicts, Now, default);

        var niks = await ledger.ReadAcceptedNiksAsync(batch.Key, default);
        Assert.Equal(2, niks.Count);
        Assert.Equal(0, niks[long.Parse(records[0].Nik)]);
        Assert.Equal(2, niks[long.Parse(records[2].Nik)]);
    }

    [Fact]
    public async Task The_ledger_refuses_updates_and_deletes()
    {
        var ledger = new SqliteBatchLedger(SqliteDatabase.Open(DatabasePath));
        var (batch, _) = await ledger.OpenAsync("DINKOP", "b1", Purpose.CoverageMatching, Now, default);
        await ledger.AppendChunkAsync(batch.Key, 0, Records(1), Verdicts(1), Now, default);
        await ledger.FinishAsync(batch.Key, Now, default);

        using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        foreach (var sql in new[]
                 {
                     "UPDATE chunks SET accepted = 0", "DELETE FROM chunks", "UPDATE batches SET agency = 'X'",
                     "DELETE FROM batches", "DELETE FROM finishes",
                 })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var error = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
            Assert.Contains("append-only", error.Message);
        }
    }

    [Fact]
    public async Task Finishing_is_recorded_once_and_survives_reopening_the_file()
    {
        var ledger = new SqliteBatchLedger(SqliteDatabase.Open(DatabasePath));
        var (batch, _) = await ledger.OpenAsync("DINKOP", "b1", Purpose.ApbdEnrollment, Now, default);
        await ledger.AppendChunkAsync(batch.Key, 0, Records(2), Verdicts(2), Now, default);
        var finished = await ledger.FinishAsync(batch.Key, Now, default);
        var finishedLater = await ledger.FinishAsync(batch.Key, Now.AddHours(1), default);
        Assert.Equal(Now, finished.FinishedAt);
        Assert.Equal(Now, finishedLater.FinishedAt);

        SqliteConnection.ClearAllPools();
        var reopened = new SqliteBatchLedger(SqliteDatabase.Open(DatabasePath));
        var stored = (await reopened.FindAsync("DINKOP", "b1", default))!;
        Assert.True(stored.IsFinished);
        Assert.Equal(2, stored.CommittedOffset);
        Assert.Equal(Purpose.ApbdEnrollment, stored.Purpose);
        Assert.True(await reopened.IsReachableAsync(default));
    }

    private static async Task<List<StoredVerdict>> ReadAsync(SqliteBatchLedger ledger, long key, long from, long to)
    {
        var list = new List<StoredVerdict>();
        await foreach (var verdict in ledger.ReadVerdictsAsync(key, from, to, default))
        {
            list.Add(verdict);
        }
        return list;
    }

    private static void AssertSameVerdict(RecordVerdict expected, RecordVerdict actual)
    {
        Assert.Equal(expected.Outcome, actual.Outcome);
        Assert.Equal(expected.Segment, actual.Segment);
        Assert.Equal(expected.Score, actual.Score);
        Assert.Equal(expected.Reasons, actual.Reasons);
        Assert.Equal(expected.Findings.Count, actual.Findings.Count);
        for (var i = 0; i < expected.Findings.Count; i++)
        {
            Assert.Equal(expected.Findings[i].Field, actual.Findings[i].Field);
            Assert.Equal(expected.Findings[i].Code, actual.Findings[i].Code);
            Assert.Equal(expected.Findings[i].Severity, actual.Findings[i].Severity);
            Assert.Equal(expected.Findings[i].Arguments, actual.Findings[i].Arguments);
        }
    }

    private static WorkerRecord[] Records(int count, int first = 1) =>
        Enumerable.Range(first, count).Select(i => new WorkerRecord { Nik = $"327101170588{i:0000}", FullName = "Asep" }).ToArray();

    private static RecordVerdict[] Verdicts(int count) =>
        Enumerable.Range(0, count).Select(_ => new RecordVerdict([], MatchOutcome.Unspecified, Segment.Unspecified, 0, [])).ToArray();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
