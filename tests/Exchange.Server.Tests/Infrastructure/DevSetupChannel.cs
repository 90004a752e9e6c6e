using System.Security.Cryptography.X509Certificates;
using Exchange.Server.Security;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace Exchange.Server.Tests.Infrastructure;

/// <summary>A client of a gateway process on its development setup, as a caller of the setup would connect.</summary>
public static class DevSetupChannel
{
    /// <summary>A channel that trusts only a server certificate from the CA in <paramref name="caPath"/>.</summary>
    public static GrpcChannel TrustingOnly(string caPath, string address)
    {
        var ca = CertificateAuthority.LoadCertificate(caPath);
        var handler = new SocketsHttpHandler();
        // The process issued its certificate by its own clock: check the issuer at a time inside the validity.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && new X509Certificate2(certificate) is var presented
            && CertificateAuthority.IsIssuedBy(presented, ca, new DateTimeOffset(presented.NotBefore).AddHours(1),
                CertificateAuthority.ServerAuthentication, out _);
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler });
    }

    /// <summary>The channel to the gateway whose development setup is under <paramref name="dataDirectory"/>.</summary>
    public static GrpcChannel ToGateway(string dataDirectory, string address) =>
        TrustingOnly(Path.Combine(dataDirectory, "dev", "ca.crt.pem"), address);

    /// <summary>Calls on <paramref name="channel"/> with the API key the setup made for <paramref name="caller"/> (dinkop, admin, ...).</summary>
    public static CallInvoker As(this GrpcChannel channel, string dataDirectory, string caller)
    {
        var apiKey = DevelopmentSetup.Load(Path.Combine(dataDirectory, "dev"))!.Callers[caller].ApiKey;
        return channel.Intercept(metadata =>
        {
            metadata.Add(CallerAuthenticator.ApiKeyHeader, apiKey);
            return metadata;
        });
    }
}
