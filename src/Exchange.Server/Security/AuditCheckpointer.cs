using Exchange.Core.Audit;
using Exchange.Server.Hosting;

namespace Exchange.Server.Security;

/// <summary>
/// The audit trail as the gateway uses it: appends go to the store, and the chain's head is signed with the audit key
/// into the checkpoint file (and logged) every N entries, every few minutes by the gateway's clock when entries were
/// added, at start and at shutdown. Verifying checks the trail against every checkpoint. At start it refuses to run on
/// a trail that no longer matches its last checkpoint, so it never numbers new entries as removed ones were.
/// </summary>
public sealed class AuditCheckpointer(IAuditTrail store, AuditSettings settings, TimeProvider clock, ILogger<AuditCheckpointer> logger)
    : IAuditTrail, IHostedService, IDisposable
{
    private readonly AuditCheckpointFile _file = new(settings.AuditCheckpointFile);
    private readonly Lock _lock = new();
    private AuditKey? _key;
    private (long Sequence, string Hash) _head = (0, AuditChain.GenesisHash);
    private long _checkpointed = -1;
    private ITimer? _timer;

    private AuditKey Key => _key ?? throw new InvalidOperationException("The audit trail was not opened.");

    /// <summary>
    /// Loads the key (or makes one, for a trail that has no checkpoints yet), checks the trail from the last checkpoint to
    /// its end, and signs its head. Throws when the trail does not match: see <see cref="CheckAgainstAsync"/>.
    /// </summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        var lines = _file.Read();
        if (File.Exists(settings.AuditKeyFile))
        {
            _key = AuditKey.Load(settings.AuditKeyFile);
        }
        else if (lines.Count == 0)
        {
            _key = AuditKey.Create(settings.AuditKeyFile);
            logger.LogWarning("Created the audit key {Path}: keep a copy, and in production keep it where whoever can write the database cannot read it",
                settings.AuditKeyFile);
        }
        else
        {
            throw Refuse($"the audit key {settings.AuditKeyFile} is missing, but {_file.Path} holds checkpoints signed with a key: restore the key file");
        }
        var head = await store.ReadLastAsync(cancellationToken);
        _head = head is null ? (0, AuditChain.GenesisHash) : (head.Sequence, head.Hash);
        if (lines.Count == 0)
        {
            if (head is not null)
            {
                logger.LogWarning("No audit checkpoints in {Path}: the trail's {Count} entries are signed as found", _file.Path, head.Sequence);
            }
        }
        else if (await CheckAgainstAsync(lines[^1].Line, lines[^1].Checkpoint, cancellationToken) is { } problem)
        {
            throw Refuse(problem);
        }
        else
        {
            _checkpointed = lines[^1].Checkpoint!.Sequence;
        }
        Checkpoint("start");
    }

    /// <summary>
    /// Why the trail does not continue from <paramref name="checkpoint"/>: the checkpoint is not signed by the key, the
    /// entry it names is gone or has another hash, or an entry after it does not link. Null when it continues.
    /// </summary>
    private async Task<string?> CheckAgainstAsync(int line, AuditCheckpoint? checkpoint, CancellationToken cancellationToken)
    {
        if (checkpoint is null || !checkpoint.IsSignedBy(Key))
        {
            return $"line {line} of {_file.Path} is not a checkpoint signed by the audit key {settings.AuditKeyFile}";
        }
        var at = checkpoint.At.UtcDateTime.ToString("u", System.Globalization.CultureInfo.InvariantCulture);
        if (_head.Sequence == 0 && checkpoint.Sequence > 0)
        {
            return $"the database has no audit entries, but the checkpoint of {at} signed entry {checkpoint.Sequence}: its database file is missing or was replaced by a new one";
        }
        if (_head.Sequence < checkpoint.Sequence)
        {
            return $"the trail ends at entry {_head.Sequence}, but the checkpoint of {at} signed entry {checkpoint.Sequence}: entries were removed from its end";
        }
        var (expected, previous) = (checkpoint.Sequence + 1, checkpoint.Hash);
        var found = checkpoint.Sequence == 0;
        await foreach (var entry in store.ReadAsync(checkpoint.Sequence - 1, int.MaxValue, cancellationToken))
        {
            if (!found)
            {
                if (entry.Sequence != checkpoint.Sequence || !string.Equals(entry.Hash, checkpoint.Hash, StringComparison.Ordinal))
                {
                    return $"entry {checkpoint.Sequence} does not have the hash the checkpoint of {at} signed: the trail was rewritten";
                }
                found = true;
                continue;
            }
            if (AuditChain.Problem(entry, expected, previous) is { } problem)
            {
                return $"entry {entry.Sequence}, after the checkpoint of {at}: {problem}";
            }
            (expected, previous) = (entry.Sequence + 1, entry.Hash);
        }
        return null;
    }

    private GatewayStartRefusedException Refuse(string problem) => new(
        $"The audit trail does not match its checkpoints: {problem}. The gateway does not start on it, so that no new entry takes the " +
        $"number of a removed one. Run audit-verify; restore the database (or the key) from a backup, or, once investigated, move " +
        $"{_file.Path} aside, keeping it as evidence, to start a new checkpoint file.");

    public async Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        var entry = await store.AppendAsync(auditEvent, cancellationToken);
        bool due;
        lock (_lock)
        {
            if (entry.Sequence > _head.Sequence)
            {
                _head = (entry.Sequence, entry.Hash);
            }
            due = _head.Sequence - _checkpointed >= settings.AuditCheckpointEveryEntries;
        }
        if (due)
        {
            Checkpoint("entries");
        }
        return entry;
    }

    public IAsyncEnumerable<AuditEntry> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken) =>
        store.ReadAsync(afterSequence, limit, cancellationToken);

    public Task<AuditEntry?> ReadLastAsync(CancellationToken cancellationToken) => store.ReadLastAsync(cancellationToken);

    public IAsyncEnumerable<AuditEntry> FindAsync(string method, string detailPrefix, CancellationToken cancellationToken) =>
        store.FindAsync(method, detailPrefix, cancellationToken);

    /// <summary>The chain, and the trail against every checkpoint in the checkpoint file.</summary>
    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken) => _file.VerifyAsync(store, Key, cancellationToken);

    public Task<AuditVerification> VerifyAsync(IReadOnlyCollection<AuditCheckpoint> checkpoints, CancellationToken cancellationToken) =>
        store.VerifyAsync(checkpoints, cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var every = TimeSpan.FromMinutes(settings.AuditCheckpointEveryMinutes);
        _timer = clock.CreateTimer(_ => Checkpoint("interval"), null, every, every);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }
        Checkpoint("shutdown");
    }

    /// <summary>Signs the head into the checkpoint file and the log, unless it was signed already.</summary>
    private void Checkpoint(string reason)
    {
        lock (_lock)
        {
            if (_head.Sequence == _checkpointed)
            {
                return;
            }
            var checkpoint = AuditCheckpoint.Sign(Key, _head.Sequence, _head.Hash, clock.GetUtcNow());
            try
            {
                _file.Append(checkpoint);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The calls go on; a checkpoint that could not be written must be loud, and is tried again at the next one.
                logger.LogError(exception, "Could not write the audit checkpoint of entry {Sequence} to {Path}", checkpoint.Sequence, _file.Path);
                return;
            }
            _checkpointed = checkpoint.Sequence;
            // The log is a second copy outside the data directory, wherever the logs are shipped.
            logger.LogInformation("Audit checkpoint ({Reason}): entry {Sequence}, hash {Hash}, signature {Signature}",
                reason, checkpoint.Sequence, checkpoint.Hash, checkpoint.Signature);
        }
    }

    public void Dispose() => _timer?.Dispose();
}
