using System.Text;
using Exchange.Core.Audit;
using Exchange.Server.Hosting;
using Exchange.Server.Security;
using Exchange.Server.Tests.Infrastructure;
using Exchange.Storage.Sqlite;
using Grpc.Core;
using Jamsostek.Exchange.V1;
using Microsoft.Data.Sqlite;

namespace Exchange.Server.Tests.Security;

/// <summary>
/// Someone who can write the database file tampers with the trail in SQLite itself. Replacing rows through conflicting
/// inserts is refused by the schema; an edit whose chain was recomputed, and entries cut from the end, are named by
/// audit-verify and by VerifyAuditTrail through the signed checkpoints, whose key is not in the database; and a gateway
/// neither starts on nor appends to a trail that was cut short, so no number is used twice.
/// </summary>
public sealed class AuditTamperTests : IDisposable
{
    private readonly TempDirectory _data = new("exchange-audit-tamper-");

    private string Database => _data.File("exchange.db");

    [Fact]
    public async Task Replacing_an_entry_or_a_chunk_through_a_conflicting_insert_is_refused_by_the_schema()
    {
        await RunAndStopAsync();

        foreach (var replace in new[]
                 {
                     "INSERT OR REPLACE INTO audit_entries SELECT sequence, at, 'forger', role, method, batch_id, record_count, outcome, detail, previous_hash, hash FROM audit_entries WHERE sequence = 2",
                     "REPLACE INTO chunks SELECT batch, first_offset, record_count, 0, warned, active, grace, lapsed, not_registered, possible_match, records, verdicts, committed_at, deceased FROM chunks",
                     "INSERT OR REPLACE INTO batches (agency, batch_id, purpose, opened_at) SELECT agency, batch_id, purpose, opened_at FROM batches",
                     "REPLACE INTO accepted_niks SELECT batch, nik, record_offset + 1 FROM accepted_niks",
                 })
        {
            var refused = Assert.Throws<SqliteException>(() => Sql(replace));
            Assert.Contains("append-only", refused.Message);
        }
        Assert.Equal(3L, Scalar("SELECT accepted FROM chunks"));
        Assert.Equal(3L, Scalar("SELECT SUM(record_offset) FROM accepted_niks"));
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM audit_entries WHERE caller = 'forger'"));
        Assert.Equal(0, (await VerifyAsync()).ExitCode);

        // Dropping the trigger first makes it an edit: the entry's own hash names it.
        Sql("DROP TRIGGER audit_entries_append_only_insert; " +
            "INSERT OR REPLACE INTO audit_entries SELECT sequence, at, 'forger', role, method, batch_id, record_count, outcome, detail, previous_hash, hash FROM audit_entries WHERE sequence = 2");
        var (exitCode, output) = await VerifyAsync();
        Assert.Equal(1, exitCode);
        Assert.StartsWith("audit trail broken at entry 2: its hash does not match its contents (the entry was altered)", output);
    }

    [Fact]
    public async Task An_edit_with_the_chain_recomputed_is_named_by_the_checkpoints_online_and_offline()
    {
        await using (var gateway = await RunningGateway.StartAsync(_data.Path, RunningGateway.OnSqlite))
        {
            await SubmitAsync(gateway);
            // Every few minutes by the gateway's clock, a checkpoint signs the head: here the entries above.
            gateway.Clock.Advance(TimeSpan.FromMinutes(5));
            var signed = LastEntry();

            // The attacker rewrites who submitted the batch and recomputes every hash after it, as anyone can.
            RewriteAndRehash(fromSequence: 2, entry => entry with { Caller = "dinkop" });
            Assert.True((await ChainAlone()).Intact, "the recomputed chain links by itself");

            var online = await new AuditService.AuditServiceClient(gateway.As(TestCallers.Admin))
                .VerifyAuditTrailAsync(new VerifyAuditTrailRequest()).ResponseAsync.Within();
            Assert.False(online.Intact);
            Assert.Equal(1, online.FirstBrokenSequence);
            Assert.Equal($"entries 1 to {signed} were rewritten and re-hashed: entry {signed}'s hash is not the one signed in the checkpoint of 2025-06-20 05:05:00 UTC",
                online.Problem);
        }

        var (exitCode, output) = await VerifyAsync();
        Assert.Equal(1, exitCode);
        Assert.Contains("were rewritten and re-hashed", output);
    }

    [Fact]
    public async Task Entries_cut_from_the_end_are_named_and_the_gateway_refuses_to_start_on_the_shorter_trail()
    {
        var last = await RunAndStopAsync();

        Sql($"DROP TRIGGER audit_entries_append_only_delete; DELETE FROM audit_entries WHERE sequence > {last - 2}");
        Assert.True((await ChainAlone()).Intact, "what is left still links");

        var (exitCode, output) = await VerifyAsync();
        Assert.Equal(1, exitCode);
        Assert.Equal($"audit trail broken at entry {last - 1}: the trail ends at entry {last - 2}, but the checkpoint of 2025-06-20 05:00:00 UTC " +
            $"signed entry {last}: entries {last - 1} to {last} were removed (truncated); the {last - 2} entries before it hold{Environment.NewLine}", output);
        var refused = await Assert.ThrowsAsync<GatewayStartRefusedException>(() => RunningGateway.StartAsync(_data.Path, RunningGateway.OnSqlite));
        Assert.Contains($"the trail ends at entry {last - 2}, but the checkpoint of 2025-06-20 05:00:00Z signed entry {last}", refused.Message);
        Assert.Equal(last - 2, LastEntry());
    }

    [Fact]
    public async Task A_running_gateway_whose_trail_is_cut_appends_nothing_rather_than_reuse_the_numbers()
    {
        var logs = new CapturedLogs();
        await using var gateway = await RunningGateway.StartAsync(_data.Path, logs, null, RunningGateway.OnSqlite);
        await SubmitAsync(gateway);
        var last = LastEntry();

        Sql($"DROP TRIGGER audit_entries_append_only_delete; DELETE FROM audit_entries WHERE sequence > {last - 2}");
        await gateway.Submission.GetBatchAsync(new GetBatchRequest { BatchId = "tamper" }).ResponseAsync.Within();

        Assert.Equal(last - 2, LastEntry());
        Assert.Contains(logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal)
            && line.Contains($"The audit trail ends at entry {last - 2}, but it had entry {last}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_key_that_signs_checkpoints_is_not_in_the_database_and_a_checkpoint_signed_without_it_is_named()
    {
        var last = await RunAndStopAsync();
        var keyFile = _data.File("audit.key");
        var checkpoints = _data.File("audit-checkpoints.log");
        var key = Convert.FromHexString((await File.ReadAllTextAsync(keyFile)).Trim());
        using (HeldDatabase.Open(Database))
        {
            foreach (var file in Directory.GetFiles(_data.Path, "exchange.db*"))
            {
                var bytes = await File.ReadAllBytesAsync(file);
                Assert.Equal(-1, bytes.AsSpan().IndexOf(key));
                Assert.DoesNotContain(Convert.ToHexStringLower(key), Encoding.Latin1.GetString(bytes), StringComparison.OrdinalIgnoreCase);
            }
        }
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(checkpoints));
        }

        // Cut the trail and sign a checkpoint for its new end with a key of one's own.
        Sql($"DROP TRIGGER audit_entries_append_only_delete; DELETE FROM audit_entries WHERE sequence > {last - 1}");
        var end = (await ChainAlone()).EntriesChecked;
        var hash = (string)Scalar($"SELECT hash FROM audit_entries WHERE sequence = {end}")!;
        using (var other = new TempDirectory())
        {
            var forged = AuditCheckpoint.Sign(AuditKey.Create(other.File("forger.key")), end, hash, DateTimeOffset.UnixEpoch);
            await File.AppendAllTextAsync(checkpoints, forged.ToLine() + "\n");
        }
        var lines = (await File.ReadAllLinesAsync(checkpoints)).Length;

        var (exitCode, output) = await VerifyAsync();
        Assert.Equal(1, exitCode);
        Assert.Equal($"audit trail not verified: the checkpoint on line {lines} of {checkpoints} (entry {end}) is not signed by the audit key: " +
            $"the checkpoint file was altered, or a checkpoint was forged{Environment.NewLine}", output);
    }

    /// <summary>A gateway over the test's directory: a batch, a read, a refused call; stopped, so its last checkpoint signs its last entry.</summary>
    private async Task<long> RunAndStopAsync()
    {
        await using (var gateway = await RunningGateway.StartAsync(_data.Path, RunningGateway.OnSqlite))
        {
            await SubmitAsync(gateway);
        }
        return LastEntry();
    }

    private static async Task SubmitAsync(RunningGateway gateway)
    {
        using (var stream = await SubmitStream.OpenAsync(gateway.Submission, "tamper"))
        {
            await stream.SendAsync(0, Workers.ValidMany(3));
            await stream.FinishAsync();
        }
        await gateway.Submission.GetBatchAsync(new GetBatchRequest { BatchId = "tamper" }).ResponseAsync.Within();
        var denied = await Assert.ThrowsAsync<RpcException>(() => new SubmissionService.SubmissionServiceClient(gateway.As(TestCallers.Bpjs))
            .GetBatchAsync(new GetBatchRequest { BatchId = "tamper" }).ResponseAsync.Within());
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }

    private long LastEntry() => (long)Scalar("SELECT MAX(sequence) FROM audit_entries")!;

    /// <summary>Rewrites entries from <paramref name="fromSequence"/> on and recomputes their chain: the attacker knows the algorithm, not the key.</summary>
    private void RewriteAndRehash(long fromSequence, Func<AuditEvent, AuditEvent> edit)
    {
        var entries = new SqliteAuditTrail(SqliteDatabase.Open(Database)).ReadAsync(0, int.MaxValue, default).ToBlockingEnumerable().ToList();
        var previous = entries.Single(e => e.Sequence == fromSequence - 1).Hash;
        var sql = new StringBuilder("DROP TRIGGER audit_entries_append_only_update;");
        foreach (var entry in entries.Where(e => e.Sequence >= fromSequence))
        {
            var changed = entry.Sequence == fromSequence ? edit(entry.Event) : entry.Event;
            var hash = AuditChain.Hash(previous, entry.Sequence, changed);
            sql.Append($"UPDATE audit_entries SET caller = '{changed.Caller}', previous_hash = '{previous}', hash = '{hash}' WHERE sequence = {entry.Sequence};");
            previous = hash;
        }
        Sql(sql.ToString());
    }

    private Task<AuditVerification> ChainAlone() => new SqliteAuditTrail(SqliteDatabase.Open(Database)).VerifyAsync(default);

    private async Task<(int ExitCode, string Output)> VerifyAsync()
    {
        using var configuration = GatewayConfiguration.Read(["--data", _data.Path]);
        var output = new StringWriter();
        var exitCode = await AuditVerifyCommand.RunAsync(GatewayOptions.Read(configuration).DatabasePath, AuditSettings.Read(configuration), output);
        return (exitCode, output.ToString());
    }

    private void Sql(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        SqliteDatabase.Execute(connection, sql);
    }

    private object? Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
