using System.Text;

namespace Exchange.Core.Audit;

/// <summary>
/// The checkpoints of one trail, one line each (<see cref="AuditCheckpoint.ToLine"/>), appended to a file that is
/// not the database and created readable by its owner only. Lines are only ever added. Kept where the database's
/// writers cannot write (another volume, a write-once store), it also shows entries removed from the trail's end.
/// </summary>
public sealed class AuditCheckpointFile(string path)
{
    public string Path { get; } = path;

    public bool Exists => File.Exists(Path);

    /// <summary>Appends one line and flushes it to the disk before returning.</summary>
    public void Append(AuditCheckpoint checkpoint)
    {
        OwnerOnlyFile.CreateDirectoryOf(Path);
        using var file = new FileStream(Path, OwnerOnlyFile.Options(FileMode.Append));
        // One write of the whole line: appends of two processes do not interleave within a line.
        file.Write(Encoding.UTF8.GetBytes(checkpoint.ToLine() + "\n"));
        file.Flush(flushToDisk: true);
    }

    /// <summary>Every non-blank line with its number (from 1) and its checkpoint, null for a line that is not one.</summary>
    public IReadOnlyList<(int Line, AuditCheckpoint? Checkpoint)> Read()
    {
        if (!Exists)
        {
            return [];
        }
        return File.ReadLines(Path)
            .Select((text, index) => (Line: index + 1, Text: text))
            .Where(line => !string.IsNullOrWhiteSpace(line.Text))
            .Select(line => (line.Line, AuditCheckpoint.Parse(line.Text.Trim())))
            .ToList();
    }

    /// <summary>
    /// The trail checked against the checkpoints in this file: every line must be a checkpoint signed by
    /// <paramref name="key"/>, and the trail must match each of them. A trail with entries but no checkpoint file does
    /// not verify: nothing would show entries removed from its end. <paramref name="key"/> may be null only when there
    /// are no checkpoints to check.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(IAuditTrail trail, AuditKey? key, CancellationToken cancellationToken)
    {
        var lines = Read();
        var checkpoints = new List<AuditCheckpoint>(lines.Count);
        foreach (var (line, checkpoint) in lines)
        {
            if (checkpoint is null)
            {
                return Refused($"line {line} of the checkpoint file {Path} is not a checkpoint: the file was altered");
            }
            if (key is null)
            {
                return Refused($"the checkpoint file {Path} holds checkpoints, but there is no audit key to check them with");
            }
            if (!checkpoint.IsSignedBy(key))
            {
                return Refused($"the checkpoint on line {line} of {Path} (entry {checkpoint.Sequence}) is not signed by the audit key: "
                    + "the checkpoint file was altered, or a checkpoint was forged");
            }
            checkpoints.Add(checkpoint);
        }
        var verification = await trail.VerifyAsync(checkpoints, cancellationToken);
        if (verification.Intact && verification.EntriesChecked > 0 && checkpoints.Count == 0)
        {
            return verification with
            {
                Intact = false,
                Problem = $"there are no checkpoints ({Path} {(Exists ? "is empty" : "does not exist")}): entries removed from the end of the trail, or the trail re-hashed, would not show",
            };
        }
        return verification;
    }

    private static AuditVerification Refused(string problem) => new(false, 0, null, problem);
}
