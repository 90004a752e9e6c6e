using Exchange.Core.Audit;
using Exchange.Server.Hosting;
using Exchange.Server.Security;
using Exchange.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Exchange.Server.Tests;

public sealed class AuditVerifyCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("exchange-audit-verify-").FullName;
    private string DatabasePath => Path.Combine(_directory, "gateway.db");

    private AuditSettings Settings => new()
    {
        AuditKeyFile = Path.Combine(_directory, "audit.key"),
        AuditCheckpointFile = Path.Combine(_directory, "audit-checkpoints.log"),
    };

    [Fact]
    public async Task An_intact_trail_exits_0_and_says_how_many_entries_the_last_hash_and_the_checkpoints_that_match()
    {
        var last = await AppendAsync(12, checkpointAt: 9);
        var output = new StringWriter();

        var exitCode = await AuditVerifyCommand.RunAsync(DatabasePath, Settings, output);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Join(Environment.NewLine,
            "audit trail intact: 12 entries",
            $"last entry 12: {last.Hash}",
            "1 signed checkpoints match, the last at entry 9; the 3 entries after it rest on the chain alone until the next checkpoint",
            ""), output.ToString());
    }

    [Fact]
    public async Task An_altered_entry_exits_1_and_is_named()
    {
        await AppendAsync(12, checkpointAt: 12);
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            SqliteDatabase.Execute(connection,
                "DROP TRIGGER audit_entries_append_only_update; UPDATE audit_entries SET record_count = 0 WHERE sequence = 7");
        }
        var output = new StringWriter();

        var exitCode = await AuditVerifyCommand.RunAsync(DatabasePath, Settings, output);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("audit trail broken at entry 7: its hash does not match its contents", output.ToString());
    }

    [Fact]
    public async Task A_trail_without_checkpoints_exits_1_because_removed_entries_would_not_show()
    {
        await AppendAsync(12, checkpointAt: null);
        var output = new StringWriter();

        var exitCode = await AuditVerifyCommand.RunAsync(DatabasePath, Settings, output);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("audit trail not verified: there are no checkpoints", output.ToString());
    }

    [Fact]
    public async Task A_missing_database_exits_1_and_neither_it_nor_a_key_is_created()
    {
        var output = new StringWriter();

        Assert.Equal(1, await AuditVerifyCommand.RunAsync(DatabasePath, Settings, output));
        Assert.Contains("no database", output.ToString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    private async Task<AuditEntry> AppendAsync(int count, int? checkpointAt)
    {
        var trail = new SqliteAuditTrail(SqliteDatabase.Open(DatabasePath));
        var key = checkpointAt is null ? null : AuditKey.Create(Settings.AuditKeyFile);
        AuditEntry? last = null;
        for (var i = 1; i <= count; i++)
        {
            last = await trail.AppendAsync(new AuditEvent(DateTimeOffset.UnixEpoch.AddDays(i), "DINKOP", "agency",
                "/jamsostek.exchange.v1.SubmissionService/Submit", "b1", i, "OK", null), default);
            if (i == checkpointAt)
            {
                new AuditCheckpointFile(Settings.AuditCheckpointFile).Append(AuditCheckpoint.Sign(key!, i, last.Hash, last.Event.At));
            }
        }
        return last!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
