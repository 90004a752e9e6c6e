using Exchange.Server.Grpc;

namespace Exchange.Server.Hosting;

/// <summary>Builds the gateway: one place for the host, used by Program and by tests that start the real server.</summary>
public static class GatewayApp
{
    /// <summary>Loopback, plaintext HTTP/2, unless --urls or ASPNETCORE_URLS says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:50051";

    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        // gRPC without TLS needs HTTP/2 without negotiation.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
            listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2));
        builder.AddExchangeGateway();

        var app = builder.Build();
        app.MapExchangeGateway();
        return app;
    }
}
