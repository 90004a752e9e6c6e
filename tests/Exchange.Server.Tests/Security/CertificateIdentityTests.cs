using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Exchange.Server.Security;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests.Security;

/// <summary>
/// Who a caller is, over real TLS with certificates from the gateway's CA: exactly one common name names the caller,
/// and every credential presented with a certificate must hold and name the same caller.
/// </summary>
public sealed partial class MutualTlsTests
{
    private const string CommonName = "2.5.4.3";
    private const string Organization = "2.5.4.10";
    private const string OrganizationalUnit = "2.5.4.11";

    public static TheoryData<string> AmbiguousSubjects() =>
        ["two common names", "no common name but an e-mail address", "a common name in a multi-valued part", "an empty common name"];

    [Theory]
    [MemberData(nameof(AmbiguousSubjects))]
    public async Task A_certificate_that_does_not_name_exactly_one_caller_is_refused_with_the_reason(string kind)
    {
        var (subject, email, reason) = Ambiguous(kind);
        using var certificate = Issue(subject, email);
        using var channel = Connect(certificate);

        var error = await RefusedAsync(channel.CreateCallInvoker());

        RpcAssert.Refused(error, StatusCode.Unauthenticated, "CERTIFICATE_REFUSED");
        Assert.Contains(reason, error.Status.Detail);
    }

    [Fact]
    public async Task A_certificate_with_one_common_name_still_names_its_caller()
    {
        using var certificate = Issue(Name([(CommonName, "admin")], [(Organization, "Pemkot Bogor")]), email: "");
        using var channel = Connect(certificate);

        var verdict = await new AuditService.AuditServiceClient(channel).VerifyAuditTrailAsync(new VerifyAuditTrailRequest()).ResponseAsync.Within();

        Assert.True(verdict.Intact);
    }

    [Fact]
    public async Task A_wrong_key_or_another_callers_key_beside_a_valid_certificate_is_refused_and_its_own_key_is_not()
    {
        using var certificate = _ca.IssueClientCertificate(TestCallers.AgencyA.Name, Now.AddDays(-1), Now.AddDays(30));
        using var channel = Connect(certificate);

        var wrong = await RefusedAsync(WithKey(channel, "exk_not_a_real_key"));
        var others = await RefusedAsync(WithKey(channel, TestCallers.Bpjs.ApiKey));
        // Two key headers reach the gateway as one value joined by a comma, which is no key.
        var two = await RefusedAsync(WithKey(channel, TestCallers.AgencyA.ApiKey, TestCallers.AgencyA.ApiKey));
        var own = await new SubmissionService.SubmissionServiceClient(WithKey(channel, TestCallers.AgencyA.ApiKey))
            .ListBatchesAsync(new ListBatchesRequest()).ResponseAsync.Within();

        RpcAssert.Refused(wrong, StatusCode.Unauthenticated, "API_KEY_UNKNOWN");
        RpcAssert.Refused(others, StatusCode.Unauthenticated, "CREDENTIALS_CONFLICT");
        RpcAssert.Refused(two, StatusCode.Unauthenticated, "API_KEY_UNKNOWN");
        Assert.NotNull(own);
    }

    [Fact]
    public async Task Over_tls_an_api_key_alone_works_with_cleartext_keys_turned_off()
    {
        using var channel = Connect(null);

        var batches = await new SubmissionService.SubmissionServiceClient(WithKey(channel, TestCallers.AgencyA.ApiKey))
            .ListBatchesAsync(new ListBatchesRequest()).ResponseAsync.Within();

        Assert.NotNull(batches);
    }

    private static async Task<RpcException> RefusedAsync(CallInvoker invoker) =>
        await Assert.ThrowsAsync<RpcException>(() =>
            new SubmissionService.SubmissionServiceClient(invoker).ListBatchesAsync(new ListBatchesRequest()).ResponseAsync.Within());

    private static CallInvoker WithKey(GrpcChannel channel, params string[] keys) => channel.Intercept(metadata =>
    {
        foreach (var key in keys)
        {
            metadata.Add(CallerAuthenticator.ApiKeyHeader, key);
        }
        return metadata;
    });

    /// <summary>Subjects a parser could read as a caller's name, and the reason the gateway gives for refusing each.</summary>
    private static (X500DistinguishedName Subject, string Email, string Reason) Ambiguous(string kind) => kind switch
    {
        // Read by its last CN this was admin, by its first mallory.
        "two common names" => (Name([(CommonName, "mallory")], [(CommonName, "admin")]), "", "2 common names"),
        // Without a CN, the certificate's simple name falls back to the e-mail address of its alternative name.
        "no common name but an e-mail address" => (Name([(Organization, "Pemkot Bogor")], [(OrganizationalUnit, "Dinas Sosial")]), "admin", "no common name"),
        "a common name in a multi-valued part" => (Name([(CommonName, "admin"), (Organization, "Pemkot Bogor")]), "", "shares a name part"),
        "an empty common name" => (Name([(CommonName, "")]), "", "empty"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>A distinguished name of these parts, each a set of attributes, encoded as they are given.</summary>
    private static X500DistinguishedName Name(params (string Type, string Value)[][] parts)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var part in parts)
            {
                using (writer.PushSetOf())
                {
                    foreach (var (type, value) in part)
                    {
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(type);
                            writer.WriteCharacterString(UniversalTagNumber.UTF8String, value);
                        }
                    }
                }
            }
        }
        return new X500DistinguishedName(writer.Encode());
    }

    /// <summary>
    /// A client certificate from the test CA with exactly this subject (and an e-mail alternative name when given):
    /// the CA's own issuing only ever writes one escaped CN, so this one signs a request made by hand.
    /// </summary>
    private X509Certificate2 Issue(X500DistinguishedName subject, string email)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(CertificateAuthority.ClientAuthentication)], critical: false));
        if (email.Length > 0)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddEmailAddress(email);
            request.CertificateExtensions.Add(names.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        using var issued = request.Create(_ca.Certificate, Now.AddDays(-1), Now.AddDays(30), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // Through PKCS#12, so TLS can use the key on every platform (as CertificateAuthority does).
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), password: null);
    }
}
