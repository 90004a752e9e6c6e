using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Exchange.Server.Security;
using Exchange.Server.Tests.Infrastructure;
using Grpc.Core.Interceptors;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;

namespace Exchange.Server.Tests;

/// <summary>The gateway as an operator starts it: a separate process with no configuration.</summary>
public sealed class HostTests
{
    [Fact]
    public async Task The_gateway_process_answers_health_serving_and_lists_its_services_through_reflection()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("exchange-host-").FullName;
        var port = FreePort();
        using var server = Process.Start(new ProcessStartInfo("dotnet", [ServerAssembly(), "--urls", $"https://127.0.0.1:{port}"])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            // With nothing configured the gateway makes its development setup: TLS with a local CA, API keys.
            var setupDirectory = Path.Combine(workingDirectory, "data", "dev");
            var handler = new SocketsHttpHandler();
            // The process issued its certificate by its own clock: check the issuer at a time inside the validity.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && new X509Certificate2(certificate) is var presented
                && CertificateAuthority.IsIssuedBy(presented,
                    CertificateAuthority.LoadCertificate(Path.Combine(setupDirectory, "ca.crt.pem")), new DateTimeOffset(presented.NotBefore).AddHours(1),
                    CertificateAuthority.ServerAuthentication, out _);
            using var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{port}", new GrpcChannelOptions { HttpHandler = handler });
            var health = new Health.HealthClient(channel);
            var status = await WaitForHealthAsync(health, server);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, status);

            var admin = DevelopmentSetup.Load(setupDirectory)!.Callers["admin"];
            var reflection = new ServerReflection.ServerReflectionClient(channel.Intercept(metadata =>
            {
                metadata.Add(CallerAuthenticator.ApiKeyHeader, admin.ApiKey);
                return metadata;
            }));
            using var call = reflection.ServerReflectionInfo();
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }).Within();
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).Within());
            var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
            Assert.Contains("jamsostek.exchange.v1.SubmissionService", services);
            Assert.Contains("grpc.health.v1.Health", services);
            await call.RequestStream.CompleteAsync().Within();

            // No setup: the ledger was created on first start under the working directory.
            Assert.True(File.Exists(Path.Combine(workingDirectory, "data", "exchange.db")));
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync().Within();
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Health_reports_not_serving_while_the_database_is_unreachable()
    {
        await using var gateway = await RunningGateway.StartAsync(dataDirectory: null, RunningGateway.OnSqlite);
        var health = new Health.HealthClient(gateway.Channel);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving,
            (await health.CheckAsync(new HealthCheckRequest()).ResponseAsync.Within()).Status);

        var database = Path.Combine(gateway.DataDirectory, "exchange.db");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var hidden = gateway.DataDirectory + "-away";
        Directory.Move(gateway.DataDirectory, hidden);
        try
        {
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing,
                (await health.CheckAsync(new HealthCheckRequest()).ResponseAsync.Within()).Status);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Move(hidden, gateway.DataDirectory);
        }
        Assert.True(File.Exists(database));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving,
            (await health.CheckAsync(new HealthCheckRequest()).ResponseAsync.Within()).Status);
    }

    /// <summary>Health once the process listens: the call waits for the channel to connect, and fails if the process exits first.</summary>
    private static async Task<HealthCheckResponse.Types.ServingStatus> WaitForHealthAsync(Health.HealthClient health, Process server)
    {
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var check = health.CheckAsync(new HealthCheckRequest(), new CallOptions(cancellationToken: giveUp.Token).WithWaitForReady()).ResponseAsync;
        var exited = server.WaitForExitAsync(giveUp.Token);
        if (await Task.WhenAny(check, exited) != check)
        {
            Assert.Fail($"the gateway process ended before it answered health: {await server.StandardError.ReadToEndAsync()}");
        }
        return (await check).Status;
    }

    /// <summary>The server built beside these tests, in the same configuration.</summary>
    private static string ServerAssembly()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Exchange.Server.dll");
        Assert.True(File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")), "the server's runtimeconfig is not beside the tests");
        return path;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
