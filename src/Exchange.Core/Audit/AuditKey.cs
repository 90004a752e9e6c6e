using System.Security.Cryptography;

namespace Exchange.Core.Audit;

/// <summary>
/// The secret that signs audit checkpoints (HMAC-SHA256). It lives in its own file and never in the database:
/// someone who can rewrite the database, and recompute its unkeyed hash chain, still cannot sign a checkpoint
/// that vouches for what they wrote. The file holds the key as hex text.
/// </summary>
public sealed class AuditKey
{
    /// <summary>Bytes of a generated key, and the fewest a key file may hold.</summary>
    public const int Length = 32;

    private readonly byte[] _key;

    private AuditKey(byte[] key) => _key = key;

    /// <summary>The key in <paramref name="path"/>; throws <see cref="InvalidDataException"/> when the file holds no key.</summary>
    public static AuditKey Load(string path)
    {
        byte[] key;
        try
        {
            key = Convert.FromHexString(File.ReadAllText(path).Trim());
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"{path} does not hold an audit key (hex text).");
        }
        return key.Length >= Length
            ? new AuditKey(key)
            : throw new InvalidDataException($"The audit key in {path} has {key.Length} bytes; it needs at least {Length}.");
    }

    /// <summary>
    /// A new random key, written to <paramref name="path"/>, which must not exist, readable by its owner only (its
    /// directory, when missing, made open to its owner only).
    /// </summary>
    public static AuditKey Create(string path)
    {
        var key = new AuditKey(RandomNumberGenerator.GetBytes(Length));
        OwnerOnlyFile.CreateDirectoryOf(path);
        using (var writer = new StreamWriter(path, OwnerOnlyFile.Options(FileMode.CreateNew)))
        {
            writer.WriteLine(Convert.ToHexStringLower(key._key));
        }
        return key;
    }

    /// <summary>HMAC-SHA256 of <paramref name="data"/>, lowercase hex.</summary>
    public string Sign(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, data));

    /// <summary>Whether <paramref name="signature"/> is this key's signature of <paramref name="data"/> (compared in constant time).</summary>
    public bool Verifies(ReadOnlySpan<byte> data, string signature)
    {
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, data, expected);
        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        return Convert.FromHexString(signature, given, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == given.Length
            && CryptographicOperations.FixedTimeEquals(expected, given);
    }
}

/// <summary>Files of the audit trail's protection: created readable and writable by their owner only.</summary>
internal static class OwnerOnlyFile
{
    public static FileStreamOptions Options(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        return options;
    }

    public static void CreateDirectoryOf(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
