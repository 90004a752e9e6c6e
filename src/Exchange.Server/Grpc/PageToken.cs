using System.Buffers.Binary;

namespace Exchange.Server.Grpc;

/// <summary>Opaque page tokens: the ledger key to continue below, base64url-encoded.</summary>
public static class PageToken
{
    public static string Encode(long key)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, key);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static long? Decode(string token)
    {
        var base64 = token.Replace('-', '+').Replace('_', '/') + "=";
        Span<byte> bytes = stackalloc byte[9];
        return token.Length == 11 && Convert.TryFromBase64String(base64, bytes, out var written) && written == 8
            ? BinaryPrimitives.ReadInt64BigEndian(bytes)
            : null;
    }
}
