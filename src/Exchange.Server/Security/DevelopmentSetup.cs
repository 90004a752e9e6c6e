using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Exchange.Server.Security;

/// <summary>A caller of a development setup and what its client needs to connect as it.</summary>
public sealed record DevelopmentCaller(
    string Name, CallerRole Role, string? Agency, string ApiKey, string CertificatePath, string KeyPath);

/// <summary>A development setup on disk (all paths absolute); <see cref="Callers"/> is keyed by caller name.</summary>
public sealed record DevelopmentSetupResult(
    string Directory,
    string ConfigurationFile,
    string CaCertificatePath,
    string CaKeyPath,
    string ServerCertificatePath,
    string ServerKeyPath,
    IReadOnlyDictionary<string, DevelopmentCaller> Callers);

/// <summary>
/// Development mode: a local CA, a server certificate for loopback, and a client certificate and API key for one caller
/// of each role, plus a configuration file with the Exchange:Security callers that accepts them. Purposes are not
/// written there; they come from their defaults and the configuration. The directory and the clients directory in it
/// are created open to their owner only, and every key and the API keys file readable by their owner only.
/// </summary>
public static class DevelopmentSetup
{
    public const string CaCommonName = "Exchange Development CA";

    /// <summary>JSON configuration file with the Exchange:Security section (paths, callers, key hashes).</summary>
    public const string ConfigurationFileName = "exchange.security.json";

    /// <summary>The API keys in plain text, readable by the owner only: the one place they are kept.</summary>
    public const string ApiKeysFileName = "api-keys.txt";

    private static readonly (string Name, CallerRole Role, string? Agency)[] Callers =
    [
        ("dinkop", CallerRole.Agency, "DINKOP"),
        ("dinsos", CallerRole.Agency, "DINSOS"),
        ("bpjs", CallerRole.Bpjs, null),
        ("admin", CallerRole.Admin, null),
        ("observer", CallerRole.Observer, null),
    ];

    /// <summary>Backdating new certificates a little lets a client whose clock runs slightly behind accept them.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// Makes the setup in <paramref name="directory"/>, or returns the complete one already there. An incomplete setup is
    /// completed: files that exist are kept (keys and API keys are never replaced), missing ones are issued by the
    /// existing CA; a file that cannot be kept consistently (half a key pair, a certificate from another CA) stops it.
    /// </summary>
    public static DevelopmentSetupResult Create(string directory, DateTimeOffset now)
    {
        var fullPath = Path.GetFullPath(directory);
        if (Load(fullPath) is { } existing)
        {
            return existing;
        }

        SecretDirectory.Create(fullPath);
        SecretDirectory.Create(Path.Combine(fullPath, "clients"));
        var apiKeys = ReadApiKeys(Path.Combine(fullPath, ApiKeysFileName));
        foreach (var (name, _, _) in Callers)
        {
            apiKeys.TryAdd(name, ApiKeys.Generate());
        }
        var setup = Result(fullPath, apiKeys);

        using var ca = OpenOrCreateCa(setup, now);
        var notBefore = now - ClockSkew;
        var notAfter = new DateTimeOffset(ca.Certificate.NotAfter);
        KeepOrIssue(ca, setup.ServerCertificatePath, setup.ServerKeyPath, CertificateAuthority.ServerAuthentication, now,
            () => ca.IssueServerCertificate(notBefore, notAfter));
        foreach (var caller in InOrder(setup))
        {
            KeepOrIssue(ca, caller.CertificatePath, caller.KeyPath, CertificateAuthority.ClientAuthentication, now,
                () => ca.IssueClientCertificate(caller.Name, notBefore, notAfter));
        }
        WriteApiKeys(setup);
        // Written last: its presence (with the rest) is what makes Load see a complete setup.
        WriteConfiguration(setup);
        return setup;
    }

    /// <summary>The complete setup in <paramref name="directory"/>, or null if any of its files is missing.</summary>
    public static DevelopmentSetupResult? Load(string directory)
    {
        var fullPath = Path.GetFullPath(directory);
        var apiKeys = ReadApiKeys(Path.Combine(fullPath, ApiKeysFileName));
        if (Callers.Any(caller => !apiKeys.ContainsKey(caller.Name)))
        {
            return null;
        }
        var setup = Result(fullPath, apiKeys);
        string[] files =
        [
            setup.ConfigurationFile, setup.CaCertificatePath, setup.CaKeyPath, setup.ServerCertificatePath, setup.ServerKeyPath,
            .. setup.Callers.Values.SelectMany(caller => new[] { caller.CertificatePath, caller.KeyPath }),
        ];
        return files.All(File.Exists) ? setup : null;
    }

    private static DevelopmentSetupResult Result(string directory, Dictionary<string, string> apiKeys) => new(
        directory,
        Path.Combine(directory, ConfigurationFileName),
        Path.Combine(directory, "ca.crt.pem"),
        Path.Combine(directory, "ca.key.pem"),
        Path.Combine(directory, "server.crt.pem"),
        Path.Combine(directory, "server.key.pem"),
        Callers.ToDictionary(
            caller => caller.Name,
            caller => new DevelopmentCaller(caller.Name, caller.Role, caller.Agency, apiKeys[caller.Name],
                Path.Combine(directory, "clients", caller.Name + ".crt.pem"),
                Path.Combine(directory, "clients", caller.Name + ".key.pem")),
            StringComparer.Ordinal));

    /// <summary>The callers in their fixed order, so the files come out the same every time.</summary>
    private static IEnumerable<DevelopmentCaller> InOrder(DevelopmentSetupResult setup) =>
        Callers.Select(caller => setup.Callers[caller.Name]);

    private static CertificateAuthority OpenOrCreateCa(DevelopmentSetupResult setup, DateTimeOffset now)
    {
        var hasCertificate = File.Exists(setup.CaCertificatePath);
        var hasKey = File.Exists(setup.CaKeyPath);
        if (hasCertificate && hasKey)
        {
            var existing = CertificateAuthority.Load(setup.CaCertificatePath, setup.CaKeyPath);
            if (now > new DateTimeOffset(existing.Certificate.NotAfter))
            {
                existing.Dispose();
                throw new InvalidOperationException($"The development CA in {setup.Directory} has expired; delete the directory to start over.");
            }
            return existing;
        }
        if (hasCertificate || hasKey)
        {
            throw HalfPair(hasCertificate ? setup.CaCertificatePath : setup.CaKeyPath, hasCertificate ? setup.CaKeyPath : setup.CaCertificatePath);
        }
        var ca = CertificateAuthority.Create(CaCommonName, now - ClockSkew, now.AddYears(2));
        CertificateAuthority.WritePem(ca.Certificate, setup.CaCertificatePath, setup.CaKeyPath);
        return ca;
    }

    private static void KeepOrIssue(
        CertificateAuthority ca, string certificatePath, string keyPath, string usage, DateTimeOffset now, Func<X509Certificate2> issue)
    {
        var hasCertificate = File.Exists(certificatePath);
        var hasKey = File.Exists(keyPath);
        if (hasCertificate && hasKey)
        {
            // Loading also checks that the key belongs to the certificate.
            using var existing = CertificateAuthority.LoadCertificateWithKey(certificatePath, keyPath);
            if (!CertificateAuthority.IsIssuedBy(existing, ca.Certificate, now, usage, out var problem))
            {
                throw new InvalidOperationException($"{certificatePath} cannot be kept: {problem}. Delete it and its key to issue a new pair.");
            }
            return;
        }
        if (hasCertificate || hasKey)
        {
            throw HalfPair(hasCertificate ? certificatePath : keyPath, hasCertificate ? keyPath : certificatePath);
        }
        using var issued = issue();
        CertificateAuthority.WritePem(issued, certificatePath, keyPath);
    }

    private static InvalidOperationException HalfPair(string present, string missing) =>
        new($"{missing} is missing but {present} exists; delete {present} to issue a new pair.");

    private static Dictionary<string, string> ReadApiKeys(string path)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return keys;
        }
        foreach (var line in File.ReadLines(path))
        {
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields is [var name, _, _, var key] && !name.StartsWith('#') && key.StartsWith(ApiKeys.Prefix, StringComparison.Ordinal))
            {
                keys[name] = key;
            }
        }
        return keys;
    }

    private static void WriteApiKeys(DevelopmentSetupResult setup)
    {
        var text = new StringBuilder()
            .Append("# Exchange development API keys. Keep this file private: the gateway stores only their SHA-256.\n")
            .Append($"# {"name",-8} {"role",-9} {"agency",-7} key\n");
        foreach (var caller in InOrder(setup))
        {
            text.Append($"{caller.Name,-10} {caller.Role,-9} {caller.Agency ?? "-",-7} {caller.ApiKey}\n");
        }
        SecretFile.Write(Path.Combine(setup.Directory, ApiKeysFileName), text.ToString());
    }

    private static void WriteConfiguration(DevelopmentSetupResult setup)
    {
        var configuration = new
        {
            Exchange = new
            {
                Security = new
                {
                    ClientCaCertificate = setup.CaCertificatePath,
                    ServerCertificate = setup.ServerCertificatePath,
                    ServerKey = setup.ServerKeyPath,
                    Callers = InOrder(setup).Select(caller => new
                    {
                        caller.Name,
                        Role = caller.Role.ToString(),
                        caller.Agency,
                        ApiKeySha256 = ApiKeys.Hash(caller.ApiKey),
                        CertificateCommonName = caller.Name,
                    }),
                },
            },
        };
        File.WriteAllText(setup.ConfigurationFile, JsonSerializer.Serialize(configuration, Json) + "\n");
    }
}
