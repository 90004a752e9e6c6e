using System.Text;
using Exchange.Core.Audit;
using Exchange.Storage.Tests.Engines;

namespace Exchange.Storage.Tests.Contracts;

/// <summary>
/// The chain alone cannot show a trail re-hashed after an edit, nor entries cut from its end: checkpoints signed with a
/// key kept outside the database can, and the store refuses to number new entries as removed ones were.
/// </summary>
public abstract class AuditCheckpointContract : StorageContract, IDisposable
{
    private static readonly DateTimeOffset Start = BogorClock.DefaultStart;
    private readonly TempDirectory _directory = new("exchange-audit-checkpoints-");
    private readonly AuditKey _key;
    private readonly AuditCheckpointFile _checkpoints;

    protected AuditCheckpointContract(Func<Task<TestStorage>> create) : base(create)
    {
        _key = AuditKey.Create(_directory.File("audit.key"));
        _checkpoints = new AuditCheckpointFile(_directory.File("audit-checkpoints.log"));
    }

    private IAuditTrail Trail => Opened.Trail;

    [SkippableFact]
    public async Task A_trail_matching_its_checkpoints_is_intact_and_says_how_far_they_vouch()
    {
        await AppendAsync(250, checkpointEvery: 100);

        var verification = await _checkpoints.VerifyAsync(Trail, _key, default);

        Assert.Equal(new AuditVerification(true, 250, null, null, CheckpointsChecked: 2, LastCheckpointSequence: 200), verification);
    }

    [SkippableFact]
    public async Task A_chain_re_hashed_after_an_edit_holds_alone_but_not_against_the_next_checkpoint()
    {
        await AppendAsync(300, checkpointEvery: 100);
        await RewriteAndRehashAsync(150);

        var alone = await Trail.VerifyAsync(default);
        var checkedAgainstCheckpoints = await _checkpoints.VerifyAsync(Trail, _key, default);

        Assert.True(alone.Intact);
        Assert.Equal((false, 100L, 101L), (checkedAgainstCheckpoints.Intact, checkedAgainstCheckpoints.EntriesChecked, checkedAgainstCheckpoints.FirstBrokenSequence));
        Assert.StartsWith("entries 101 to 200 were rewritten and re-hashed: entry 200's hash is not the one signed in the checkpoint of", checkedAgainstCheckpoints.Problem);
    }

    [SkippableFact]
    public async Task Entries_cut_from_the_end_are_named_against_the_last_checkpoint()
    {
        await AppendAsync(300, checkpointEvery: 100);
        await Storage.TamperAsync("DELETE FROM audit_entries WHERE sequence > 290");

        var verification = await _checkpoints.VerifyAsync(Trail, _key, default);

        Assert.Equal((false, 290L, 291L), (verification.Intact, verification.EntriesChecked, verification.FirstBrokenSequence));
        Assert.EndsWith("signed entry 300: entries 291 to 300 were removed (truncated)", verification.Problem);
    }

    [SkippableFact]
    public async Task A_checkpoint_signed_with_another_key_or_altered_is_named()
    {
        var last = await AppendAsync(10, checkpointEvery: 10);
        var line = (await File.ReadAllLinesAsync(_checkpoints.Path)).Single();
        var forger = AuditKey.Create(_directory.File("forger.key"));

        await File.AppendAllTextAsync(_checkpoints.Path, AuditCheckpoint.Sign(forger, 10, last.Hash, Start).ToLine() + "\n");
        var forged = await _checkpoints.VerifyAsync(Trail, _key, default);
        await File.WriteAllTextAsync(_checkpoints.Path, line.Replace(" 10 ", " 9 ", StringComparison.Ordinal) + "\n");
        var altered = await _checkpoints.VerifyAsync(Trail, _key, default);

        Assert.Contains("the checkpoint on line 2", forged.Problem);
        Assert.Contains("is not signed by the audit key", forged.Problem);
        Assert.Contains("the checkpoint on line 1", altered.Problem);
        Assert.False(forged.Intact || altered.Intact);
    }

    [SkippableFact]
    public async Task A_trail_with_entries_but_no_checkpoints_does_not_verify()
    {
        await AppendAsync(5, checkpointEvery: null);

        var verification = await _checkpoints.VerifyAsync(Trail, null, default);

        Assert.False(verification.Intact);
        Assert.StartsWith("there are no checkpoints", verification.Problem);
    }

    [SkippableFact]
    public async Task An_append_after_entries_were_cut_from_the_end_is_refused_rather_than_reuse_their_numbers()
    {
        await AppendAsync(10, checkpointEvery: null);
        await Storage.TamperAsync("DELETE FROM audit_entries WHERE sequence > 7");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Trail.AppendAsync(Event(11), default));

        Assert.Equal("The audit trail ends at entry 7, but it had entry 10: entries were removed from its end. Nothing is appended until the trail is restored.",
            refused.Message);
        Assert.Equal(7, (await Trail.ReadLastAsync(default))!.Sequence);
    }

    private async Task<AuditEntry> AppendAsync(int count, int? checkpointEvery)
    {
        AuditEntry? last = null;
        for (var i = 1; i <= count; i++)
        {
            last = await Trail.AppendAsync(Event(i), default);
            if (i % checkpointEvery == 0)
            {
                _checkpoints.Append(AuditCheckpoint.Sign(_key, last.Sequence, last.Hash, last.Event.At));
            }
        }
        return last!;
    }

    private static AuditEvent Event(int i) => new(Start.AddSeconds(i), "dinsos", "Agency", "/jamsostek.exchange.v1.SubmissionService/GetBatch",
        $"b-{i}", 1, "OK", null);

    /// <summary>Changes one entry's caller and recomputes the hashes from there: what anyone who knows the algorithm can do.</summary>
    private async Task RewriteAndRehashAsync(long sequence)
    {
        // From the entry before it, whose hash the rewritten one links to.
        var entries = await Trail.ReadAsync(sequence - 2, int.MaxValue, default).ToListAsync();
        var previous = entries[0].Hash;
        var sql = new StringBuilder();
        foreach (var entry in entries.Skip(1))
        {
            var changed = entry.Sequence == sequence ? entry.Event with { Caller = "dinkop" } : entry.Event;
            var hash = AuditChain.Hash(previous, entry.Sequence, changed);
            sql.Append($"UPDATE audit_entries SET caller = '{changed.Caller}', previous_hash = '{previous}', hash = '{hash}' WHERE sequence = {entry.Sequence};");
            previous = hash;
        }
        await Storage.TamperAsync(sql.ToString());
    }

    public void Dispose() => _directory.Dispose();
}

public sealed class SqliteAuditCheckpointTests() : AuditCheckpointContract(SqliteStorage.CreateAsync);

public sealed class PostgresAuditCheckpointTests() : AuditCheckpointContract(PostgresStorage.CreateAsync);
