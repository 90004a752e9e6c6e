using Exchange.Core.Batches;
using Exchange.Core.Matching;
using Exchange.Storage.Sqlite;
using Jamsostek.Exchange.V1;
using Microsoft.Data.Sqlite;

namespace Exchange.Storage.Tests;

/// <summary>
/// Chunks that wait while a commit runs are committed together: each is stored, or refused or failed alone, as if it had
/// been committed by itself.
/// </summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new("exchange-group-commit-");

    [Fact]
    public async Task Chunks_gathered_behind_a_running_commit_are_each_stored_or_refused_on_their_own()
    {
        var path = _directory.File("exchange.db");
        var ledger = new SqliteBatchLedger(SqliteDatabase.Open(path));
        var batches = new List<BatchInfo>();
        for (var i = 0; i < 12; i++)
        {
            batches.Add((await ledger.OpenAsync("DINKOP", $"group-{i}", Purpose.CoverageMatching, Now, default)).Batch);
            await ledger.AppendChunkAsync(Chunk(batches[i].Key, 0, 2, nikBase: 100 * i), default);
        }
        await ledger.FinishAsync(batches[2].Key, Now, default);

        // Another writer holds the lock, so the first commit waits for it.
        await using var holder = new SqliteConnection($"Data Source={path};Pooling=False");
        holder.Open();
        var hold = holder.BeginTransaction(deferred: false);
        // Per batch: the right offset, except an offset already taken (batch 1 and every third after), a finished batch (2),
        // and a NIK the batch accepted before (batch 5, which is refused as the store refuses it: an offset conflict).
        Task<Task>[] calls = [.. batches.Select((batch, i) => Task.Factory.StartNew(() => ledger.AppendChunkAsync(
            Chunk(batch.Key, i % 3 == 1 ? 0 : 2, 3, nikBase: i == 5 ? 100 * i : 100 * i + 10), default),
            CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default))];
        // And a chunk of a batch that does not exist, which the database refuses with an error of its own (a foreign key).
        var orphan = Task.Factory.StartNew(() => ledger.AppendChunkAsync(Chunk(999_999, 0, 3, nikBase: 5000), default),
            CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
        // Each append returns once queued; the first group's commit waits for the lock, so the others gather behind it.
        await Task.WhenAll([.. calls, orphan]).WaitAsync(Timeout);
        hold.Rollback();
        await Assert.ThrowsAsync<SqliteException>(() => orphan.Result.WaitAsync(Timeout));
        var results = await Task.WhenAll(calls.Select(async call =>
        {
            try
            {
                await (await call.WaitAsync(Timeout)).WaitAsync(Timeout);
                return null;
            }
            catch (Exception e) when (e is OffsetConflictException or BatchFinishedException)
            {
                return e;
            }
        }));

        for (var i = 0; i < batches.Count; i++)
        {
            var stored = (await ledger.FindAsync("DINKOP", batches[i].BatchId, default))!;
            switch (i)
            {
                case 2:
                    Assert.IsType<BatchFinishedException>(results[i]);
                    Assert.Equal(2, stored.CommittedOffset);
                    break;
                case 5 or 1 or 4 or 7 or 10:
                    Assert.Equal(2, Assert.IsType<OffsetConflictException>(results[i]).CommittedOffset);
                    Assert.Equal(2, stored.CommittedOffset);
                    break;
                default:
                    Assert.Null(results[i]);
                    Assert.Equal(5, stored.CommittedOffset);
                    var niks = await ledger.FindAcceptedNiksAsync(batches[i].Key, [.. Enumerable.Range(0, 3).Select(n => Nik(100 * i + 10 + n))], default);
                    Assert.Equal([2L, 3L, 4L], niks.Values.Order());
                    break;
            }
        }
    }

    [Fact]
    public async Task The_wal_stays_small_though_commits_leave_checkpoints_until_their_callers_are_answered()
    {
        var path = _directory.File("exchange.db");
        var ledger = new SqliteBatchLedger(SqliteDatabase.Open(path));
        var (batch, _) = await ledger.OpenAsync("DINKOP", "wal", Purpose.CoverageMatching, Now, default);
        // NIKs spread over the whole key, so each chunk dirties most pages of the accepted-NIK index: without checkpoints
        // the WAL would hold every commit's pages, about 20 MB.
        var random = new Random(20261202);
        var niks = new HashSet<int>();
        while (niks.Count < 30_000)
        {
            niks.Add(random.Next(1, 99_999_999));
        }
        var shuffled = niks.ToArray();
        for (var chunk = 0; chunk < 30; chunk++)
        {
            await ledger.AppendChunkAsync(Chunk(batch.Key, chunk * 1000, shuffled[(chunk * 1000)..((chunk + 1) * 1000)]), default);
        }

        Assert.True(new FileInfo(path + "-wal").Length < 5_000_000, $"the WAL holds {new FileInfo(path + "-wal").Length:N0} bytes");
    }

    private static long Nik(int n) => 3271011705880000 + n;

    private static LedgerChunk Chunk(long batch, long first, int count, int nikBase) =>
        Chunk(batch, first, [.. Enumerable.Range(nikBase, count)]);

    private static LedgerChunk Chunk(long batch, long first, int[] niks)
    {
        var records = niks.Select(n => new WorkerRecord { Nik = Nik(n).ToString(System.Globalization.CultureInfo.InvariantCulture), FullName = "Asep" }).ToArray();
        var verdicts = records.Select(_ => new RecordVerdict([], MatchOutcome.Unspecified, Segment.Unspecified, 0, [])).ToArray();
        return LedgerChunk.Create(batch, first, records, verdicts, Now);
    }

    public void Dispose() => _directory.Dispose();
}
