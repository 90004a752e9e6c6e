using Exchange.Core.Audit;
using Exchange.Server.Security;
using Exchange.Storage.Postgres;
using Exchange.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Exchange.Server.Hosting;

/// <summary>
/// Checks the audit trail in a gateway database offline (SQLite or PostgreSQL): its hash chain, and every checkpoint in the checkpoint file
/// against the audit key. Exit code 0 when intact, 1 otherwise; the output names what does not hold.
/// </summary>
public static class AuditVerifyCommand
{
    /// <summary>The trail of the database the gateway's settings choose (<see cref="StorageRegistration"/>).</summary>
    public static async Task<int> RunAsync(GatewayOptions gateway, AuditSettings audit, TextWriter output)
    {
        string? connectionString;
        try
        {
            connectionString = StorageRegistration.PostgresConnection(gateway);
        }
        catch (GatewayStartRefusedException e)
        {
            await output.WriteLineAsync(e.Message);
            return 1;
        }
        if (connectionString is null)
        {
            return await RunAsync(gateway.DatabasePath, audit, output);
        }
        try
        {
            await using var database = await PostgresDatabase.OpenAsync(connectionString, CancellationToken.None);
            return await VerifyAsync(new PostgresAuditTrail(database), audit, output);
        }
        catch (NpgsqlException e)
        {
            await output.WriteLineAsync($"cannot read the audit trail in {StorageRegistration.Describe(gateway)}: {e.Message}");
            return 1;
        }
    }

    public static async Task<int> RunAsync(string databasePath, AuditSettings audit, TextWriter output)
    {
        // Opening creates a missing file: a mistyped path must not pass as an empty, intact trail.
        if (!File.Exists(databasePath))
        {
            await output.WriteLineAsync($"no database at {databasePath}");
            return 1;
        }
        try
        {
            return await VerifyAsync(new SqliteAuditTrail(SqliteDatabase.Open(databasePath)), audit, output);
        }
        catch (SqliteException e)
        {
            await output.WriteLineAsync($"cannot read the audit trail in {databasePath}: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> VerifyAsync(IAuditTrail trail, AuditSettings audit, TextWriter output)
    {
        try
        {
            // Only read: a missing key is reported, never made (a new key would vouch for nothing).
            var key = File.Exists(audit.AuditKeyFile) ? AuditKey.Load(audit.AuditKeyFile) : null;
            var result = await new AuditCheckpointFile(audit.AuditCheckpointFile).VerifyAsync(trail, key, CancellationToken.None);
            if (!result.Intact)
            {
                await output.WriteLineAsync(result.FirstBrokenSequence is { } broken
                    ? $"audit trail broken at entry {broken}: {result.Problem}; the {result.EntriesChecked} entries before it hold"
                    : $"audit trail not verified: {result.Problem}");
                return 1;
            }
            await output.WriteLineAsync($"audit trail intact: {result.EntriesChecked} entries");
            if (await trail.ReadLastAsync(CancellationToken.None) is { } last)
            {
                await output.WriteLineAsync($"last entry {last.Sequence}: {last.Hash}");
            }
            var unsigned = result.EntriesChecked - result.LastCheckpointSequence;
            await output.WriteLineAsync($"{result.CheckpointsChecked} signed checkpoints match, the last at entry {result.LastCheckpointSequence}"
                + (unsigned > 0 ? $"; the {unsigned} entries after it rest on the chain alone until the next checkpoint" : ""));
            return 0;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            await output.WriteLineAsync($"cannot read the audit key or checkpoints: {e.Message}");
            return 1;
        }
    }
}
