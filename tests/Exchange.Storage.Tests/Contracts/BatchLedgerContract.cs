using System.Data.Common;
using System.Globalization;
using Exchange.Core.Audit;
using Exchange.Core.Batches;
using Exchange.Core.Matching;
using Exchange.Core.Validation;
using Exchange.Storage.Tests.Engines;
using Jamsostek.Exchange.V1;

namespace Exchange.Storage.Tests.Contracts;

/// <summary>What every engine's <see cref="IBatchLedger"/> must do.</summary>
public abstract class BatchLedgerContract(Func<Task<TestStorage>> create) : StorageContract(create)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private IBatchLedger Ledger => Opened.Ledger;

    [SkippableFact]
    public async Task Opening_twice_returns_the_same_batch_and_ids_are_per_agency()
    {
        var (first, created) = await Ledger.OpenAsync("DINKOP", "b1", Purpose.CoverageMatching, Now, default);
        var (again, createdAgain) = await Ledger.OpenAsync("DINKOP", "b1", Purpose.CoverageMatching, Now, default);
        var (other, createdOther) = await Ledger.OpenAsync("DINSOS", "b1", Purpose.CoverageMatching, Now, default);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.True(createdOther);
        Assert.Equal(first.Key, again.Key);
        Assert.NotEqual(first.Key, other.Key);
        Assert.Equal((Now, (DateTimeOffset?)null, 0L), (first.OpenedAt, first.FinishedAt, first.CommittedOffset));
        Assert.Null(await Ledger.FindAsync("DINSOS", "b2", default));
    }

    [SkippableFact]
    public async Task Batches_list_newest_first_per_agency_and_page_by_key()
    {
        var keys = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            keys.Add((await Ledger.OpenAsync("DINKOP", $"b{i}", Purpose.CoverageMatching, Now, default)).Batch.Key);
        }
        await Ledger.OpenAsync("DINSOS", "other", Purpose.CoverageMatching, Now, default);

        var page = await Ledger.ListAsync("DINKOP", null, 3, default);
        var rest = await Ledger.ListAsync("DINKOP", page[^1].Key, 3, default);

        Assert.Equal(Enumerable.Reverse(keys).Take(3), page.Select(b => b.Key));
        Assert.Equal(Enumerable.Reverse(keys).Skip(3), rest.Select(b => b.Key));
    }

    [SkippableFact]
    public async Task Chunks_append_at_the_committed_offset_only()
    {
        var (batch, _) = await Ledger.OpenAsync("DINKOP", "b1", Purpose.CoverageMatching, Now, default);
        await Ledger.AppendChunkAsync(Chunk(batch.Key, 0, Records(3), Verdicts(3)), default);

        var conflict = await Assert.ThrowsAsync<OffsetConflictException>(() =>
            Ledger.AppendChunkAsync(Chunk(batch.Key, 0, Records(2, first: 10), Verdicts(2)), default));
        Assert.Equal(3, conflict.CommittedOffset);
        var gap = await Assert.ThrowsAsync<OffsetConflictException>(() =>
            Ledger.AppendChunkAsync(Chunk(batch.Key, 5, Records(2, first: 10), Verdicts(2)), default));
        Assert.Equal(3, gap.CommittedOffset);

        await Ledger.AppendChunkAsync(Chunk(batch.Key, 3, Records(2, first: 10), Verdicts(2)), default);
        Assert.Equal(5, (await Ledger.FindAsync("DINKOP", "b1", default))!.CommittedOffset);
    }

    [SkippableFact]
    public async Task A_finished_batch_takes_no_chunk_whoever_finished_it_and_nothing_of_the_chunk_is_stored()
    {
        var (batch, _) = await Ledger.OpenAsync("DINKOP", "b1", Purpose.CoverageMatching, Now, default);
        await Ledger.AppendChunkAsync(Chunk(batch.Key, 0, Records(3), Verdicts(3)), default);
        await Ledger.FinishAsync(batch.Key, Now, default);

        await Assert.ThrowsAsync<BatchFinishedException>(() =>
            Ledger.AppendChunkAsync(Chunk(batch.Key, 3, Records(2, first: 10), Verdicts(2)), default));

        var stored = (await Ledger.FindAsync("DINKOP", "b1", default))!;
        Assert.Equal((3, true), (stored.CommittedOffset, stored.IsFinished));
        Assert.Empty(await Ledger.FindAcceptedNiksAsync(batch.Key, [long.Parse(Records(2, first: 10)[0].Nik)], default));
    }

    [SkippableFact]
    public async Task Two_writers_appending_the_same_offset_at_once_store_one_chunk_and_the_other_learns_the_committed_offset()
    {
        // Two replicas: separate stores over one database, each with its own connections.
        var other = (await Storage.OpenAsync()).Ledger;
        for (var round = 0; round < 10; round++)
        {
            var (batch, _) = await Ledger.OpenAsync("DINKOP", $"race-{round}", Purpose.CoverageMatching, Now, default);
            await Ledger.AppendChunkAsync(Chunk(batch.Key, 0, Records(2), Verdicts(2)), default);
            // Different sizes, so the committed offset tells which one was stored.
            var writers = new[] { (Ledger, Count: 3), (other, Count: 5) };
            using var start = new Barrier(writers.Length);
            var outcomes = await Task.WhenAll(writers.Select(writer => Task.Run(async () =>
            {
                start.SignalAndWait();
                try
                {
                    await writer.Item1.AppendChunkAsync(Chunk(batch.Key, 2, Records(writer.Count, first: 100 * writer.Count), Verdicts(writer.Count)), default);
                    return (Stored: true, writer.Count, Committed: -1L);
                }
                catch (OffsetConflictException conflict)
                {
                    return (Stored: false, writer.Count, Committed: conflict.CommittedOffset);
                }
            })));

            var stored = Assert.Single(outcomes, o => o.Stored);
            var refused = Assert.Single(outcomes, o => !o.Stored);
            Assert.Equal(2 + stored.Count, refused.Committed);
            Assert.Equal(2 + stored.Count, (await other.FindAsync("DINKOP", batch.BatchId, default))!.CommittedOffset);
            Assert.Equal(2 + stored.Count, (await ReadAsync(Ledger, batch.Key, 0, 100)).Count);
        }
    }

    [SkippableFact]
    public async Task Verdicts_and_records_read_back_exactly_and_by_offset_range()
    {
        var (batch, _) = await Ledger.OpenAsync("DINKOP", "b1", Purpose.CoverageMatching, Now, default);
        var verdicts = new[]
        {
            new RecordVerdict([Finding.Warning("nik", ViolationCodes.NikRegionOutsideCity, "3201", "Kota Bogor")],
                MatchOutcome.Grace, Segment.Bpu, 12.5, [MatchReason.NikExact, MatchReason.NameAgrees]),
            RecordVerdict.Rejected([Finding.Error("full_name", ViolationCodes.NameRequired)]),
            new RecordVerdict([], MatchOutcome.NotRegistered, Segment.Unspecified, -3, [MatchReason.NoCandidate]),
        };
        var records = Records(3);
        await Ledger.AppendChunkAsync(Chunk(batch.Key, 0, records[..2], verdicts[..2]), default);
        await Ledger.AppendChunkAsync(Chunk(batch.Key, 2, records[2..], verdicts[2..]), default);

        var all = await ReadAsync(Ledger, batch.Key, 0, 3);
        Assert.Equal([0L, 1, 2], all.Select(v => v.Offset));
        for (var i = 0; i < 3; i++)
        {
            AssertSameVerdict(verdicts[i], all[i].Verdict);
        }
        Assert.Equal([1L, 2], (await ReadAsync(Ledger, batch.Key, 1, 3)).Select(v => v.Offset));
        Assert.Equal([1L], (await ReadAsync(Ledger, batch.Key, 1, 2)).Select(v => v.Offset));
        Assert.Equal(records[1..], await Ledger.ReadRecordsAsync(batch.Key, 1, 10, default).ToListAsync());
        Assert.Equal(records[2], (await Ledger.ReadRecordAsync(batch.Key, 2, default))!.Worker);
        Assert.Null(await Ledger.ReadRecordAsync(batch.Key, 3, default));

        var counted = (await Ledger.FindAsync("DINKOP", "b1", default))!.Counts;
        Assert.Equal((3L, 2L, 1L, 1L), (counted.Records, counted.Accepted, counted.Rejected, counted.Warned));
        Assert.Equal(1, counted.Outcomes[MatchOutcome.Grace]);
        Assert.Equal(1, counted.Outcomes[MatchOutcome.NotRegistered]);
    }

    [SkippableFact]
    public async Task Deceased_workers_are_stored_and_counted_under_their_own_outcome()
    {
        var (batch, _) = await Ledger.OpenAsync("DINKOP", "b1", Purpose.CoverageMatching, Now, default);
        var verdicts = new[]
        {
            new RecordVerdict([], MatchOutcome.Deceased, Segment.Bpu, 40, [MatchReason.NikExact, MatchReason.NameAgrees]),
            new RecordVerdict([], MatchOutcome.Lapsed, Segment.Bpu, 40, [MatchReason.NikExact]),
            new RecordVerdict([], MatchOutcome.Deceased, Segment.Pu, 38, [MatchReason.NikExact]),
        };
        await Ledger.AppendChunkAsync(Chunk(batch.Key, 0, Records(3), verdicts), default);

        var stored = await ReadAsync(Ledger, batch.Key, 0, 3);
        Assert.Equal([MatchOutcome.Deceased, MatchOutcome.Lapsed, MatchOutcome.Deceased], stored.Select(v => v.Verdict.Outcome));
        var counted = (await (await Storage.OpenAsync()).Ledger.FindAsync("DINKOP", "b1", default))!.Counts;
        Assert.Equal(new Dictionary<MatchOutcome, long> { [MatchOutcome.Lapsed] = 1, [MatchOutcome.Deceased] = 2 }, counted.Outcomes.OrderBy(o => o.Key));
    }

    [SkippableFact]
    public async Task Accepted_niks_are_found_with_their_offsets_and_only_those_asked_for()
    {
        var (batch, _) = await Ledger.OpenAsync("DINKOP", "b1", Purpose.CoverageMatching, Now, default);
        var verdicts = Verdicts(1500);
        verdicts[1] = RecordVerdict.Rejected([Finding.Error("full_name", ViolationCodes.NameRequired)]);
        var records = Records(1500);
        await Ledger.AppendChunkAsync(Chunk(batch.Key, 0, records[..1000], verdicts[..1000]), default);
        await Ledger.AppendChunkAsync(Chunk(batch.Key, 1000, records[1000..], verdicts[1000..]), default);
        var (otherBatch, _) = await Ledger.OpenAsync("DINKOP", "b2", Purpose.CoverageMatching, Now, default);
        await Ledger.AppendChunkAsync(Chunk(otherBatch.Key, 0, records[5..6], verdicts[5..6]), default);

        var asked = new[] { Nik(records[0]), Nik(records[1]), Nik(records[1200]), Nik(records[1499]), 3271011705889999L };
        var found = await Ledger.FindAcceptedNiksAsync(batch.Key, asked, default);

        Assert.Equal(new Dictionary<long, long> { [asked[0]] = 0, [asked[2]] = 1200, [asked[3]] = 1499 }, found);
        Assert.Empty(await Ledger.FindAcceptedNiksAsync(batch.Key, [], default));
        Assert.Equal(new Dictionary<long, long> { [Nik(records[5])] = 0 },
            await Ledger.FindAcceptedNiksAsync(otherBatch.Key, [Nik(records[5]), Nik(records[0])], default));
    }

    [SkippableFact]
    public async Task A_nik_accepted_in_an_earlier_chunk_of_the_batch_is_refused_by_the_store_and_nothing_of_the_chunk_is_stored()
    {
        var (batch, _) = await Ledger.OpenAsync("DINKOP", "b1", Purpose.CoverageMatching, Now, default);
        var records = Records(3);
        await Ledger.AppendChunkAsync(Chunk(batch.Key, 0, records[..2], Verdicts(2)), default);

        // The caller did not check (or another replica stored it after the check): the store's key refuses it.
        var again = new[] { records[2], records[0].Clone() };
        var possible = new RecordVerdict([], MatchOutcome.PossibleMatch, Segment.Unspecified, 22, [], "3271012107850001");
        var conflict = await Assert.ThrowsAsync<OffsetConflictException>(() =>
            Ledger.AppendChunkAsync(Chunk(batch.Key, 2, again, [possible, possible]), default));

        Assert.Equal(2, conflict.CommittedOffset);
        Assert.Equal(2, (await Ledger.FindAsync("DINKOP", "b1", default))!.CommittedOffset);
        Assert.Empty(await Ledger.FindAcceptedNiksAsync(batch.Key, [Nik(records[2])], default));
        Assert.Empty(await Ledger.ListReviewsAsync(0, 10, true, default));
        // Rejected, the same NIK is stored: only acceptance is once per batch.
        await Ledger.AppendChunkAsync(Chunk(batch.Key, 2, again, [possible, RecordVerdict.Rejected([Finding.Error("nik", ViolationCodes.NikDuplicateInBatch)])]), default);
        Assert.Equal(4, (await Ledger.FindAsync("DINKOP", "b1", default))!.CommittedOffset);
    }

    [SkippableFact]
    public async Task A_review_decision_changes_what_every_read_answers_and_is_taken_once()
    {
        var (batch, _) = await Ledger.OpenAsync("DINSOS", "b1", Purpose.CoverageMatching, Now, default);
        var possible = new RecordVerdict([], MatchOutcome.PossibleMatch, Segment.Unspecified, 22, [MatchReason.NikOneEdit], "3271012107850001");
        await Ledger.AppendChunkAsync(Chunk(batch.Key, 0, Records(3), [Verdicts(1)[0], possible, possible]), default);
        var open = await Ledger.ListReviewsAsync(0, 10, false, default);
        Assert.Equal([1L, 2], open.Select(r => r.Record.Offset));
        Assert.True(open[0].Id < open[1].Id);

        var pair = new ReviewedPair(new WorkerIdentity(Records(3)[1].Nik, "ASEP", "1988-05-17"), "3271012107850001", "ASEP|1988-05-17|Male", ReviewDecision.SamePerson);
        Assert.True(await Ledger.DecideReviewAsync(open[0].Id, ReviewDecision.SamePerson, MatchOutcome.Grace, Segment.Bpu, pair, Now, default));
        Assert.False(await Ledger.DecideReviewAsync(open[0].Id, ReviewDecision.DifferentPerson, MatchOutcome.NotRegistered, Segment.Unspecified,
            pair with { Decision = ReviewDecision.DifferentPerson }, Now, default));

        var decided = (await ReadAsync(Ledger, batch.Key, 0, 3))[1].Verdict;
        Assert.Equal((MatchOutcome.Grace, Segment.Bpu), (decided.Outcome, decided.Segment));
        Assert.Equal([MatchReason.NikOneEdit, MatchReason.Reviewed], decided.Reasons);
        Assert.Equal(MatchOutcome.Grace, (await Ledger.ReadRecordAsync(batch.Key, 1, default))!.Verdict.Outcome);
        Assert.Equal([MatchOutcome.Unspecified, MatchOutcome.Grace, MatchOutcome.PossibleMatch],
            await Ledger.ScanAcceptedAsync(default).Select(r => r.Verdict.Outcome).ToListAsync());
        var counts = (await Ledger.FindAsync("DINSOS", "b1", default))!.Counts;
        Assert.Equal((1L, 1L), (counts.Outcomes[MatchOutcome.Grace], counts.Outcomes[MatchOutcome.PossibleMatch]));
        // The review keeps the match as it was made, with the decision beside it.
        var reviewed = (await Ledger.FindReviewAsync(open[0].Id, default))!;
        Assert.Equal((ReviewDecision.SamePerson, MatchOutcome.PossibleMatch), (reviewed.Decision, reviewed.Verdict.Outcome));
        Assert.Equal([open[1].Id], (await Ledger.ListReviewsAsync(0, 10, false, default)).Select(r => r.Id));
        Assert.Equal([open[0].Id, open[1].Id], (await Ledger.ListReviewsAsync(0, 10, true, default)).Select(r => r.Id));
        Assert.Equal([open[1].Id], (await Ledger.ListReviewsAsync(open[0].Id, 10, true, default)).Select(r => r.Id));
        Assert.Null(await Ledger.FindReviewAsync(open[1].Id + 1000, default));
    }

    [SkippableFact]
    public async Task A_data_subject_s_processings_are_every_record_with_their_nik_in_ledger_order()
    {
        var subject = Workers.Valid(7);
        var (first, _) = await Ledger.OpenAsync("DINKOP", "b1", Purpose.CoverageMatching, Now, default);
        var (second, _) = await Ledger.OpenAsync("DINSOS", "b2", Purpose.ApbdEnrollment, Now, default);
        var possible = new RecordVerdict([], MatchOutcome.PossibleMatch, Segment.Unspecified, 22, [], "3271012107850001");
        await Ledger.AppendChunkAsync(Chunk(second.Key, 0, [Workers.Valid(1), subject], [Verdicts(1)[0], possible], Now.AddMinutes(1)), default);
        await Ledger.AppendChunkAsync(Chunk(first.Key, 0, [subject, Workers.Valid(2)], [RecordVerdict.Rejected([Finding.Error("full_name", ViolationCodes.NameRequired)]), Verdicts(1)[0]],
            Now.AddMinutes(2)), default);
        var review = Assert.Single(await Ledger.ListReviewsAsync(0, 10, false, default));
        await Ledger.DecideReviewAsync(review.Id, ReviewDecision.DifferentPerson, MatchOutcome.NotRegistered, Segment.Unspecified,
            new ReviewedPair(new WorkerIdentity(subject.Nik, "ASEP", "1988-05-17"), "3271012107850001", "X", ReviewDecision.DifferentPerson), Now.AddMinutes(3), default);

        var processings = await Opened.Subjects.ReadProcessingsAsync(subject.Nik, default).ToListAsync();

        Assert.Equal([(second.Key, 1L), (first.Key, 0L)], processings.Select(p => (p.Record.BatchKey, p.Record.Offset)));
        Assert.Equal([Now.AddMinutes(1), Now.AddMinutes(2)], processings.Select(p => p.ReceivedAt));
        Assert.Equal((MatchOutcome.PossibleMatch, MatchOutcome.NotRegistered), (processings[0].Answered.Outcome, processings[0].Record.Verdict.Outcome));
        Assert.Equal(new SubjectReview(review.Id, ReviewDecision.DifferentPerson, Now.AddMinutes(3), null), processings[0].Review);
        Assert.Null(processings[1].Review);
        Assert.False(processings[1].Answered.Accepted);
        Assert.Empty(await Opened.Subjects.ReadProcessingsAsync(Workers.Nik(99), default).ToListAsync());
    }

    [SkippableFact]
    public async Task The_ledger_refuses_updates_and_deletes()
    {
        var (batch, _) = await Ledger.OpenAsync("DINKOP", "b1", Purpose.CoverageMatching, Now, default);
        var possible = new RecordVerdict([], MatchOutcome.PossibleMatch, Segment.Unspecified, 22, [], "3271012107850001");
        await Ledger.AppendChunkAsync(Chunk(batch.Key, 0, Records(1), [possible]), default);
        var review = Assert.Single(await Ledger.ListReviewsAsync(0, 10, false, default));
        await Ledger.DecideReviewAsync(review.Id, ReviewDecision.SamePerson, MatchOutcome.Active, Segment.Bpu,
            new ReviewedPair(new WorkerIdentity(Records(1)[0].Nik, "ASEP", "1988-05-17"), "3271012107850001", "X", ReviewDecision.SamePerson), Now, default);
        await Ledger.FinishAsync(batch.Key, Now, default);

        foreach (var sql in new[]
                 {
                     "UPDATE chunks SET accepted = 0", "DELETE FROM chunks", "UPDATE batches SET agency = 'X'", "DELETE FROM batches",
                     "DELETE FROM finishes", "UPDATE accepted_niks SET record_offset = 5", "DELETE FROM accepted_niks",
                     "DELETE FROM review_items", "UPDATE review_decisions SET outcome = 4", "DELETE FROM review_pairs",
                 })
        {
            var error = await Assert.ThrowsAnyAsync<DbException>(() => Storage.ExecuteAsync(sql));
            Assert.Contains("append-only", error.Message);
        }
    }

    [SkippableFact]
    public async Task Finishing_is_recorded_once_and_survives_reopening()
    {
        var (batch, _) = await Ledger.OpenAsync("DINKOP", "b1", Purpose.ApbdEnrollment, Now, default);
        await Ledger.AppendChunkAsync(Chunk(batch.Key, 0, Records(2), Verdicts(2)), default);
        var finished = await Ledger.FinishAsync(batch.Key, Now, default);
        var finishedLater = await Ledger.FinishAsync(batch.Key, Now.AddHours(1), default);
        Assert.Equal(Now, finished.FinishedAt);
        Assert.Equal(Now, finishedLater.FinishedAt);

        var reopened = (await Storage.OpenAsync()).Ledger;
        var stored = (await reopened.FindAsync("DINKOP", "b1", default))!;
        Assert.True(stored.IsFinished);
        Assert.Equal(2, stored.CommittedOffset);
        Assert.Equal(Purpose.ApbdEnrollment, stored.Purpose);
        Assert.True(await reopened.IsReachableAsync(default));
    }

    private static async Task<List<StoredVerdict>> ReadAsync(IBatchLedger ledger, long key, long from, long to) =>
        await ledger.ReadVerdictsAsync(key, from, to, default).ToListAsync();

    private static void AssertSameVerdict(RecordVerdict expected, RecordVerdict actual)
    {
        Assert.Equal(expected.Outcome, actual.Outcome);
        Assert.Equal(expected.Segment, actual.Segment);
        Assert.Equal(expected.Score, actual.Score);
        Assert.Equal(expected.Reasons, actual.Reasons);
        Assert.Equal(expected.Findings.Count, actual.Findings.Count);
        for (var i = 0; i < expected.Findings.Count; i++)
        {
            Assert.Equal(expected.Findings[i].Field, actual.Findings[i].Field);
            Assert.Equal(expected.Findings[i].Code, actual.Findings[i].Code);
            Assert.Equal(expected.Findings[i].Severity, actual.Findings[i].Severity);
            Assert.Equal(expected.Findings[i].Arguments, actual.Findings[i].Arguments);
        }
    }

    private static LedgerChunk Chunk(long batch, long first, IReadOnlyList<WorkerRecord> records, IReadOnlyList<RecordVerdict> verdicts,
        DateTimeOffset? at = null) => LedgerChunk.Create(batch, first, records, verdicts, at ?? Now);

    private static long Nik(WorkerRecord record) => long.Parse(record.Nik, CultureInfo.InvariantCulture);

    private static WorkerRecord[] Records(int count, int first = 1) =>
        Enumerable.Range(first, count).Select(i => new WorkerRecord { Nik = $"327101170588{i:0000}", FullName = "Asep" }).ToArray();

    private static RecordVerdict[] Verdicts(int count) =>
        Enumerable.Range(0, count).Select(_ => new RecordVerdict([], MatchOutcome.Unspecified, Segment.Unspecified, 0, [])).ToArray();

}

public sealed class SqliteLedgerTests() : BatchLedgerContract(SqliteStorage.CreateAsync);

public sealed class PostgresLedgerTests() : BatchLedgerContract(PostgresStorage.CreateAsync);
