using Exchange.Core.Faults;
using Npgsql;

namespace Exchange.Storage.Postgres;

/// <summary>
/// PostgreSQL's ways of saying "not now": the server cannot be reached or is going away, it lacks disk, memory or
/// connections, it is a read-only standby, or it gave up a transaction to a conflict. Anything else (a constraint, a
/// syntax error, a bug) is no fault of the database and is not one.
/// </summary>
public sealed class PostgresFaults : IStorageFaults
{
    public bool IsFault(Exception exception, out string reason)
    {
        foreach (var candidate in Unwrap(exception))
        {
            if (Reason(candidate) is { } found)
            {
                reason = found;
                return true;
            }
        }
        reason = "";
        return false;
    }

    private static string? Reason(Exception exception) => exception switch
    {
        PostgresException e => e.SqlState switch
        {
            "53100" => "the database's disk is full",
            "53200" => "the database is out of memory",
            "53300" => "the database has no connection to spare",
            "25006" => "the database is read-only",
            "40001" => "the database could not serialise the transaction",
            "40P01" => "the database broke a deadlock",
            "58030" => "the database could not read or write its files",
            var state when state.StartsWith("08", StringComparison.Ordinal) => "the connection to the database failed",
            var state when state.StartsWith("53", StringComparison.Ordinal) => "the database lacks resources",
            var state when state.StartsWith("57P0", StringComparison.Ordinal) => "the database is shutting down or not accepting connections",
            _ => null,
        },
        // Not from the server: the connection could not be made, broke, or timed out (IsTransient says which errors those are).
        NpgsqlException { IsTransient: true, InnerException: TimeoutException } => "the database did not answer in time",
        NpgsqlException { IsTransient: true } => "the database cannot be reached",
        _ => null,
    };

    private static IEnumerable<Exception> Unwrap(Exception exception)
    {
        yield return exception;
        IEnumerable<Exception> inner = exception switch
        {
            AggregateException aggregate => aggregate.InnerExceptions,
            { InnerException: { } child } => [child],
            _ => [],
        };
        foreach (var child in inner)
        {
            foreach (var nested in Unwrap(child))
            {
                yield return nested;
            }
        }
    }
}
