using System.Net;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Exchange.Server.Hosting;

/// <summary>
/// Where the gateway listens, and which HTTP versions each endpoint speaks. gRPC needs HTTP/2; REST clients (SPLP) mostly
/// speak HTTP/1.1. Under TLS one endpoint serves both, ALPN choosing per connection. Without TLS Kestrel cannot tell them
/// apart: an endpoint that allows HTTP/1.1 answers only HTTP/1.1 there, so HTTP/2 with prior knowledge, which every gRPC
/// client of a cleartext gateway uses, would break (dotnet/aspnetcore#56984, open for Kestrel 10). A cleartext --urls
/// endpoint therefore stays HTTP/2 only, and the REST face gets endpoints of its own for HTTP/1.1 (Exchange:RestUrls).
/// The metrics scrape has endpoints of its own too (Exchange:MetricsUrls), and they serve nothing else.
/// </summary>
public static class GatewayListeners
{
    /// <summary>
    /// Binds --urls (or the default) first, then Exchange:RestUrls, then Exchange:MetricsUrls, in that order in app.Urls. Kestrel is given them as
    /// endpoints of its own, since only those can differ in protocols; the hosting addresses are emptied, so it does not
    /// warn that it overrides them.
    /// </summary>
    public static void Configure(WebApplicationBuilder builder, bool tls)
    {
        var urls = Split(builder.Configuration[WebHostDefaults.ServerUrlsKey]);
        var gateway = urls.Count > 0 ? urls : [$"{(tls ? "https" : "http")}://127.0.0.1:{GatewayApp.DefaultPort}"];
        var rest = Split(GatewayOptions.Read(builder.Configuration).RestUrls);
        var metrics = Split(GatewayOptions.Read(builder.Configuration).MetricsUrls);
        // ";" lists no address; an empty value would fall back to the host's own copy of --urls (and the ports settings).
        builder.Configuration.AddInMemoryCollection([new(WebHostDefaults.ServerUrlsKey, ";")]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var url in gateway)
            {
                Listen(kestrel, url, restOnly: false);
            }
            foreach (var url in rest)
            {
                Listen(kestrel, url, restOnly: true);
            }
            foreach (var url in metrics)
            {
                Listen(kestrel, url, restOnly: true, metricsOnly: true);
            }
        });
    }

    /// <summary>Whether the request came in on an Exchange:MetricsUrls endpoint, which serves the metrics scrape and nothing else.</summary>
    public static bool IsMetricsConnection(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(MetricsConnection) == true;

    // Marks a metrics endpoint's connections: with port 0 the port is known only once bound.
    private static readonly object MetricsConnection = new();

    private static void Listen(KestrelServerOptions kestrel, string url, bool restOnly, bool metricsOnly = false)
    {
        var address = BindingAddress.Parse(url);
        var https = string.Equals(address.Scheme, "https", StringComparison.OrdinalIgnoreCase);
        void Configure(ListenOptions listen)
        {
            listen.Protocols = https ? HttpProtocols.Http1AndHttp2 : restOnly ? HttpProtocols.Http1 : HttpProtocols.Http2;
            if (https)
            {
                listen.UseHttps();
            }
            if (metricsOnly)
            {
                listen.Use(next => connection =>
                {
                    connection.Items[MetricsConnection] = true;
                    return next(connection);
                });
            }
        }
        if (address.IsUnixPipe)
        {
            kestrel.ListenUnixSocket(address.UnixPipePath, Configure);
        }
        else if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(address.Port, Configure);
        }
        else if (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip))
        {
            kestrel.Listen(ip, address.Port, Configure);
        }
        else
        {
            // *, + or a host name: every address, as Kestrel binds such URLs itself.
            kestrel.ListenAnyIP(address.Port, Configure);
        }
    }

    private static List<string> Split(string? urls) =>
        [.. (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
