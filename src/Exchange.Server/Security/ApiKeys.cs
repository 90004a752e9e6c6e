using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Exchange.Server.Security;

/// <summary>API keys: random, shown once, stored only as their SHA-256 (configuration holds the hash).</summary>
public static class ApiKeys
{
    /// <summary>Marks a string as an Exchange key, so a leaked one is easy to spot in logs and secret scanners.</summary>
    public const string Prefix = "exk_";

    /// <summary>A new key: 32 random bytes, base64url without padding, prefixed with <see cref="Prefix"/>.</summary>
    public static string Generate() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>SHA-256 of the key's UTF-8 bytes, lowercase hex: the form configuration stores.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>Whether <paramref name="key"/> hashes to <paramref name="sha256Hex"/>; compares in constant time.</summary>
    public static bool Matches(string key, string sha256Hex)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(sha256Hex);
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        // A malformed hash in configuration matches nothing rather than failing the call.
        if (sha256Hex.Length != 2 * SHA256.HashSizeInBytes
            || Convert.FromHexString(sha256Hex, expected, out _, out _) != OperationStatus.Done)
        {
            return false;
        }
        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), actual);
        // Constant time, so response timing says nothing about how much of a guessed hash was right.
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
