using Exchange.Core.Audit;
using Exchange.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Exchange.Storage.Tests;

public sealed class SqliteAuditTrailTests : IDisposable
{
    private const string Nik = "3271014512900001";
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("exchange-audit-").FullName;
    private string DatabasePath => Path.Combine(_directory, "gateway.db");

    [Fact]
    public async Task A_chain_of_hundreds_of_entries_verifies_and_reads_back_as_appended()
    {
        var trail = new SqliteAuditTrail(SqliteDatabase.Open(DatabasePath));
        var appended = await AppendAsync(trail, 300);

        var verification = await trail.VerifyAsync(default);
        var read = new List<AuditEntry>();
        for (var after = 0L; read.Count < 300; after = read[^1].Sequence)
        {
            read.AddRange(await ToListAsync(trail.ReadAsync(after, 128, default)));
        }

        Assert.Equal(new AuditVerification(true, 300, null, null), verification);
        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), appended.Select(e => e.Sequence));
        Assert.Equal(AuditChain.GenesisHash, appended[0].PreviousHash);
        Assert.Equal(appended, read);
        Assert.Empty(await ToListAsync(trail.ReadAsync(300, 10, default)));
    }

    [Fact]
    public async Task An_empty_trail_is_intact()
    {
        var trail = new SqliteAuditTrail(SqliteDatabase.Open(DatabasePath));

        Assert.Equal(new AuditVerification(true, 0, null, null), await trail.VerifyAsync(default));
    }

    [Fact]
    public async Task A_reopened_database_continues_the_chain()
    {
        await AppendAsync(new SqliteAuditTrail(SqliteDatabase.Open(DatabasePath)), 5);
        var reopened = new SqliteAuditTrail(SqliteDatabase.Open(DatabasePath));

        var next = await reopened.AppendAsync(Event(6), default);

        Assert.Equal(6, next.Sequence);
        Assert.True((await reopened.VerifyAsync(default)).Intact);
    }

    [Fact]
    public async Task Updates_and_deletes_are_refused()
    {
        var database = SqliteDatabase.Open(DatabasePath);
        await AppendAsync(new SqliteAuditTrail(database), 2);
        using var connection = database.Connect();

        Assert.Throws<SqliteException>(() => SqliteDatabase.Execute(connection, "UPDATE audit_entries SET caller = 'x' WHERE sequence = 1"));
        Assert.Throws<SqliteException>(() => SqliteDatabase.Execute(connection, "DELETE FROM audit_entries WHERE sequence = 2"));
    }

    [Theory]
    [InlineData("at", "'2026-12-01T00:00:00.0000000Z'")]
    [InlineData("at", "'not a time'")]
    [InlineData("caller", "'DISNAKER'")]
    [InlineData("role", "'admin'")]
    [InlineData("method", "'/jamsostek.exchange.v1.SubmissionService/GetBatch'")]
    [InlineData("batch_id", "'b-other'")]
    [InlineData("batch_id", "NULL")]
    [InlineData("record_count", "record_count + 1")]
    [InlineData("outcome", "'INTERNAL'")]
    [InlineData("detail", "detail || ' '")]
    [InlineData("detail", "NULL")]
    [InlineData("previous_hash", "upper(previous_hash)")]
    [InlineData("hash", "upper(hash)")]
    public async Task Altering_any_field_of_one_entry_names_that_entry(string column, string value)
    {
        var trail = new SqliteAuditTrail(SqliteDatabase.Open(DatabasePath));
        await AppendAsync(trail, 300);
        Tamper($"UPDATE audit_entries SET {column} = {value} WHERE sequence = 137");

        var verification = await trail.VerifyAsync(default);

        Assert.False(verification.Intact);
        Assert.Equal(137, verification.FirstBrokenSequence);
        Assert.Equal(136, verification.EntriesChecked);
        Assert.NotEmpty(verification.Problem!);
    }

    [Fact]
    public async Task A_deleted_entry_is_named_by_the_gap()
    {
        var trail = new SqliteAuditTrail(SqliteDatabase.Open(DatabasePath));
        await AppendAsync(trail, 200);
        Tamper("DELETE FROM audit_entries WHERE sequence = 50");

        var verification = await trail.VerifyAsync(default);

        Assert.Equal(new AuditVerification(false, 49, 51, "entry 50 is missing"), verification);
    }

    [Fact]
    public async Task A_deleted_first_entry_is_detected()
    {
        var trail = new SqliteAuditTrail(SqliteDatabase.Open(DatabasePath));
        await AppendAsync(trail, 10);
        Tamper("DELETE FROM audit_entries WHERE sequence = 1");

        var verification = await trail.VerifyAsync(default);

        Assert.Equal(new AuditVerification(false, 0, 2, "entry 1 is missing"), verification);
    }

    [Fact]
    public async Task A_deleted_entry_with_the_rest_renumbered_is_detected()
    {
        var trail = new SqliteAuditTrail(SqliteDatabase.Open(DatabasePath));
        await AppendAsync(trail, 100);
        Tamper("""
            DELETE FROM audit_entries WHERE sequence = 40;
            UPDATE audit_entries SET sequence = sequence + 1000000 WHERE sequence > 40;
            UPDATE audit_entries SET sequence = sequence - 1000001 WHERE sequence > 1000000;
            """);

        var verification = await trail.VerifyAsync(default);

        Assert.False(verification.Intact);
        Assert.Equal(40, verification.FirstBrokenSequence);
    }

    [Fact]
    public async Task Two_entries_with_swapped_contents_are_detected()
    {
        var trail = new SqliteAuditTrail(SqliteDatabase.Open(DatabasePath));
        await AppendAsync(trail, 100);
        const string Columns = "at, caller, role, method, batch_id, record_count, outcome, detail, previous_hash, hash";
        Tamper($"""
            CREATE TEMP TABLE saved AS SELECT sequence, {Columns} FROM audit_entries WHERE sequence IN (30, 70);
            UPDATE audit_entries SET ({Columns}) = (SELECT {Columns} FROM saved WHERE saved.sequence = 100 - audit_entries.sequence)
            WHERE sequence IN (30, 70);
            """);

        var verification = await trail.VerifyAsync(default);

        Assert.False(verification.Intact);
        Assert.Equal(30, verification.FirstBrokenSequence);
        Assert.Equal(29, verification.EntriesChecked);
    }

    [Fact]
    public async Task An_entry_inserted_with_a_correct_hash_of_its_own_is_detected_at_the_next()
    {
        var trail = new SqliteAuditTrail(SqliteDatabase.Open(DatabasePath));
        var appended = await AppendAsync(trail, 100);
        var forged = Event(1000) with { Caller = "forger" };
        var hash = AuditChain.Hash(appended[59].Hash, 61, forged);
        Tamper($"""
            UPDATE audit_entries SET sequence = sequence + 1000000 WHERE sequence > 60;
            UPDATE audit_entries SET sequence = sequence - 999999 WHERE sequence > 1000000;
            INSERT INTO audit_entries (sequence, at, caller, role, method, batch_id, record_count, outcome, detail, previous_hash, hash)
            VALUES (61, '{SqliteDatabase.Timestamp(forged.At)}', 'forger', '{forged.Role}', '{forged.Method}', '{forged.BatchId}',
                    {forged.RecordCount}, '{forged.Outcome}', '{forged.Detail}', '{appended[59].Hash}', '{hash}');
            """);

        var verification = await trail.VerifyAsync(default);

        Assert.False(verification.Intact);
        Assert.Equal(62, verification.FirstBrokenSequence);
        Assert.Contains("not the hash of entry 61", verification.Problem);
    }

    [Fact]
    public async Task Appends_from_many_threads_make_one_unbroken_chain()
    {
        var trail = new SqliteAuditTrail(SqliteDatabase.Open(DatabasePath));

        var entries = await Task.WhenAll(Enumerable.Range(1, 200).Select(i => Task.Run(() => trail.AppendAsync(Event(i), default))));

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), entries.Select(e => e.Sequence).Order());
        Assert.Equal(new AuditVerification(true, 200, null, null), await trail.VerifyAsync(default));
    }

    [Fact]
    public async Task Two_gateways_on_one_file_do_not_fork_the_chain()
    {
        // Separate instances, as two processes would be: each with its own lock and cached last hash.
        var one = new SqliteAuditTrail(SqliteDatabase.Open(DatabasePath));
        var other = new SqliteAuditTrail(SqliteDatabase.Open(DatabasePath));
        await one.AppendAsync(Event(0), default);
        await other.AppendAsync(Event(0), default);

        await Task.WhenAll(Enumerable.Range(1, 100).Select(i => Task.Run(() => (i % 2 == 0 ? one : other).AppendAsync(Event(i), default))));

        Assert.Equal(new AuditVerification(true, 102, null, null), await one.VerifyAsync(default));
    }

    [Fact]
    public async Task A_nik_in_the_detail_is_masked_before_it_is_stored()
    {
        var trail = new SqliteAuditTrail(SqliteDatabase.Open(DatabasePath));

        var entry = await trail.AppendAsync(Event(1) with { Detail = $"duplicate of {Nik} at offset 12" }, default);

        Assert.Equal("duplicate of 3271**********01 at offset 12", entry.Event.Detail);
        Assert.Equal(entry, Assert.Single(await ToListAsync(trail.ReadAsync(0, 10, default))));
        foreach (var file in Directory.GetFiles(_directory, "gateway.db*"))
        {
            // Latin-1 keeps every byte: the NIK's digits would show wherever SQLite wrote them.
            Assert.DoesNotContain(Nik, System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file)));
        }
        Assert.True((await trail.VerifyAsync(default)).Intact);
    }

    private static Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items) => items.ToListAsync().AsTask();

    private static AuditEvent Event(int i) => new(Start.AddSeconds(i), i % 2 == 0 ? "DINKOP" : "DINSOS", "agency",
        "/jamsostek.exchange.v1.SubmissionService/Submit", $"b-{i / 10}", i * 10, i % 7 == 0 ? "PERMISSION_DENIED" : "OK", $"chunk {i}");

    private static async Task<List<AuditEntry>> AppendAsync(IAuditTrail trail, int count)
    {
        var entries = new List<AuditEntry>();
        for (var i = 1; i <= count; i++)
        {
            entries.Add(await trail.AppendAsync(Event(i), default));
        }
        return entries;
    }

    private void Tamper(string sql) => Tampering.Run(DatabasePath, sql);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
