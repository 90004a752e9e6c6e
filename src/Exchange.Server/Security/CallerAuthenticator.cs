using System.Collections.Frozen;
using System.Security.Cryptography.X509Certificates;
using Exchange.Core.Batches;
using Exchange.Core.Validation;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Security;

/// <summary>
/// Finds out who is calling: a client certificate issued by the configured CA (mutual TLS, the X-Road
/// model: the certificate names the caller) or an API key in the x-api-key header. A credential that
/// is presented but does not hold is refused, never ignored.
/// </summary>
public sealed class CallerAuthenticator
{
    public const string ApiKeyHeader = "x-api-key";

    private readonly FrozenDictionary<string, Caller> _byKeyHash;
    private readonly FrozenDictionary<string, Caller> _byCommonName;
    private readonly X509Certificate2? _clientCa;
    private readonly TimeProvider _clock;

    public CallerAuthenticator(IOptions<SecurityOptions> options, TimeProvider clock)
    {
        var security = options.Value;
        _clock = clock;
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

    /// <summary>The caller, or null when the call carries no credentials at all.</summary>
    public Caller? Authenticate(ServerCallContext context)
    {
        var certificate = context.GetHttpContext().Connection.ClientCertificate;
        if (certificate is not null)
        {
            return FromCertificate(certificate);
        }
        var key = context.RequestHeaders.GetValue(ApiKeyHeader);
        if (key is null)
        {
            return null;
        }
        return _byKeyHash.TryGetValue(ApiKeys.Hash(key.Trim()), out var caller)
            ? caller
            : throw Unauthenticated(ViolationCodes.ApiKeyUnknown);
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
        var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return _byCommonName.TryGetValue(commonName, out var caller)
            ? caller
            : throw Unauthenticated(ViolationCodes.CertificateUnknown, commonName);
    }

    private static IntakeRefusal Unauthenticated(string code, params string[] arguments) =>
        new(RefusalKind.Unauthenticated, code, null, arguments);

    private static Caller ToCaller(CallerOptions options) => new(options.Name, options.Role,
        options.Role == CallerRole.Agency ? options.Agency : null);
}
