using Grpc.Core;

namespace Exchange.Server.Security;

/// <summary>What the gatekeeper learns about a call and what the services add for its audit entry.</summary>
public static class CallContext
{
    private static readonly object CommittedOffsetKey = new();

    /// <summary>The authenticated caller; the gatekeeper has run before any service method.</summary>
    public static Caller Caller(this ServerCallContext context) =>
        context.UserState.TryGetValue(typeof(Caller), out var caller) ? (Caller)caller : throw new InvalidOperationException("The call was not authenticated.");

    /// <summary>The agency the caller speaks for: batches belong to it, whatever a request says.</summary>
    public static string Agency(this ServerCallContext context) =>
        context.Caller().Agency ?? throw new InvalidOperationException("The caller is not an agency.");

    /// <summary>Set by a submission once its batch is open: where the client resumes if the call fails (read when it does).</summary>
    public static void ResumesFrom(this ServerCallContext context, Func<long> committedOffset) =>
        context.UserState[CommittedOffsetKey] = committedOffset;

    /// <summary>The committed offset of the call's batch now, or null when the call has none open.</summary>
    public static long? CommittedOffset(this ServerCallContext context) =>
        context.UserState.TryGetValue(CommittedOffsetKey, out var committedOffset) ? ((Func<long>)committedOffset)() : null;

    /// <summary>The call's audit note: which batch, how many records.</summary>
    public static AuditNote Audit(this ServerCallContext context)
    {
        if (!context.UserState.TryGetValue(typeof(AuditNote), out var note))
        {
            note = new AuditNote();
            context.UserState[typeof(AuditNote)] = note;
        }
        return (AuditNote)note;
    }
}

/// <summary>Facts a service method records for the call's audit entry: which batch, how many records, a short detail.</summary>
public sealed class AuditNote
{
    public string? BatchId { get; set; }

    /// <summary>Short detail for the entry, never a NIK or a name in clear (NIKs are masked when appended anyway).</summary>
    public string? Detail { get; set; }

    private long _records;

    public long Records => Interlocked.Read(ref _records);

    public void AddRecords(long count) => Interlocked.Add(ref _records, count);
}
