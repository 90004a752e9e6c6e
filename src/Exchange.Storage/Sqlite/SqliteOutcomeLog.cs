using System.Runtime.CompilerServices;
using Exchange.Core.Coverage;
using Microsoft.Data.Sqlite;
using static Exchange.Storage.Sqlite.SqliteDatabase;

namespace Exchange.Storage.Sqlite;

/// <summary>
/// The outcome log in the gateway's database: one row per entry, append-only (triggers refuse updates, deletes and
/// replacing inserts), numbered by its rowid. An append is one transaction under SQLite's writer lock, so another
/// gateway's append on the same file comes wholly before or after it.
/// </summary>
public sealed class SqliteOutcomeLog(SqliteDatabase database) : IOutcomeLog
{
    private const string Columns = "SELECT seq, nik, day, state FROM outcome_log";

    public async Task AppendAsync(IReadOnlyList<OutcomeLogEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }
        await using var connection = database.Connect();
        // BEGIN IMMEDIATE: the writer lock first, so the rowids given are one more than the last, each after the one before.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var insert = Command(connection, transaction, "INSERT INTO outcome_log (nik, day, state) VALUES ($nik, $day, $state)");
        var (nik, day, state) = (insert.Parameters.Add("$nik", SqliteType.Integer), insert.Parameters.Add("$day", SqliteType.Integer),
            insert.Parameters.Add("$state", SqliteType.Blob));
        foreach (var entry in entries)
        {
            (nik.Value, day.Value, state.Value) = (entry.Nik, entry.Day.DayNumber, entry.State);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<OutcomeLogEntry>> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = database.Connect();
        await using var command = Command(connection, null, Columns + " WHERE seq > $after ORDER BY seq LIMIT $limit");
        command.Parameters.AddWithValue("$after", afterSequence);
        command.Parameters.AddWithValue("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<OutcomeLogEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(ReadEntry(reader));
        }
        return entries;
    }

    public async IAsyncEnumerable<OutcomeLogEntry> ReadUpToAsync(DateOnly day, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = database.Connect();
        // The rows in rowid order, streamed, from one snapshot, up to the last one of the day or before: a day long past
        // reads only the log's start. That last one from the day index (else SQLite walks the table back from its end);
        // +day keeps the index out of the scan itself, which would mean sorting every row before the first is read.
        await using var command = Command(connection, null, Columns + """
             WHERE seq <= (SELECT MAX(seq) FROM outcome_log INDEXED BY outcome_log_day WHERE day <= $day) AND +day <= $day ORDER BY seq
            """);
        command.Parameters.AddWithValue("$day", day.DayNumber);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadEntry(reader);
        }
    }

    public async Task<long> LastSequenceAsync(CancellationToken cancellationToken)
    {
        await using var connection = database.Connect();
        await using var command = Command(connection, null, "SELECT COALESCE(MAX(seq), 0) FROM outcome_log");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static OutcomeLogEntry ReadEntry(SqliteDataReader reader) =>
        new(reader.GetInt64(0), reader.GetInt64(1), DateOnly.FromDayNumber(reader.GetInt32(2)), (byte[])reader.GetValue(3));
}
