using Exchange.Core.Audit;
using Exchange.Server.Hosting;
using Exchange.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Exchange.Server.Tests;

public sealed class AuditVerifyCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("exchange-audit-verify-").FullName;
    private string DatabasePath => Path.Combine(_directory, "gateway.db");

    [Fact]
    public async Task An_intact_trail_exits_0_and_says_how_many_entries_and_the_last_hash()
    {
        var last = await AppendAsync(12);
        var output = new StringWriter();

        var exitCode = await AuditVerifyCommand.RunAsync(DatabasePath, output);

        Assert.Equal(0, exitCode);
        Assert.Equal($"audit trail intact: 12 entries{Environment.NewLine}last entry 12: {last.Hash}{Environment.NewLine}", output.ToString());
    }

    [Fact]
    public async Task An_altered_entry_exits_1_and_is_named()
    {
        await AppendAsync(12);
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            SqliteDatabase.Execute(connection,
                "DROP TRIGGER audit_entries_append_only_update; UPDATE audit_entries SET record_count = 0 WHERE sequence = 7");
        }
        var output = new StringWriter();

        var exitCode = await AuditVerifyCommand.RunAsync(DatabasePath, output);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("audit trail broken at entry 7: its hash does not match its contents", output.ToString());
    }

    [Fact]
    public async Task A_missing_database_exits_1_and_is_not_created()
    {
        var output = new StringWriter();

        Assert.Equal(1, await AuditVerifyCommand.RunAsync(DatabasePath, output));
        Assert.Contains("no database", output.ToString());
        Assert.False(File.Exists(DatabasePath));
    }

    private async Task<AuditEntry> AppendAsync(int count)
    {
        var trail = new SqliteAuditTrail(SqliteDatabase.Open(DatabasePath));
        AuditEntry? last = null;
        for (var i = 1; i <= count; i++)
        {
            last = await trail.AppendAsync(new AuditEvent(DateTimeOffset.UnixEpoch.AddDays(i), "DINKOP", "agency",
                "/jamsostek.exchange.v1.SubmissionService/Submit", "b1", i, "OK", null), default);
        }
        return last!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
