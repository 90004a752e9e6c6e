using Exchange.Core.Audit;
using Exchange.Core.Faults;
using Exchange.Server.Hosting;
using Exchange.Server.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Tests.Security;

/// <summary>
/// The audit entries of calls made while the database cannot write: kept, in order, bounded, and appended once it can
/// (the gateway processes of StorageFaultTests show the same against real faults).
/// </summary>
public sealed class AuditRecorderTests
{
    private static readonly DateTimeOffset Start = BogorClock.DefaultStart;

    [Fact]
    public async Task Entries_met_by_a_storage_fault_are_kept_and_appended_in_their_order_once_the_database_takes_writes()
    {
        var trail = new Trail { Full = true };
        var (recorder, storage) = Create(trail, backlog: 10);

        await recorder.RecordAsync(Event(1));
        await recorder.RecordAsync(Event(2));
        Assert.Equal("disk full", storage.Fault);
        trail.Full = false;
        // Behind the kept ones, although the database would take it: the trail keeps the order calls ended in.
        await recorder.RecordAsync(Event(3));
        Assert.Empty(trail.Appended);
        Assert.True(recorder.HasKept);

        storage.Writable();
        await recorder.FlushAsync();
        await recorder.RecordAsync(Event(4));

        Assert.Equal([1L, 2, 3, 4], trail.Appended.Select(e => e.RecordCount));
        Assert.False(recorder.HasKept);
    }

    [Fact]
    public async Task Nothing_is_tried_while_the_database_is_known_not_to_write_and_a_fault_met_while_flushing_keeps_the_rest()
    {
        var trail = new Trail { Full = true };
        var (recorder, storage) = Create(trail, backlog: 10);
        await recorder.RecordAsync(Event(1));
        await recorder.RecordAsync(Event(2));

        trail.Full = false;
        await recorder.FlushAsync();
        Assert.Empty(trail.Appended);

        storage.Writable();
        trail.FullAfter = 1;
        await recorder.FlushAsync();
        Assert.Equal([1L], trail.Appended.Select(e => e.RecordCount));
        Assert.NotNull(storage.Fault);

        trail.FullAfter = null;
        storage.Writable();
        await recorder.FlushAsync();
        Assert.Equal([1L, 2], trail.Appended.Select(e => e.RecordCount));
    }

    [Fact]
    public async Task Beyond_the_bound_the_calls_are_counted_into_one_entry_at_their_place_in_the_order()
    {
        var trail = new Trail { Full = true };
        var (recorder, storage) = Create(trail, backlog: 2);

        await recorder.RecordAsync(Event(1));
        Assert.False(recorder.IsFull);
        await recorder.RecordAsync(Event(2));
        Assert.True(recorder.IsFull);
        await recorder.RecordAsync(Event(3, "dinkop", "UNAVAILABLE", Start.AddMinutes(1)));
        await recorder.RecordAsync(Event(4, "bpjs", "UNAVAILABLE", Start.AddMinutes(2)));
        await recorder.RecordAsync(Event(5, "dinkop", "OK", Start.AddMinutes(3)));

        trail.Full = false;
        storage.Writable();
        await recorder.FlushAsync();
        await recorder.RecordAsync(Event(6));

        Assert.Equal([1L, 2, 0, 6], trail.Appended.Select(e => e.RecordCount));
        var tally = trail.Appended[2];
        Assert.Equal(("gateway", "*", "UNAVAILABLE", Start.AddMinutes(3)), (tally.Caller, tally.Method, tally.Outcome, tally.At));
        Assert.Equal(
            "3 calls of bpjs, dinkop, 2025-06-20T05:01:00Z to 2025-06-20T05:03:00Z, not recorded one by one: the database could not be written and 2 entries were waiting: 1 OK, 2 UNAVAILABLE",
            tally.Detail);
    }

    [Fact]
    public async Task An_append_refused_for_another_reason_is_not_kept_and_does_not_hold_up_the_next()
    {
        var trail = new Trail { Refuses = true };
        var (recorder, storage) = Create(trail, backlog: 10);

        await recorder.RecordAsync(Event(1));
        trail.Refuses = false;
        await recorder.RecordAsync(Event(2));

        Assert.Equal([2L], trail.Appended.Select(e => e.RecordCount));
        Assert.False(recorder.HasKept);
        Assert.Null(storage.Fault);
    }

    private static (AuditRecorder Recorder, StorageHealth Storage) Create(Trail trail, int backlog)
    {
        var storage = new StorageHealth(Options.Create(new GatewayOptions()), NullLogger<StorageHealth>.Instance);
        return (new AuditRecorder(trail, new DiskFull(), storage, new AuditSettings { AuditBacklogEntries = backlog },
            NullLogger<AuditRecorder>.Instance), storage);
    }

    private static AuditEvent Event(long records, string caller = "dinkop", string outcome = "OK", DateTimeOffset? at = null) =>
        new(at ?? Start, caller, "Agency", "/jamsostek.exchange.v1.SubmissionService/ListBatches", null, records, outcome, null);

    /// <summary>IOException stands for the engine's "disk full".</summary>
    private sealed class DiskFull : IStorageFaults
    {
        public bool IsFault(Exception exception, out string reason)
        {
            reason = exception is IOException ? "disk full" : "";
            return exception is IOException;
        }
    }

    /// <summary>A trail that appends into a list, or fails as told: full (a fault), or refusing (not one).</summary>
    private sealed class Trail : IAuditTrail
    {
        public List<AuditEvent> Appended { get; } = [];

        public bool Full { get; set; }

        /// <summary>Full once this many entries are appended.</summary>
        public int? FullAfter { get; set; }

        public bool Refuses { get; set; }

        public Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
        {
            if (Full || Appended.Count >= FullAfter)
            {
                throw new IOException("No space left on device");
            }
            if (Refuses)
            {
                throw new InvalidOperationException("entries were removed from the trail's end");
            }
            Appended.Add(auditEvent);
            return Task.FromResult(new AuditEntry(Appended.Count, auditEvent, "", ""));
        }

        public IAsyncEnumerable<AuditEntry> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<AuditEntry?> ReadLastAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<AuditEntry> FindAsync(string method, string detailPrefix, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<AuditVerification> VerifyAsync(IReadOnlyCollection<AuditCheckpoint> checkpoints, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
