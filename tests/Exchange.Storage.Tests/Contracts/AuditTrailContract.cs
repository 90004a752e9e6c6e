using System.Data.Common;
using Exchange.Core.Audit;
using Exchange.Storage.Tests.Engines;

namespace Exchange.Storage.Tests.Contracts;

/// <summary>What every engine's <see cref="IAuditTrail"/> must do, and what its verification must catch.</summary>
public abstract class AuditTrailContract(Func<Task<TestStorage>> create) : StorageContract(create)
{
    private const string Nik = "3271014512900001";
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private IAuditTrail Trail => Opened.Trail;

    [SkippableFact]
    public async Task A_chain_of_hundreds_of_entries_verifies_and_reads_back_as_appended()
    {
        var appended = await AppendAsync(Trail, 300);

        var verification = await Trail.VerifyAsync(default);
        var read = new List<AuditEntry>();
        for (var after = 0L; read.Count < 300; after = read[^1].Sequence)
        {
            read.AddRange(await Trail.ReadAsync(after, 128, default).ToListAsync());
        }

        Assert.Equal(new AuditVerification(true, 300, null, null), verification);
        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), appended.Select(e => e.Sequence));
        Assert.Equal(AuditChain.GenesisHash, appended[0].PreviousHash);
        Assert.Equal(appended, read);
        Assert.Equal(appended[^1], await Trail.ReadLastAsync(default));
        Assert.Empty(await Trail.ReadAsync(300, 10, default).ToListAsync());
    }

    [SkippableFact]
    public async Task An_empty_trail_is_intact()
    {
        Assert.Equal(new AuditVerification(true, 0, null, null), await Trail.VerifyAsync(default));
        Assert.Null(await Trail.ReadLastAsync(default));
    }

    [SkippableFact]
    public async Task An_instant_finer_than_the_store_keeps_is_hashed_as_it_reads_back()
    {
        var entry = await Trail.AppendAsync(Event(1) with { At = Start.AddTicks(1_234_567) }, default);

        Assert.Equal(entry, await Trail.ReadLastAsync(default));
        Assert.True((await Trail.VerifyAsync(default)).Intact);
    }

    [SkippableFact]
    public async Task Text_a_store_cannot_keep_as_sent_reads_back_as_it_was_hashed()
    {
        // A caller's batch id goes into the entry before it is validated: a NUL, a lone surrogate.
        var entry = await Trail.AppendAsync(Event(1) with { BatchId = "ab\0cd", Detail = "x\uD800y" }, default);

        var stored = (await Trail.ReadLastAsync(default))!;
        Assert.Equal(entry.Hash, AuditChain.Hash(stored.PreviousHash, stored.Sequence, stored.Event));
        Assert.True((await Trail.VerifyAsync(default)).Intact);
        Assert.Equal("x\uFFFDy", stored.Event.Detail);
    }

    [SkippableFact]
    public async Task Entries_are_found_by_method_and_the_exact_start_of_their_detail()
    {
        await Trail.AppendAsync(Event(1) with { Method = "/m", Detail = "review 1: SamePerson" }, default);
        await Trail.AppendAsync(Event(2) with { Method = "/m", Detail = "review 12: DifferentPerson" }, default);
        await Trail.AppendAsync(Event(3) with { Method = "/other", Detail = "review 1: SamePerson" }, default);
        await Trail.AppendAsync(Event(4) with { Method = "/m", Detail = "review_%: x" }, default);
        await Trail.AppendAsync(Event(5) with { Method = "/m", Detail = null }, default);

        Assert.Equal([1L, 2], await Trail.FindAsync("/m", "review 1", default).Select(e => e.Sequence).ToListAsync());
        Assert.Equal([4L], await Trail.FindAsync("/m", "review_%", default).Select(e => e.Sequence).ToListAsync());
    }

    [SkippableFact]
    public async Task A_reopened_database_continues_the_chain()
    {
        await AppendAsync(Trail, 5);
        var reopened = (await Storage.OpenAsync()).Trail;

        var next = await reopened.AppendAsync(Event(6), default);

        Assert.Equal(6, next.Sequence);
        Assert.True((await reopened.VerifyAsync(default)).Intact);
    }

    [SkippableFact]
    public async Task Updates_and_deletes_are_refused()
    {
        await AppendAsync(Trail, 2);

        Assert.Contains("append-only", (await Assert.ThrowsAnyAsync<DbException>(() =>
            Storage.ExecuteAsync("UPDATE audit_entries SET caller = 'x' WHERE sequence = 1"))).Message);
        Assert.Contains("append-only", (await Assert.ThrowsAnyAsync<DbException>(() =>
            Storage.ExecuteAsync("DELETE FROM audit_entries WHERE sequence = 2"))).Message);
    }

    [SkippableTheory]
    [InlineData("at", "'2026-12-01T00:00:00.0000000Z'")]
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
        await AppendAsync(Trail, 300);
        await Storage.TamperAsync($"UPDATE audit_entries SET {column} = {value} WHERE sequence = 137");

        var verification = await Trail.VerifyAsync(default);

        Assert.False(verification.Intact);
        Assert.Equal(137, verification.FirstBrokenSequence);
        Assert.Equal(136, verification.EntriesChecked);
        Assert.NotEmpty(verification.Problem!);
    }

    [SkippableFact]
    public async Task A_deleted_entry_is_named_by_the_gap()
    {
        await AppendAsync(Trail, 200);
        await Storage.TamperAsync("DELETE FROM audit_entries WHERE sequence = 50");

        Assert.Equal(new AuditVerification(false, 49, 51, "entry 50 is missing"), await Trail.VerifyAsync(default));
    }

    [SkippableFact]
    public async Task A_deleted_first_entry_is_detected()
    {
        await AppendAsync(Trail, 10);
        await Storage.TamperAsync("DELETE FROM audit_entries WHERE sequence = 1");

        Assert.Equal(new AuditVerification(false, 0, 2, "entry 1 is missing"), await Trail.VerifyAsync(default));
    }

    [SkippableFact]
    public async Task A_deleted_entry_with_the_rest_renumbered_is_detected()
    {
        await AppendAsync(Trail, 100);
        await Storage.TamperAsync("""
            DELETE FROM audit_entries WHERE sequence = 40;
            UPDATE audit_entries SET sequence = sequence + 1000000 WHERE sequence > 40;
            UPDATE audit_entries SET sequence = sequence - 1000001 WHERE sequence > 1000000;
            """);

        var verification = await Trail.VerifyAsync(default);

        Assert.False(verification.Intact);
        Assert.Equal(40, verification.FirstBrokenSequence);
    }

    [SkippableFact]
    public async Task Two_entries_with_swapped_contents_are_detected()
    {
        await AppendAsync(Trail, 100);
        const string Columns = "at, caller, role, method, batch_id, record_count, outcome, detail, previous_hash, hash";
        await Storage.TamperAsync($"""
            CREATE TEMP TABLE saved AS SELECT sequence, {Columns} FROM audit_entries WHERE sequence IN (30, 70);
            UPDATE audit_entries SET ({Columns}) = (SELECT {Columns} FROM saved WHERE saved.sequence = 100 - audit_entries.sequence)
            WHERE sequence IN (30, 70);
            """);

        var verification = await Trail.VerifyAsync(default);

        Assert.False(verification.Intact);
        Assert.Equal(30, verification.FirstBrokenSequence);
        Assert.Equal(29, verification.EntriesChecked);
    }

    [SkippableFact]
    public async Task An_entry_inserted_with_a_correct_hash_of_its_own_is_detected_at_the_next()
    {
        var appended = await AppendAsync(Trail, 100);
        var forged = Event(1000) with { Caller = "forger" };
        var hash = AuditChain.Hash(appended[59].Hash, 61, forged);
        await Storage.TamperAsync($"""
            UPDATE audit_entries SET sequence = sequence + 1000000 WHERE sequence > 60;
            UPDATE audit_entries SET sequence = sequence - 999999 WHERE sequence > 1000000;
            INSERT INTO audit_entries (sequence, at, caller, role, method, batch_id, record_count, outcome, detail, previous_hash, hash)
            VALUES (61, {Storage.Literal(forged.At)}, 'forger', '{forged.Role}', '{forged.Method}', '{forged.BatchId}',
                    {forged.RecordCount}, '{forged.Outcome}', '{forged.Detail}', '{appended[59].Hash}', '{hash}');
            """);

        var verification = await Trail.VerifyAsync(default);

        Assert.False(verification.Intact);
        Assert.Equal(62, verification.FirstBrokenSequence);
        Assert.Contains("not the hash of entry 61", verification.Problem);
    }

    [SkippableFact]
    public async Task Appends_from_many_threads_make_one_unbroken_chain()
    {
        var entries = await Task.WhenAll(Enumerable.Range(1, 200).Select(i => Task.Run(() => Trail.AppendAsync(Event(i), default))));

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), entries.Select(e => e.Sequence).Order());
        Assert.Equal(new AuditVerification(true, 200, null, null), await Trail.VerifyAsync(default));
    }

    [SkippableFact]
    public async Task Two_gateways_on_one_database_do_not_fork_the_chain()
    {
        // Separate stores, as two processes would have: each with its own lock and what it knows of the head.
        var other = (await Storage.OpenAsync()).Trail;
        await Trail.AppendAsync(Event(0), default);
        await other.AppendAsync(Event(0), default);

        await Task.WhenAll(Enumerable.Range(1, 100).Select(i => Task.Run(() => (i % 2 == 0 ? Trail : other).AppendAsync(Event(i), default))));

        Assert.Equal(new AuditVerification(true, 102, null, null), await Trail.VerifyAsync(default));
    }

    [SkippableFact]
    public async Task A_nik_in_the_detail_is_masked_before_it_is_stored()
    {
        var entry = await Trail.AppendAsync(Event(1) with { Detail = $"duplicate of {Nik} at offset 12" }, default);

        Assert.Equal("duplicate of 3271**********01 at offset 12", entry.Event.Detail);
        Assert.Equal(entry, Assert.Single(await Trail.ReadAsync(0, 10, default).ToListAsync()));
        Assert.False(await Storage.StoredAuditContainsAsync(Nik));
        Assert.True((await Trail.VerifyAsync(default)).Intact);
    }

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
}

public sealed class SqliteAuditTrailTests() : AuditTrailContract(SqliteStorage.CreateAsync)
{
    [Fact]
    public async Task A_time_that_is_no_time_names_its_entry()
    {
        // SQLite keeps times as text, so a hand-edited row can hold anything there; PostgreSQL's timestamptz cannot.
        await using var storage = new SqliteStorage();
        var trail = (await storage.OpenAsync()).Trail;
        for (var i = 1; i <= 3; i++)
        {
            await trail.AppendAsync(new AuditEvent(new DateTimeOffset(2026, 11, 30, 8, 0, i, TimeSpan.Zero), "DINKOP", "agency", "/m", null, 1, "OK", null), default);
        }
        await storage.TamperAsync("UPDATE audit_entries SET at = 'not a time' WHERE sequence = 2");

        var verification = await trail.VerifyAsync(default);

        Assert.Equal((false, 1L, 2L), (verification.Intact, verification.EntriesChecked, verification.FirstBrokenSequence));
        Assert.Contains("does not read back", verification.Problem);
    }
}

public sealed class PostgresAuditTrailTests() : AuditTrailContract(PostgresStorage.CreateAsync);
