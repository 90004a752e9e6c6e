using System.Globalization;
using System.Text;

namespace Exchange.Core.Audit;

/// <summary>
/// A signed statement that the trail's entry <paramref name="Sequence"/> had the chain hash <paramref name="Hash"/>
/// at <paramref name="At"/>. Entries up to a checkpoint cannot be altered, re-hashed or removed without the
/// checkpoint showing it, unless whoever did it also holds the <see cref="AuditKey"/>.
/// </summary>
/// <param name="Sequence">The last entry of the trail when signed; 0 for a trail that was empty.</param>
/// <param name="Hash">That entry's hash (<see cref="AuditChain.GenesisHash"/> for an empty trail).</param>
/// <param name="Signature">HMAC-SHA256, lowercase hex, over version, sequence, hash and At (see <see cref="Sign"/>).</param>
public sealed record AuditCheckpoint(long Sequence, string Hash, DateTimeOffset At, string Signature)
{
    /// <summary>First word of every checkpoint line, and part of what is signed.</summary>
    public const string Version = "exchange-audit-checkpoint-v1";

    private const string TimeFormat = "yyyy-MM-ddTHH:mm:ss.fffffffZ";
    private const int HexLength = 64;

    public static AuditCheckpoint Sign(AuditKey key, long sequence, string hash, DateTimeOffset at)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        if (!IsHex(hash))
        {
            throw new ArgumentException("A chain hash is 64 lowercase hex digits.", nameof(hash));
        }
        var utc = at.ToUniversalTime();
        return new AuditCheckpoint(sequence, hash, utc, key.Sign(Signed(sequence, hash, utc)));
    }

    public bool IsSignedBy(AuditKey key) => key.Verifies(Signed(Sequence, Hash, At), Signature);

    /// <summary>One line of the checkpoint file: version, sequence, hash, time (UTC), signature, separated by spaces.</summary>
    public string ToLine() => string.Join(' ', Version, Sequence.ToString(CultureInfo.InvariantCulture), Hash,
        At.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture), Signature);

    /// <summary>The checkpoint a line holds, or null when the line is not one (not even its signature is checked here).</summary>
    public static AuditCheckpoint? Parse(string line)
    {
        var fields = line.Split(' ');
        return fields.Length == 5
               && fields[0] == Version
               && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
               && IsHex(fields[2])
               && DateTimeOffset.TryParseExact(fields[3], TimeFormat, CultureInfo.InvariantCulture,
                   DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
               && IsHex(fields[4])
            ? new AuditCheckpoint(sequence, fields[2], at, fields[4])
            : null;
    }

    // Each field is fixed in form (digits, 64 hex digits), so joining them with line feeds reads back one way only.
    private static byte[] Signed(long sequence, string hash, DateTimeOffset at) => Encoding.UTF8.GetBytes(string.Join('\n', Version,
        sequence.ToString(CultureInfo.InvariantCulture), hash, at.UtcTicks.ToString(CultureInfo.InvariantCulture)));

    private static bool IsHex(string text) => text.Length == HexLength && text.All(char.IsAsciiHexDigitLower);
}
