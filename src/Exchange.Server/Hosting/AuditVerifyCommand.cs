using Exchange.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Exchange.Server.Hosting;

/// <summary>Checks the audit trail's hash chain in a gateway database, offline: exit code 0 when intact, 1 otherwise.</summary>
public static class AuditVerifyCommand
{
    public static async Task<int> RunAsync(string databasePath, TextWriter output)
    {
        // Opening creates a missing file: a mistyped path must not pass as an empty, intact trail.
        if (!File.Exists(databasePath))
        {
            await output.WriteLineAsync($"no database at {databasePath}");
            return 1;
        }
        try
        {
            var trail = new SqliteAuditTrail(SqliteDatabase.Open(databasePath));
            var result = await trail.VerifyAsync(CancellationToken.None);
            if (!result.Intact)
            {
                await output.WriteLineAsync(
                    $"audit trail broken at entry {result.FirstBrokenSequence}: {result.Problem}; the {result.EntriesChecked} entries before it hold");
                return 1;
            }
            await output.WriteLineAsync($"audit trail intact: {result.EntriesChecked} entries");
            // Entries removed from the end leave a shorter chain that holds: compare this with a hash recorded earlier.
            await foreach (var last in trail.ReadAsync(result.EntriesChecked - 1, 1, CancellationToken.None))
            {
                await output.WriteLineAsync($"last entry {last.Sequence}: {last.Hash}");
            }
            return 0;
        }
        catch (SqliteException e)
        {
            await output.WriteLineAsync($"cannot read the audit trail in {databasePath}: {e.Message}");
            return 1;
        }
    }
}
