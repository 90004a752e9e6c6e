using System.Buffers.Binary;

namespace Exchange.Server.Grpc;

/// <summary>Opaque page tokens: the ledger key to continue below (or a day and a NIK, or a NIK, to continue after), base64url-encoded.</summary>
public static class PageToken
{
    private const int NikDigits = 16;

    public static string Encode(long key)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, key);
        return Base64Url(bytes);
    }

    public static string Encode(DateOnly day, string nik)
    {
        Span<byte> bytes = stackalloc byte[4 + NikDigits];
        BinaryPrimitives.WriteInt32BigEndian(bytes, day.DayNumber);
        System.Text.Encoding.ASCII.GetBytes(nik, bytes[4..]);
        return Base64Url(bytes);
    }

    public static (DateOnly Day, string Nik)? DecodeDayAndNik(string token)
    {
        Span<byte> bytes = stackalloc byte[4 + NikDigits + 1];
        if (token.Length != 27 || !Convert.TryFromBase64String(token.Replace('-', '+').Replace('_', '/') + "=", bytes, out var written)
            || written != 4 + NikDigits || bytes[4..written].ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return null;
        }
        var dayNumber = BinaryPrimitives.ReadInt32BigEndian(bytes);
        return dayNumber < DateOnly.MinValue.DayNumber || dayNumber > DateOnly.MaxValue.DayNumber
            ? null
            : (DateOnly.FromDayNumber(dayNumber), System.Text.Encoding.ASCII.GetString(bytes[4..written]));
    }

    public static string Encode(string nik) => Base64Url(System.Text.Encoding.ASCII.GetBytes(nik));

    /// <summary>The NIK <see cref="Encode(string)"/> wrote, or null.</summary>
    public static string? DecodeNik(string token)
    {
        Span<byte> bytes = stackalloc byte[NikDigits + 1];
        return token.Length == 22 && Convert.TryFromBase64String(token.Replace('-', '+').Replace('_', '/') + "==", bytes, out var written)
            && written == NikDigits && !bytes[..written].ContainsAnyExceptInRange((byte)'0', (byte)'9')
            ? System.Text.Encoding.ASCII.GetString(bytes[..written])
            : null;
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static long? Decode(string token)
    {
        var base64 = token.Replace('-', '+').Replace('_', '/') + "=";
        Span<byte> bytes = stackalloc byte[9];
        return token.Length == 11 && Convert.TryFromBase64String(base64, bytes, out var written) && written == 8
            ? BinaryPrimitives.ReadInt64BigEndian(bytes)
            : null;
    }
}
