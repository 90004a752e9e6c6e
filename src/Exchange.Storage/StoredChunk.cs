using Exchange.Core.Batches;
using Google.Protobuf;
using Jamsostek.Exchange.V1;

namespace Exchange.Storage;

/// <summary>
/// A chunk as every engine stores it: its records as one protobuf <see cref="RecordChunk"/>, its verdicts as
/// <see cref="VerdictCodec"/> bytes. Reading a slice of it back, with BPJS's review decisions applied, is the same
/// whichever engine held the bytes, so it is written once, here.
/// </summary>
internal static class StoredChunk
{
    public static byte[] EncodeRecords(LedgerChunk chunk)
    {
        var records = new RecordChunk { FirstOffset = chunk.FirstOffset };
        records.Records.AddRange(chunk.Records);
        return records.ToByteArray();
    }

    /// <summary>The verdicts of the chunk's offsets in [<paramref name="from"/>, <paramref name="to"/>), each with its decision applied.</summary>
    public static IEnumerable<StoredVerdict> Verdicts(long first, byte[] verdicts, long from, long to, Func<long, ReviewedOutcome?> decision)
    {
        var decoded = VerdictCodec.Decode(verdicts);
        for (var offset = Math.Max(first, from); offset < Math.Min(first + decoded.Length, to); offset++)
        {
            yield return new StoredVerdict(offset, ReviewedOutcome.Apply(decoded[offset - first], decision(offset)));
        }
    }

    /// <summary>The chunk's records with offsets in [<paramref name="from"/>, <paramref name="to"/>), as they were sent.</summary>
    public static IEnumerable<WorkerRecord> Records(long first, byte[] records, long from, long to)
    {
        var decoded = RecordChunk.Parser.ParseFrom(records).Records;
        for (var offset = Math.Max(first, from); offset < Math.Min(first + decoded.Count, to); offset++)
        {
            yield return decoded[(int)(offset - first)];
        }
    }

    /// <summary>The chunk's accepted records, in offset order, each with its decision applied.</summary>
    public static IEnumerable<LedgerRecord> Accepted(long batchKey, string agency, string batchId, Purpose purpose, long first, byte[] records,
        byte[] verdicts, Func<long, ReviewedOutcome?> decision)
    {
        var workers = RecordChunk.Parser.ParseFrom(records).Records;
        var decoded = VerdictCodec.Decode(verdicts);
        for (var i = 0; i < decoded.Length; i++)
        {
            if (decoded[i].Accepted)
            {
                yield return new LedgerRecord(batchKey, agency, batchId, purpose, first + i, workers[i],
                    ReviewedOutcome.Apply(decoded[i], decision(first + i)));
            }
        }
    }
}
