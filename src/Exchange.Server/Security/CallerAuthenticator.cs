using System.Collections.Frozen;
using System.Security.Cryptography.X509Certificates;
using Exchange.Core.Batches;
using Exchange.Core.Validation;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Security;

/// <summary>
/// Finds out who is calling: a client certificate issued by the configured CA (mutual TLS, the X-Road
/// model: the certificate's one common name names the caller) or an API key in the x-api-key header,
/// over TLS unless configured otherwise. A credential that is presented but does not hold is refused,
/// never ignored.
/// </summary>
public sealed class CallerAuthenticator
{
    public const string ApiKeyHeader = "x-api-key";

    private readonly FrozenDictionary<string, Caller> _byKeyHash;
    private readonly FrozenDictionary<string, Caller> _byCommonName;
    private readonly X509Certificate2? _clientCa;
    private readonly TimeProvider _clock;
    private readonly bool _allowApiKeysWithoutTls;

    public CallerAuthenticator(IOptions<SecurityOptions> options, TimeProvider clock)
    {
        var security = options.Value;
        _clock = clock;
        _allowApiKeysWithoutTls = security.AllowApiKeysWithoutTls;
        foreach (var caller in security.Callers.Where(c => c.Role == CallerRole.Agency && string.IsNullOrWhiteSpace(c.Agency)))
        {
            throw new InvalidOperationException($"Caller '{caller.Name}' has the agency role but no Agency code.");
        }
        _byKeyHash = security.Callers.Where(c => !string.IsNullOrEmpty(c.ApiKeySha256))
            .ToFrozenDictionary(c => c.ApiKeySha256!.ToLowerInvariant(), ToCaller, StringComparer.Ordinal);
        _byCommonName = security.Callers.Where(c => !string.IsNullOrEmpty(c.CertificateCommonName))
            .ToFrozenDictionary(c => c.CertificateCommonName!, ToCaller, StringComparer.Ordinal);
        _clientCa = string.IsNullOrEmpty(security.ClientCaCertificate)
            ? null
            : CertificateAuthority.LoadCertificate(security.ClientCaCertificate);
    }

    /// <summary>
    /// The caller, or null when the call carries no credentials at all. Every credential presented must hold and all of
    /// them must name the same caller: a wrong key beside a good certificate, or another caller's key, is refused, never
    /// ignored, so a call is never taken for whichever of two identities happened to be checked.
    /// </summary>
    public Caller? Authenticate(ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var certificate = http.Connection.ClientCertificate;
        var byCertificate = certificate is null ? null : FromCertificate(certificate);
        // Several x-api-key headers arrive joined by commas, which is no key: refused as unknown.
        var key = context.RequestHeaders.GetValue(ApiKeyHeader);
        if (key is null)
        {
            return byCertificate;
        }
        // Checked before the key is looked at: a key sent in clear is never compared, so cleartext cannot probe keys.
        if (!http.Request.IsHttps && !_allowApiKeysWithoutTls)
        {
            throw Unauthenticated(ViolationCodes.ApiKeyRequiresTls);
        }
        if (!_byKeyHash.TryGetValue(ApiKeys.Hash(key.Trim()), out var byKey))
        {
            throw Unauthenticated(ViolationCodes.ApiKeyUnknown);
        }
        return byCertificate is null || byCertificate == byKey ? byKey : throw Unauthenticated(ViolationCodes.CredentialsConflict);
    }

    private Caller FromCertificate(X509Certificate2 certificate)
    {
        if (_clientCa is null)
        {
            throw Unauthenticated(ViolationCodes.CertificateRefused, "no client CA is configured");
        }
        if (!CertificateAuthority.IsIssuedBy(certificate, _clientCa, _clock.GetUtcNow(), out var problem))
        {
            throw Unauthenticated(ViolationCodes.CertificateRefused, problem);
        }
        if (!CertificateAuthority.TryGetCallerName(certificate, out var commonName, out problem))
        {
            throw Unauthenticated(ViolationCodes.CertificateRefused, problem);
        }
        return _byCommonName.TryGetValue(commonName, out var caller)
            ? caller
            : throw Unauthenticated(ViolationCodes.CertificateUnknown, commonName);
    }

    private static IntakeRefusal Unauthenticated(string code, params string[] arguments) =>
        new(RefusalKind.Unauthenticated, code, null, arguments);

    private static Caller ToCaller(CallerOptions options) => new(options.Name, options.Role,
        options.Role == CallerRole.Agency ? options.Agency : null);
}
