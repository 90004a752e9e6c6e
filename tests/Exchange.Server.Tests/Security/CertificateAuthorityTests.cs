using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Exchange.Server.Security;

namespace Exchange.Server.Tests.Security;

public sealed class CertificateAuthorityTests : IDisposable
{
    // A fixed clock: every validity decision below is made at this instant, not at the machine's.
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly CertificateAuthority _ca = CertificateAuthority.Create("Exchange Test CA", Now.AddDays(-30), Now.AddYears(2));
    private readonly string _directory = Directory.CreateTempSubdirectory("exchange-ca-").FullName;

    public void Dispose()
    {
        _ca.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void A_client_certificate_it_issues_is_accepted_and_carries_its_private_key()
    {
        using var client = _ca.IssueClientCertificate("dinkop", Now.AddDays(-1), Now.AddDays(30));

        Assert.True(client.HasPrivateKey);
        Assert.Equal("dinkop", client.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        Assert.True(CertificateAuthority.IsIssuedBy(client, _ca.Certificate, Now, out var problem), problem);
        Assert.Equal("", problem);
    }

    [Fact]
    public void The_server_certificate_names_loopback_and_is_good_for_servers_only()
    {
        using var server = _ca.IssueServerCertificate(Now.AddDays(-1), Now.AddDays(30));

        var names = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["localhost"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], names.EnumerateIPAddresses());
        Assert.True(CertificateAuthority.IsIssuedBy(server, _ca.Certificate, Now, CertificateAuthority.ServerAuthentication, out var problem), problem);
        Assert.False(CertificateAuthority.IsIssuedBy(server, _ca.Certificate, Now, out problem));
        Assert.Contains("not a certificate for client authentication", problem);
    }

    [Fact]
    public void A_certificate_from_another_ca_is_refused_even_when_that_ca_has_the_same_name()
    {
        using var impostor = CertificateAuthority.Create("Exchange Test CA", Now.AddDays(-30), Now.AddYears(2));
        using var client = impostor.IssueClientCertificate("dinkop", Now.AddDays(-1), Now.AddDays(30));

        Assert.False(CertificateAuthority.IsIssuedBy(client, _ca.Certificate, Now, out var problem));
        Assert.Contains("not issued by the trusted CA", problem);
    }

    [Fact]
    public void An_expired_certificate_is_refused()
    {
        using var client = _ca.IssueClientCertificate("dinkop", Now.AddDays(-20), Now.AddDays(-1));

        Assert.False(CertificateAuthority.IsIssuedBy(client, _ca.Certificate, Now, out var problem));
        Assert.Contains("expired", problem);
    }

    [Fact]
    public void A_certificate_not_yet_valid_is_refused()
    {
        using var client = _ca.IssueClientCertificate("dinkop", Now.AddDays(1), Now.AddDays(30));

        Assert.False(CertificateAuthority.IsIssuedBy(client, _ca.Certificate, Now, out var problem));
        Assert.Contains("not yet valid", problem);
    }

    [Fact]
    public void The_ca_certificate_itself_is_not_a_client_certificate()
    {
        Assert.False(CertificateAuthority.IsIssuedBy(_ca.Certificate, _ca.Certificate, Now, out var problem));
        Assert.Contains("not a certificate for client authentication", problem);
    }

    [Fact]
    public void Certificates_outside_the_cas_validity_are_not_issued()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ca.IssueClientCertificate("dinkop", Now, Now.AddYears(3)));
    }

    [Fact]
    public void A_pem_round_trip_keeps_the_private_keys_usable()
    {
        using var client = _ca.IssueClientCertificate("dinkop", Now.AddDays(-1), Now.AddDays(30));
        var (clientCert, clientKey) = Paths("dinkop");
        var (caCert, caKey) = Paths("ca");
        CertificateAuthority.WritePem(client, clientCert, clientKey);
        CertificateAuthority.WritePem(_ca.Certificate, caCert, caKey);

        using var loadedClient = CertificateAuthority.LoadCertificateWithKey(clientCert, clientKey);
        var data = Encoding.UTF8.GetBytes("batch 42");
        using (var privateKey = loadedClient.GetECDsaPrivateKey()!)
        using (var publicKey = client.GetECDsaPublicKey()!)
        {
            Assert.True(publicKey.VerifyData(data, privateKey.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256));
        }

        using var loadedCa = CertificateAuthority.Load(caCert, caKey);
        using var issuedByLoaded = loadedCa.IssueClientCertificate("dinsos", Now.AddDays(-1), Now.AddDays(30));
        Assert.True(CertificateAuthority.IsIssuedBy(issuedByLoaded, _ca.Certificate, Now, out var problem), problem);

        using var publicCa = CertificateAuthority.LoadCertificate(caCert);
        Assert.False(publicCa.HasPrivateKey);
        Assert.Equal(_ca.Certificate.RawData, publicCa.RawData);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(clientKey));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(caKey));
        }
    }

    [Fact]
    public void Only_a_ca_certificate_loads_as_a_ca()
    {
        using var client = _ca.IssueClientCertificate("dinkop", Now.AddDays(-1), Now.AddDays(30));
        var (cert, key) = Paths("dinkop");
        CertificateAuthority.WritePem(client, cert, key);

        Assert.Throws<InvalidOperationException>(() => CertificateAuthority.Load(cert, key));
    }

    [Fact]
    public void A_loaded_rsa_ca_issues_certificates_it_accepts()
    {
        // A production CA may well be RSA, made with other tools.
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Pemkot Bogor CA", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using (var self = request.CreateSelfSigned(Now.AddDays(-30), Now.AddYears(2)))
        {
            var (cert, key) = Paths("rsa-ca");
            CertificateAuthority.WritePem(self, cert, key);
        }
        using var ca = CertificateAuthority.Load(Paths("rsa-ca").Cert, Paths("rsa-ca").Key);
        using var client = ca.IssueClientCertificate("dinkop", Now.AddDays(-1), Now.AddDays(30));

        Assert.True(CertificateAuthority.IsIssuedBy(client, ca.Certificate, Now, out var problem), problem);
    }

    [Fact]
    public async Task Mutual_tls_on_loopback_works_with_certificates_loaded_from_pem()
    {
        using var server = LoadedFromPem(_ca.IssueServerCertificate(Now.AddDays(-1), Now.AddDays(30)), "server");
        using var client = LoadedFromPem(_ca.IssueClientCertificate("dinkop", Now.AddDays(-1), Now.AddDays(30)), "dinkop");

        var outcome = await HandshakeAsync(server, client);

        Assert.Null(outcome.ServerError);
        Assert.Null(outcome.ClientError);
        Assert.Equal("dinkop", outcome.ClientName);
    }

    [Fact]
    public async Task Mutual_tls_on_loopback_refuses_a_client_certificate_from_another_ca()
    {
        using var stranger = CertificateAuthority.Create("Some Other CA", Now.AddDays(-30), Now.AddYears(1));
        using var server = LoadedFromPem(_ca.IssueServerCertificate(Now.AddDays(-1), Now.AddDays(30)), "server");
        using var client = LoadedFromPem(stranger.IssueClientCertificate("dinkop", Now.AddDays(-1), Now.AddDays(30)), "dinkop");

        var outcome = await HandshakeAsync(server, client);

        Assert.IsType<AuthenticationException>(outcome.ServerError);
        Assert.NotNull(outcome.ClientError);
        Assert.Contains("not issued by the trusted CA", outcome.Problem);
    }

    [Fact]
    public async Task Mutual_tls_on_loopback_refuses_a_client_without_certificate()
    {
        using var server = LoadedFromPem(_ca.IssueServerCertificate(Now.AddDays(-1), Now.AddDays(30)), "server");

        var outcome = await HandshakeAsync(server, client: null);

        Assert.IsType<AuthenticationException>(outcome.ServerError);
        Assert.NotNull(outcome.ClientError);
        Assert.Equal("no client certificate", outcome.Problem);
    }

    private (string Cert, string Key) Paths(string name) =>
        (Path.Combine(_directory, name + ".crt.pem"), Path.Combine(_directory, name + ".key.pem"));

    /// <summary>Writes and reloads the certificate, as the gateway gets it from configuration.</summary>
    private X509Certificate2 LoadedFromPem(X509Certificate2 certificate, string name)
    {
        using (certificate)
        {
            var (cert, key) = Paths(name);
            CertificateAuthority.WritePem(certificate, cert, key);
            return CertificateAuthority.LoadCertificateWithKey(cert, key);
        }
    }

    private sealed record Handshake(string? ClientName, string? Problem, Exception? ServerError, Exception? ClientError);

    /// <summary>
    /// A TLS server and client over a loopback TCP connection, each trusting only the test CA; after the handshake the
    /// client sends one byte and the server echoes it.
    /// </summary>
    private async Task<Handshake> HandshakeAsync(X509Certificate2 serverCertificate, X509Certificate2? client)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var clientTask = Task.Run(async () =>
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            await using var tls = new SslStream(tcp.GetStream());
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 presented
                    && CertificateAuthority.IsIssuedBy(presented, _ca.Certificate, Now, CertificateAuthority.ServerAuthentication, out _),
            };
            if (client is not null)
            {
                options.LocalCertificateSelectionCallback = (_, _, _, _, _) => client;
            }
            await tls.AuthenticateAsClientAsync(options, timeout.Token);
            await tls.WriteAsync(new byte[] { 42 }, timeout.Token);
            var echo = new byte[1];
            await tls.ReadExactlyAsync(echo, timeout.Token);
            Assert.Equal(42, echo[0]);
        });

        string? clientName = null, problem = null;
        Exception? serverError = null, clientError = null;
        try
        {
            using var accepted = await listener.AcceptTcpClientAsync(timeout.Token);
            await using var tls = new SslStream(accepted.GetStream());
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = serverCertificate,
                ClientCertificateRequired = true,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is not X509Certificate2 presented)
                    {
                        problem = "no client certificate";
                        return false;
                    }
                    return CertificateAuthority.IsIssuedBy(presented, _ca.Certificate, Now, out problem);
                },
            }, timeout.Token);
            clientName = ((X509Certificate2)tls.RemoteCertificate!).GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            var received = new byte[1];
            await tls.ReadExactlyAsync(received, timeout.Token);
            await tls.WriteAsync(received, timeout.Token);
        }
        catch (Exception error) when (error is AuthenticationException or IOException)
        {
            serverError = error;
        }
        try
        {
            await clientTask;
        }
        catch (Exception error) when (error is AuthenticationException or IOException)
        {
            clientError = error;
        }
        return new Handshake(clientName, problem, serverError, clientError);
    }
}
