using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Exchange.Core.Audit;

/// <summary>
/// The hash chain of the audit trail. Each entry's hash covers its sequence number, its event and the
/// previous entry's hash, so altering, removing, inserting or re-ordering an entry breaks its own hash
/// or the link of the entry after it. Removing entries from the end leaves a shorter chain that holds, and
/// anyone can recompute the whole chain after an edit: only hashes signed elsewhere show either
/// (<see cref="AuditCheckpoint"/>).
/// </summary>
/// <remarks>
/// <para>Canonical encoding, version 1: these fields, in this order, nothing between them:</para>
/// <list type="number">
/// <item>the text <c>exchange-audit-v1</c>;</item>
/// <item>previous hash (text);</item>
/// <item>sequence (integer);</item>
/// <item>At as UTC ticks, 100 ns since 0001-01-01 (integer): the instant, whatever offset it was written with;</item>
/// <item>Caller, Role, Method (text);</item>
/// <item>BatchId (text or absent);</item>
/// <item>RecordCount (integer);</item>
/// <item>Outcome (text);</item>
/// <item>Detail (text or absent).</item>
/// </list>
/// <para>Integer: 8 bytes, big-endian two's complement. Text: its UTF-8 byte count as 4 bytes big-endian,
/// then the bytes. Absent: the count -1 (FF FF FF FF) and no bytes, so absent and empty differ.</para>
/// <para>Every field has a fixed size or says its own length and the order is fixed, so an encoding reads
/// back one way only: different entries never share one, and ("ab", "c") never collides with ("a", "bc").
/// Text that is not well-formed UTF-16 (a lone surrogate) encodes as U+FFFD, as SQLite stores it.</para>
/// <para>The hash is SHA-256 over the encoding, as 64 lowercase hex digits.</para>
/// </remarks>
public static class AuditChain
{
    /// <summary>The previous hash of the first entry.</summary>
    public static readonly string GenesisHash = new('0', 64);

    private const string Version = "exchange-audit-v1";
    private const int Absent = -1;

    /// <summary>The canonical encoding of an entry (see the remarks on <see cref="AuditChain"/>).</summary>
    public static byte[] Encode(string previousHash, long sequence, AuditEvent auditEvent)
    {
        string?[] texts = [Version, previousHash, auditEvent.Caller, auditEvent.Role, auditEvent.Method, auditEvent.BatchId,
            auditEvent.Outcome, auditEvent.Detail];
        var size = 3 * sizeof(long);
        foreach (var text in texts)
        {
            size += sizeof(int) + (text is null ? 0 : Encoding.UTF8.GetByteCount(text));
        }
        var encoding = new byte[size];
        var rest = encoding.AsSpan();
        WriteText(ref rest, Version);
        WriteText(ref rest, previousHash);
        WriteInteger(ref rest, sequence);
        WriteInteger(ref rest, auditEvent.At.UtcTicks);
        WriteText(ref rest, auditEvent.Caller);
        WriteText(ref rest, auditEvent.Role);
        WriteText(ref rest, auditEvent.Method);
        WriteText(ref rest, auditEvent.BatchId);
        WriteInteger(ref rest, auditEvent.RecordCount);
        WriteText(ref rest, auditEvent.Outcome);
        WriteText(ref rest, auditEvent.Detail);
        Debug.Assert(rest.IsEmpty);
        return encoding;
    }

    /// <summary>SHA-256 of the canonical encoding, lowercase hex.</summary>
    public static string Hash(string previousHash, long sequence, AuditEvent auditEvent) =>
        Convert.ToHexStringLower(SHA256.HashData(Encode(previousHash, sequence, auditEvent)));

    /// <summary>
    /// Why <paramref name="entry"/> does not hold where the chain expects
    /// <paramref name="expectedSequence"/> after an entry hashed <paramref name="expectedPreviousHash"/>;
    /// null when it holds. Checking entries in order with this keeps only the last hash in memory.
    /// </summary>
    public static string? Problem(AuditEntry entry, long expectedSequence, string expectedPreviousHash)
    {
        if (entry.Sequence != expectedSequence)
        {
            return (entry.Sequence - expectedSequence) switch
            {
                1 => $"entry {expectedSequence} is missing",
                > 1 => $"entries {expectedSequence} to {entry.Sequence - 1} are missing",
                _ => $"sequence {entry.Sequence} where {expectedSequence} was expected",
            };
        }
        if (!string.Equals(entry.PreviousHash, expectedPreviousHash, StringComparison.Ordinal))
        {
            return expectedSequence == 1
                ? "the first entry does not start from the genesis hash"
                : $"its previous hash is not the hash of entry {expectedSequence - 1} (an entry was inserted, removed or moved)";
        }
        if (!string.Equals(entry.Hash, Hash(entry.PreviousHash, entry.Sequence, entry.Event), StringComparison.Ordinal))
        {
            return "its hash does not match its contents (the entry was altered)";
        }
        return null;
    }

    private static void WriteInteger(ref Span<byte> rest, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(rest, value);
        rest = rest[sizeof(long)..];
    }

    private static void WriteText(ref Span<byte> rest, string? text)
    {
        if (text is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(rest, Absent);
            rest = rest[sizeof(int)..];
            return;
        }
        var length = Encoding.UTF8.GetBytes(text, rest[sizeof(int)..]);
        BinaryPrimitives.WriteInt32BigEndian(rest, length);
        rest = rest[(sizeof(int) + length)..];
    }
}
