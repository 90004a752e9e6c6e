using System.Runtime.CompilerServices;
using Exchange.Core.Coverage;
using Npgsql;
using static Exchange.Storage.Postgres.PostgresDatabase;

namespace Exchange.Storage.Postgres;

/// <summary>
/// The outcome log in PostgreSQL, shared by every replica: one row per entry, append-only (triggers refuse updates,
/// deletes and truncation). An append takes one advisory lock and inserts every entry with one statement, so appends
/// from all replicas are numbered in the order they commit, without gaps, each wholly before or after another.
/// </summary>
public sealed class PostgresOutcomeLog(PostgresDatabase database) : IOutcomeLog
{
    private const string Columns = "SELECT seq, nik, day, state FROM outcome_log";

    /// <summary>The entries after the last one, numbered in the order given; its snapshot is taken once the lock is held.</summary>
    private const string Insert = """
        INSERT INTO outcome_log (seq, nik, day, state)
        SELECT (SELECT COALESCE(MAX(seq), 0) FROM outcome_log) + e.n, e.nik, e.day, e.state
        FROM unnest(@niks, @days, @states) WITH ORDINALITY AS e (nik, day, state, n)
        """;

    public async Task AppendAsync(IReadOnlyList<OutcomeLogEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }
        await using var connection = await database.ConnectAsync(cancellationToken);
        // One round trip and one implicit transaction (a batch is one): the lock is held until the insert commits.
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(@space, @key)") { Parameters = { Parameter("space", LockSpace), Parameter("key", OutcomeLogLock) } },
                new NpgsqlBatchCommand(Insert)
                {
                    Parameters =
                    {
                        Parameter("niks", entries.Select(e => e.Nik).ToArray()),
                        Parameter("days", entries.Select(e => e.Day).ToArray()),
                        Parameter("states", entries.Select(e => e.State).ToArray()),
                    },
                },
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<OutcomeLogEntry>> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await database.ConnectAsync(cancellationToken);
        await using var command = Command(connection, Columns + " WHERE seq > @after ORDER BY seq LIMIT @limit");
        command.Parameters.Add(Parameter("after", afterSequence));
        command.Parameters.Add(Parameter("limit", limit));
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
        await using var connection = await database.ConnectAsync(cancellationToken);
        // One statement, one snapshot, streamed in key order up to the last entry of the day or before: a day long past
        // reads only the log's start.
        await using var command = Command(connection, Columns + """
             WHERE seq <= (SELECT MAX(seq) FROM outcome_log WHERE day <= @day) AND day <= @day ORDER BY seq
            """);
        command.Parameters.Add(Parameter("day", day));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // Npgsql hands out rows it has buffered without looking at the token: the stream stops when asked all the same.
            cancellationToken.ThrowIfCancellationRequested();
            yield return ReadEntry(reader);
        }
    }

    public async Task<long> LastSequenceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken);
        await using var command = Command(connection, "SELECT COALESCE(MAX(seq), 0) FROM outcome_log");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static OutcomeLogEntry ReadEntry(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<DateOnly>(2), reader.GetFieldValue<byte[]>(3));
}
