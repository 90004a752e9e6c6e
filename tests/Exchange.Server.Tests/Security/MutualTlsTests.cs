using System.Security.Cryptography.X509Certificates;
using Exchange.Server.Security;
using Exchange.Server.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests.Security;

/// <summary>Client certificates over real TLS on loopback: the CA's certificates get in, nothing else does.</summary>
public sealed partial class MutualTlsTests : IAsyncLifetime
{
    // The gateway's clock: certificates are valid or not by its time, not the machine's.
    private static readonly DateTimeOffset Now = BogorClock.DefaultStart;
    private readonly string _directory = Directory.CreateTempSubdirectory("exchange-mtls-").FullName;
    private CertificateAuthority _ca = null!;
    private X509Certificate2 _serverCertificate = null!;
    private RunningGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _ca = CertificateAuthority.Create("Exchange Test CA", Now.AddYears(-1), Now.AddYears(1));
        _serverCertificate = _ca.IssueServerCertificate(Now.AddDays(-1), Now.AddYears(1));
        var caPath = Path.Combine(_directory, "ca.crt.pem");
        await File.WriteAllTextAsync(caPath, _ca.Certificate.ExportCertificatePem());
        CertificateAuthority.WritePem(_serverCertificate, Path.Combine(_directory, "server.crt.pem"), Path.Combine(_directory, "server.key.pem"));
        _gateway = await RunningGateway.StartAsync(BogorClock.StartAt(Now),
            "--urls", "https://127.0.0.1:0",
            // Keys over cleartext off, as in production: over TLS they still work.
            "--Exchange:Security:AllowApiKeysWithoutTls=false",
            $"--Exchange:Security:ClientCaCertificate={caPath}",
            $"--Exchange:Security:ServerCertificate={Path.Combine(_directory, "server.crt.pem")}",
            $"--Exchange:Security:ServerKey={Path.Combine(_directory, "server.key.pem")}");
    }

    [Fact]
    public async Task A_valid_agency_certificate_works_and_its_batches_are_its_agencys()
    {
        using var channel = Connect(_ca.IssueClientCertificate(TestCallers.AgencyA.Name, Now.AddDays(-1), Now.AddDays(30)));
        var client = new SubmissionService.SubmissionServiceClient(channel);
        using (var stream = await SubmitStream.OpenAsync(client, "mtls-batch"))
        {
            Assert.Equal(Jamsostek.Exchange.V1.RecordStatus.Accepted, (await stream.SendAsync(0, Workers.ValidMany(1))).Results[0].Status);
        }
        var batches = await client.ListBatchesAsync(new ListBatchesRequest()).ResponseAsync.Within();
        Assert.Equal("mtls-batch", Assert.Single(batches.Batches).BatchId);
    }

    [Fact]
    public async Task REST_over_HTTP_1_1_on_the_same_TLS_endpoint_reads_the_certificate_as_gRPC_does()
    {
        using (var channel = Connect(_ca.IssueClientCertificate(TestCallers.AgencyA.Name, Now.AddDays(-1), Now.AddDays(30))))
        using (var stream = await SubmitStream.OpenAsync(new SubmissionService.SubmissionServiceClient(channel), "mtls-rest"))
        {
            await stream.SendAsync(0, Workers.ValidMany(1));
        }

        using var agency = RestClient(_ca.IssueClientCertificate(TestCallers.AgencyA.Name, Now.AddDays(-1), Now.AddDays(30)));
        using var listed = await agency.GetAsync("/v1/batches").Within();
        Assert.Equal((System.Net.HttpStatusCode.OK, System.Net.HttpVersion.Version11), (listed.StatusCode, listed.Version));
        var batches = Google.Protobuf.JsonParser.Default.Parse<ListBatchesResponse>(await listed.Content.ReadAsStringAsync());
        Assert.Equal("mtls-rest", Assert.Single(batches.Batches).BatchId);

        using var stranger = RestClient(_ca.IssueClientCertificate("nobody-we-know", Now.AddDays(-1), Now.AddDays(30)));
        using var refused = await stranger.GetAsync("/v1/batches").Within();
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("CERTIFICATE_UNKNOWN", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_from_an_untrusted_ca_is_refused()
    {
        using var stranger = CertificateAuthority.Create("Some Other CA", Now.AddDays(-1), Now.AddYears(1));
        using var channel = Connect(stranger.IssueClientCertificate(TestCallers.AgencyA.Name, Now.AddDays(-1), Now.AddDays(30)));
        var error = await RefusedAsync(channel.CreateCallInvoker());
        RpcAssert.Refused(error, StatusCode.Unauthenticated, "CERTIFICATE_REFUSED");
    }

    [Fact]
    public async Task An_expired_certificate_is_refused()
    {
        using var channel = Connect(_ca.IssueClientCertificate(TestCallers.AgencyA.Name, Now.AddDays(-60), Now.AddDays(-1)));
        var error = await RefusedAsync(channel.CreateCallInvoker());
        RpcAssert.Refused(error, StatusCode.Unauthenticated, "CERTIFICATE_REFUSED");
    }

    [Fact]
    public async Task A_certificate_naming_no_configured_caller_is_refused()
    {
        using var channel = Connect(_ca.IssueClientCertificate("nobody-we-know", Now.AddDays(-1), Now.AddDays(30)));
        var error = await RefusedAsync(channel.CreateCallInvoker());
        RpcAssert.Refused(error, StatusCode.Unauthenticated, "CERTIFICATE_UNKNOWN");
    }

    [Fact]
    public async Task No_certificate_is_refused_but_health_answers()
    {
        using var channel = Connect(null);
        var error = await RefusedAsync(channel.CreateCallInvoker());
        RpcAssert.Refused(error, StatusCode.Unauthenticated, "CREDENTIALS_MISSING");
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest()).ResponseAsync.Within();
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    /// <summary>A TLS channel that trusts exactly the gateway's certificate and presents <paramref name="clientCertificate"/>.</summary>
    private GrpcChannel Connect(X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString() == _serverCertificate.GetCertHashString();
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }
        return GrpcChannel.ForAddress(_gateway.Address, new GrpcChannelOptions { HttpHandler = handler });
    }

    /// <summary>An HTTP/1.1 client over TLS that trusts exactly the gateway's certificate and presents <paramref name="clientCertificate"/>.</summary>
    private HttpClient RestClient(X509Certificate2 clientCertificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString() == _serverCertificate.GetCertHashString();
        handler.SslOptions.ClientCertificates = [clientCertificate];
        return new HttpClient(handler)
        {
            BaseAddress = new Uri(_gateway.Address),
            DefaultRequestVersion = System.Net.HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TaskTimeouts.Default,
        };
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _serverCertificate.Dispose();
        _ca.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
