using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Exchange.Server.Security;

/// <summary>
/// A small X.509 CA for mutual TLS: it issues the gateway's server certificate and one client certificate per
/// caller (the certificate's CN names the caller), and checks that a presented certificate came from it.
/// Keys are ECDSA P-256; a loaded CA may also hold an RSA key.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    /// <summary>Extended key usage OID id-kp-serverAuth.</summary>
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>Extended key usage OID id-kp-clientAuth.</summary>
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private CertificateAuthority(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The CA's self-signed certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>A new CA with a fresh key, allowed to sign end-entity certificates only (path length 0).</summary>
    public static CertificateAuthority Create(string commonName, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(Name(commonName), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(
            certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        using var certificate = request.CreateSelfSigned(WholeSeconds(notBefore), WholeSeconds(notAfter));
        return new CertificateAuthority(Usable(certificate));
    }

    /// <summary>A CA from its PEM certificate and (unencrypted) PEM private key, e.g. as written by <see cref="WritePem"/>.</summary>
    public static CertificateAuthority Load(string certPemPath, string keyPemPath)
    {
        var certificate = LoadCertificateWithKey(certPemPath, keyPemPath);
        if (!IsCa(certificate))
        {
            certificate.Dispose();
            throw new InvalidOperationException($"{certPemPath} is not a CA certificate (basic constraints do not allow signing certificates).");
        }
        return new CertificateAuthority(certificate);
    }

    /// <summary>The gateway's TLS certificate for local use: SAN 127.0.0.1, ::1 and localhost; server authentication only.</summary>
    public X509Certificate2 IssueServerCertificate(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        return Issue(Name("localhost"), ServerAuthentication, names.Build(), notBefore, notAfter);
    }

    /// <summary>A caller's certificate with CN <paramref name="commonName"/>, client authentication only; includes its private key.</summary>
    public X509Certificate2 IssueClientCertificate(string commonName, DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        Issue(Name(commonName), ClientAuthentication, subjectAlternativeName: null, notBefore, notAfter);

    /// <summary>
    /// Writes the certificate and its private key (PKCS#8) as PEM; the key file is readable by its owner only
    /// and replaced atomically, so it is never visible half written or to other users.
    /// </summary>
    public static void WritePem(X509Certificate2 certificate, string certPath, string keyPath)
    {
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey()
            ?? certificate.GetRSAPrivateKey()
            ?? throw new ArgumentException("The certificate has no ECDSA or RSA private key to write.", nameof(certificate));
        SecretFile.Write(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllText(certPath, certificate.ExportCertificatePem() + "\n");
    }

    /// <summary>A certificate (no key) from a PEM file, e.g. the client CA named by <see cref="SecurityOptions.ClientCaCertificate"/>.</summary>
    public static X509Certificate2 LoadCertificate(string certPemPath) =>
        X509Certificate2.CreateFromPem(File.ReadAllText(certPemPath));

    /// <summary>A certificate with its private key from PEM files, ready for Kestrel or <see cref="System.Net.Security.SslStream"/>.</summary>
    public static X509Certificate2 LoadCertificateWithKey(string certPemPath, string keyPemPath)
    {
        using var certificate = X509Certificate2.CreateFromPemFile(certPemPath, keyPemPath);
        return Usable(certificate);
    }

    /// <summary>
    /// Whether <paramref name="candidate"/> is a client certificate issued by <paramref name="caCertificate"/> and valid at
    /// <paramref name="now"/>; the gateway's check of a presented client certificate.
    /// </summary>
    public static bool IsIssuedBy(X509Certificate2 candidate, X509Certificate2 caCertificate, DateTimeOffset now, out string problem) =>
        IsIssuedBy(candidate, caCertificate, now, ClientAuthentication, out problem);

    /// <summary>
    /// Whether <paramref name="candidate"/> chains to <paramref name="caCertificate"/> alone (no system roots, no revocation
    /// check), is valid at <paramref name="now"/> and is an end-entity certificate for <paramref name="usage"/>
    /// (<see cref="ClientAuthentication"/> or <see cref="ServerAuthentication"/>). Otherwise <paramref name="problem"/> says why.
    /// </summary>
    public static bool IsIssuedBy(X509Certificate2 candidate, X509Certificate2 caCertificate, DateTimeOffset now, string usage, out string problem)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.Add(caCertificate);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = now.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        policy.ApplicationPolicy.Add(new Oid(usage));
        var built = chain.Build(candidate);

        var problems = new List<string>();
        var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, status) => all | status.Status);
        const X509ChainStatusFlags untrusted =
            X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.NotSignatureValid;
        // The root is compared too: CustomRootTrust should already guarantee it, but this is the one fact that matters.
        var root = chain.ChainElements.Count > 0 ? chain.ChainElements[^1].Certificate : null;
        if ((flags & untrusted) != 0 || root is null || !root.RawDataMemory.Span.SequenceEqual(caCertificate.RawDataMemory.Span))
        {
            problems.Add($"it was not issued by the trusted CA \"{caCertificate.Subject}\"");
        }
        foreach (var element in chain.ChainElements)
        {
            if (element.ChainElementStatus.Any(status => status.Status.HasFlag(X509ChainStatusFlags.NotTimeValid)))
            {
                problems.Add(TimeProblem(element.Certificate, caCertificate, now));
            }
        }
        // The chain accepts a certificate without any extended key usage for every usage, and a CA for itself; we do not.
        if ((flags & X509ChainStatusFlags.NotValidForUsage) != 0 || !HasUsage(candidate, usage) || IsCa(candidate))
        {
            problems.Add($"it is not a certificate for {UsageName(usage)}");
        }
        var other = flags & ~(untrusted | X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotValidForUsage);
        if (other != X509ChainStatusFlags.NoError)
        {
            problems.AddRange(chain.ChainStatus.Where(status => (status.Status & other) != 0).Select(status => status.StatusInformation.Trim()));
        }
        if (!built && problems.Count == 0)
        {
            problems.Add("its chain to the CA could not be built");
        }
        problem = string.Join("; ", problems);
        return problems.Count == 0;
    }

    /// <summary>
    /// The caller a client certificate names: the one common name (CN) of its subject. A subject with no CN, several, an
    /// empty one or one sharing its name part with other attributes (CN=a+O=b) is refused, and <paramref name="problem"/>
    /// says why: identity comes from exactly one unambiguous field, never from whichever CN a parser reads first or last,
    /// nor from another field (an e-mail address or DNS name in the subject alternative name) standing in for a CN.
    /// </summary>
    public static bool TryGetCallerName(X509Certificate2 certificate, [NotNullWhen(true)] out string? name, out string problem)
    {
        name = null;
        var commonNames = new List<string?>();
        try
        {
            foreach (var part in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
            {
                if (!part.HasMultipleElements)
                {
                    if (part.GetSingleElementType().Value == CommonNameOid)
                    {
                        commonNames.Add(part.GetSingleElementValue());
                    }
                }
                else if (CountCommonNames(part) > 0)
                {
                    problem = "its common name (CN) shares a name part with other attributes; it must stand alone";
                    return false;
                }
            }
        }
        catch (Exception exception) when (exception is CryptographicException or AsnContentException)
        {
            problem = "its subject name cannot be read";
            return false;
        }
        switch (commonNames)
        {
            case []:
                problem = "its subject has no common name (CN) to name the caller";
                return false;
            case [var only] when !string.IsNullOrWhiteSpace(only):
                name = only;
                problem = "";
                return true;
            case [_]:
                problem = "its common name (CN) is empty or not text";
                return false;
            default:
                problem = $"its subject has {commonNames.Count} common names (CN); exactly one must name the caller";
                return false;
        }
    }

    public void Dispose() => Certificate.Dispose();

    private const string CommonNameOid = "2.5.4.3";

    /// <summary>Common names in a multi-valued name part: a SET OF SEQUENCE { type, value }.</summary>
    private static int CountCommonNames(X500RelativeDistinguishedName part)
    {
        var set = new AsnReader(part.RawData, AsnEncodingRules.DER).ReadSetOf(skipSortOrderValidation: true);
        var count = 0;
        while (set.HasData)
        {
            var attribute = set.ReadSequence();
            if (attribute.ReadObjectIdentifier() == CommonNameOid)
            {
                count++;
            }
        }
        return count;
    }

    private X509Certificate2 Issue(
        X500DistinguishedName subject, string usage, X509Extension? subjectAlternativeName, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        notBefore = WholeSeconds(notBefore);
        notAfter = WholeSeconds(notAfter);
        var early = notBefore < new DateTimeOffset(Certificate.NotBefore);
        if (early || notAfter > new DateTimeOffset(Certificate.NotAfter))
        {
            throw new ArgumentOutOfRangeException(early ? nameof(notBefore) : nameof(notAfter),
                $"A certificate must lie within its CA's validity ({Certificate.NotBefore.ToUniversalTime():u} to {Certificate.NotAfter.ToUniversalTime():u}).");
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(
            certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        // Names the CA's key, which helps chain building once the CA is renewed; a CA made elsewhere may lack the identifier.
        if (Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Any())
        {
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(
                Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        }
        if (subjectAlternativeName is not null)
        {
            request.CertificateExtensions.Add(subjectAlternativeName);
        }

        // An explicit generator, because CertificateRequest.Create(issuer) cannot sign with an RSA CA for an ECDSA request.
        using var caEcdsa = Certificate.GetECDsaPrivateKey();
        using var caRsa = caEcdsa is null ? Certificate.GetRSAPrivateKey() : null;
        var generator = caEcdsa is not null ? X509SignatureGenerator.CreateForECDsa(caEcdsa)
            : caRsa is not null ? X509SignatureGenerator.CreateForRSA(caRsa, RSASignaturePadding.Pkcs1)
            : throw new InvalidOperationException("The CA certificate has no ECDSA or RSA private key.");
        using var issued = request.Create(Certificate.SubjectName, generator, notBefore, notAfter, SerialNumber());
        using var withKey = issued.CopyWithPrivateKey(key);
        return Usable(withKey);
    }

    private static X500DistinguishedName Name(string commonName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        // The builder escapes the name, so a CN with commas or '=' cannot smuggle in other attributes.
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(commonName);
        return name.Build();
    }

    /// <summary>Certificates store whole seconds; truncating first lets a leaf end exactly when its CA does.</summary>
    private static DateTimeOffset WholeSeconds(DateTimeOffset time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerSecond));

    private static byte[] SerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        // First byte 0x01..0x7F: a positive, minimally encoded DER integer.
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }

    /// <summary>
    /// Re-imports the certificate through PKCS#12: a key attached in memory (CopyWithPrivateKey, CreateFromPem) is
    /// ephemeral, which SslStream (and so Kestrel) cannot use on every platform; an imported one works everywhere.
    /// </summary>
    private static X509Certificate2 Usable(X509Certificate2 certificate)
    {
        var pkcs12 = certificate.Export(X509ContentType.Pkcs12);
        try
        {
            return X509CertificateLoader.LoadPkcs12(pkcs12, password: null, X509KeyStorageFlags.Exportable);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs12);
        }
    }

    private static bool IsCa(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(constraints => constraints.CertificateAuthority);

    private static bool HasUsage(X509Certificate2 certificate, string usage) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>()
            .Any(extension => extension.EnhancedKeyUsages.Cast<Oid>().Any(oid => oid.Value == usage));

    private static string UsageName(string usage) => usage switch
    {
        ClientAuthentication => "client authentication",
        ServerAuthentication => "server authentication",
        _ => usage,
    };

    private static string TimeProblem(X509Certificate2 certificate, X509Certificate2 caCertificate, DateTimeOffset now)
    {
        var which = certificate.RawDataMemory.Span.SequenceEqual(caCertificate.RawDataMemory.Span) ? "the CA certificate" : "it";
        var notBefore = certificate.NotBefore.ToUniversalTime();
        return now < new DateTimeOffset(notBefore)
            ? $"{which} is not yet valid (valid from {notBefore:u})"
            : $"{which} has expired (valid until {certificate.NotAfter.ToUniversalTime():u})";
    }
}

/// <summary>Files only their owner may read: private keys and API keys.</summary>
internal static class SecretFile
{
    /// <summary>Writes beside the target and moves into place, so the file is never half written nor briefly readable by others.</summary>
    public static void Write(string path, string contents)
    {
        var temporary = path + ".tmp";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(temporary, options))
        {
            writer.Write(contents);
        }
        File.Move(temporary, path, overwrite: true);
    }
}

internal static class SecretDirectory
{
    /// <summary>
    /// Creates the directory (its missing parents as usual) open to its owner only, so others cannot even list what it
    /// holds; an existing one is left as it is.
    /// </summary>
    public static void Create(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
