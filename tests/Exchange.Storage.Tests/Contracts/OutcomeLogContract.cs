using System.Data.Common;
using Exchange.Core.Coverage;
using Exchange.Storage.Tests.Engines;

namespace Exchange.Storage.Tests.Contracts;

/// <summary>What every engine's <see cref="IOutcomeLog"/> must do.</summary>
public abstract class OutcomeLogContract(Func<Task<TestStorage>> create) : StorageContract(create)
{
    private static readonly DateOnly Day = new(2026, 11, 30);

    private IOutcomeLog Log => Opened.Outcomes;

    [SkippableFact]
    public async Task An_empty_log_ends_at_zero_and_reads_nothing()
    {
        Assert.Equal(0, await Log.LastSequenceAsync(default));
        Assert.Empty(await Log.ReadAsync(0, 10, default));
        Assert.Empty(await Log.ReadUpToAsync(DateOnly.MaxValue, default).ToListAsync());

        await Log.AppendAsync([], default);

        Assert.Equal(0, await Log.LastSequenceAsync(default));
    }

    [SkippableFact]
    public async Task Entries_read_back_exactly_as_given_numbered_on_from_the_last_across_appends_and_stores()
    {
        OutcomeLogEntry[] first =
        [
            Entry(3271011705880001, Day, [1, 2, 3]),
            Entry(0, DateOnly.MinValue, []),
            Entry(long.MaxValue, DateOnly.MaxValue, Enumerable.Range(0, 256).Select(b => (byte)b).ToArray()),
        ];
        OutcomeLogEntry[] second = [Entry(3271015507900002, Day.AddDays(1), new byte[200_000].Select((_, i) => (byte)(i * 7)).ToArray())];
        OutcomeLogEntry[] third = [Entry(3271011705880001, Day, [0]), Entry(3271011705880003, Day.AddDays(-1), [0, 0, 255])];

        await Log.AppendAsync(first, default);
        Assert.Equal(3, await Log.LastSequenceAsync(default));
        await Log.AppendAsync(second, default);
        // A restarted gateway, or another replica, numbers on from the last.
        var reopened = (await Storage.OpenAsync()).Outcomes;
        Assert.Equal(4, await reopened.LastSequenceAsync(default));
        await reopened.AppendAsync(third, default);

        var stored = await Log.ReadAsync(0, 100, default);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), stored.Select(e => e.Sequence));
        var given = first.Concat(second).Concat(third).ToList();
        for (var i = 0; i < given.Count; i++)
        {
            Assert.Equal((given[i].Nik, given[i].Day), (stored[i].Nik, stored[i].Day));
            Assert.Equal(given[i].State, stored[i].State);
        }
        Assert.Equal(6, await Log.LastSequenceAsync(default));
    }

    [SkippableFact]
    public async Task Reading_after_a_sequence_number_pages_through_the_log_in_order()
    {
        await Log.AppendAsync(Entries(1, 6), default);
        await Log.AppendAsync(Entries(7, 4), default);

        Assert.Equal([1, 2, 3, 4], await SequencesAsync(0, 4));
        Assert.Equal([5, 6, 7, 8], await SequencesAsync(4, 4));
        Assert.Equal([9, 10], await SequencesAsync(8, 4));
        Assert.Empty(await SequencesAsync(10, 4));
        Assert.Empty(await SequencesAsync(3, 0));
        Assert.Equal([1, 2], await SequencesAsync(-5, 2));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), await SequencesAsync(0, int.MaxValue));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Log.ReadAsync(0, -1, default));
        // Each entry is the one appended with that number.
        Assert.Equal([5L, 6L], (await Log.ReadAsync(4, 2, default)).Select(e => e.Nik - Nik(0)));
    }

    [SkippableFact]
    public async Task Reading_up_to_a_day_takes_that_day_and_every_day_before_in_sequence_order_whatever_order_the_days_came_in()
    {
        int[] offsets = [0, 1, -3, 0, 2, -1, 1, -3];
        await Log.AppendAsync(offsets.Take(5).Select((offset, i) => Entry(Nik(i + 1), Day.AddDays(offset), [(byte)i])).ToList(), default);
        await Log.AppendAsync(offsets.Skip(5).Select((offset, i) => Entry(Nik(i + 6), Day.AddDays(offset), [(byte)(i + 5)])).ToList(), default);

        Assert.Equal([1, 3, 4, 6, 8], await UpToAsync(Day));
        Assert.Equal([3, 6, 8], await UpToAsync(Day.AddDays(-1)));
        Assert.Equal([3, 8], await UpToAsync(Day.AddDays(-3)));
        Assert.Empty(await UpToAsync(Day.AddDays(-4)));
        Assert.Equal([1, 2, 3, 4, 6, 7, 8], await UpToAsync(Day.AddDays(1)));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), await UpToAsync(DateOnly.MaxValue));
        var read = await Log.ReadUpToAsync(Day, default).ToListAsync();
        Assert.Equal([Nik(1), Nik(3), Nik(4), Nik(6), Nik(8)], read.Select(e => e.Nik));
        Assert.Equal([0, 2, 3, 5, 7], read.Select(e => (int)Assert.Single(e.State)));
        Assert.Equal([Day, Day.AddDays(-3), Day, Day.AddDays(-1), Day.AddDays(-3)], read.Select(e => e.Day));
    }

    [SkippableFact]
    public async Task Cancelled_calls_stop_and_a_cancelled_append_stores_nothing()
    {
        await Log.AppendAsync(Entries(1, 3), default);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Log.AppendAsync(Entries(4, 2), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Log.ReadAsync(0, 10, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Log.LastSequenceAsync(cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Log.ReadUpToAsync(Day, cancelled.Token).ToListAsync());

        Assert.Equal(3, await Log.LastSequenceAsync(default));
        Assert.Equal([1, 2, 3], await SequencesAsync(0, 10));
    }

    [SkippableFact]
    public async Task A_read_up_to_a_day_cancelled_midway_stops()
    {
        await Log.AppendAsync(Entries(1, 50), default);
        using var cancellation = new CancellationTokenSource();
        var read = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Log.ReadUpToAsync(Day, cancellation.Token))
            {
                if (++read == 2)
                {
                    await cancellation.CancelAsync();
                }
            }
        });
        Assert.Equal(2, read);
    }

    [SkippableFact]
    public async Task Appends_at_once_through_two_stores_never_interleave_and_never_share_a_number()
    {
        var logs = new[] { Log, (await Storage.OpenAsync()).Outcomes };
        const int Appends = 20, EntriesEach = 40;

        // Append a writes NIKs a * 1000 + 0, 1, 2, ...: where each entry came from, and in which place.
        await Task.WhenAll(Enumerable.Range(1, Appends).Select(a => Task.Run(() => logs[a % 2].AppendAsync(
            Enumerable.Range(0, EntriesEach).Select(i => Entry(a * 1000L + i, Day, [(byte)a, (byte)i])).ToList(), default))));

        var stored = await Log.ReadAsync(0, int.MaxValue, default);
        Assert.Equal(Enumerable.Range(1, Appends * EntriesEach).Select(i => (long)i), stored.Select(e => e.Sequence));
        Assert.Equal(Appends * EntriesEach, await logs[1].LastSequenceAsync(default));
        foreach (var append in stored.GroupBy(e => e.Nik / 1000))
        {
            var entries = append.ToList();
            Assert.Equal(EntriesEach, entries.Count);
            // Consecutive numbers, in the order given.
            Assert.Equal(Enumerable.Range(0, EntriesEach).Select(i => entries[0].Sequence + i), entries.Select(e => e.Sequence));
            Assert.Equal(Enumerable.Range(0, EntriesEach).Select(i => append.Key * 1000 + i), entries.Select(e => e.Nik));
            Assert.All(entries, e => Assert.Equal([(byte)append.Key, (byte)(e.Nik % 1000)], e.State));
        }
    }

    [SkippableFact]
    public async Task The_log_refuses_updates_and_deletes_and_its_rows_stay()
    {
        await Log.AppendAsync(Entries(1, 3), default);
        var before = await Storage.DumpAsync("outcome_log");

        foreach (var sql in new[] { "UPDATE outcome_log SET nik = nik + 1", "UPDATE outcome_log SET state = state WHERE seq = 2", "DELETE FROM outcome_log WHERE seq = 3" })
        {
            var error = await Assert.ThrowsAnyAsync<DbException>(() => Storage.ExecuteAsync(sql));
            Assert.Contains("append-only", error.Message);
        }
        Assert.Equal(before, await Storage.DumpAsync("outcome_log"));
        Assert.Equal(3, await Log.LastSequenceAsync(default));
    }

    private async Task<List<long>> SequencesAsync(long after, int limit) => (await Log.ReadAsync(after, limit, default)).Select(e => e.Sequence).ToList();

    private async Task<List<long>> UpToAsync(DateOnly day) => await Log.ReadUpToAsync(day, default).Select(e => e.Sequence).ToListAsync();

    private static long Nik(int serial) => 3271011705880000 + serial;

    private static OutcomeLogEntry Entry(long nik, DateOnly day, byte[] state) => new(0, nik, day, state);

    /// <summary><paramref name="count"/> entries of the day, NIKs and states numbered from <paramref name="first"/>.</summary>
    private static List<OutcomeLogEntry> Entries(int first, int count) =>
        Enumerable.Range(first, count).Select(i => Entry(Nik(i), Day, [(byte)i])).ToList();
}

public sealed class SqliteOutcomeLogTests() : OutcomeLogContract(SqliteStorage.CreateAsync);

public sealed class PostgresOutcomeLogTests() : OutcomeLogContract(PostgresStorage.CreateAsync);
