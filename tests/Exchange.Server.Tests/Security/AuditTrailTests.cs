using Exchange.Server.Tests.Infrastructure;
using Grpc.Core;
using Jamsostek.Exchange.V1;
using Microsoft.Data.Sqlite;

namespace Exchange.Server.Tests.Security;

/// <summary>Every call leaves one audit entry; the chain verifies, and an altered entry is named.</summary>
public sealed class AuditTrailTests
{
    [Fact]
    public async Task Calls_are_recorded_with_who_what_which_batch_how_many_and_the_outcome_and_tampering_is_named()
    {
        await using var gateway = await RunningGateway.StartAsync(dataDirectory: null, RunningGateway.OnSqlite);
        using (var stream = await SubmitStream.OpenAsync(gateway.Submission, "audited"))
        {
            await stream.SendAsync(0, Workers.ValidMany(7));
            await stream.FinishAsync();
        }
        await Assert.ThrowsAsync<RpcException>(() =>
            new SubmissionService.SubmissionServiceClient(gateway.As(TestCallers.Bpjs)).GetBatchAsync(new GetBatchRequest { BatchId = "audited" }).ResponseAsync.Within());
        await Assert.ThrowsAsync<RpcException>(() =>
            new SubmissionService.SubmissionServiceClient(gateway.WithApiKey("exk_wrong")).ListBatchesAsync(new ListBatchesRequest()).ResponseAsync.Within());

        // A call without valid credentials is counted with the others of its source and minute, recorded when the minute ends.
        gateway.Clock.Advance(TimeSpan.FromMinutes(1));
        var audit = new AuditService.AuditServiceClient(gateway.As(TestCallers.Observer));
        var entries = (await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest()).ResponseAsync.Within()).Entries;
        var submit = entries.Single(e => e.Method.EndsWith("/Submit", StringComparison.Ordinal));
        Assert.Equal(("dinsos", "Agency", "audited", 7L, "OK"), (submit.Caller, submit.Role, submit.BatchId, submit.RecordCount, submit.Outcome));
        Assert.Contains(entries, e => e.Caller == "bpjs" && e.Outcome == "PERMISSION_DENIED");
        Assert.Contains(entries, e => e.Caller == "anonymous" && e.Outcome == "UNAUTHENTICATED" && e.Method.EndsWith("/ListBatches", StringComparison.Ordinal)
            && e.Detail.StartsWith("1 calls without valid credentials from 127.0.0.1", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Sequence));

        var intact = await audit.VerifyAuditTrailAsync(new VerifyAuditTrailRequest()).ResponseAsync.Within();
        Assert.True(intact.Intact, intact.Problem);
        Assert.True(intact.EntriesChecked >= 3);

        // Someone with access to the file rewrites who submitted the batch.
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(gateway.DataDirectory, "exchange.db")}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TRIGGER audit_entries_append_only_update; UPDATE audit_entries SET caller = 'dinkop' WHERE sequence = $s;";
            command.Parameters.AddWithValue("$s", submit.Sequence);
            command.ExecuteNonQuery();
        }
        var broken = await audit.VerifyAuditTrailAsync(new VerifyAuditTrailRequest()).ResponseAsync.Within();
        Assert.False(broken.Intact);
        Assert.Equal(submit.Sequence, broken.FirstBrokenSequence);
        Assert.NotEmpty(broken.Problem);
    }
}
