using Microsoft.Extensions.FileProviders;

namespace Exchange.Server.Hosting;

/// <summary>
/// The dashboard (wwwroot/dashboard, docs/dashboard.md): static files a browser loads from the gateway, which then read
/// the REST face with the caller's own key or certificate. The files hold no data, so they are served without credentials,
/// like the OpenAPI document. They are embedded in this assembly: the gateway's content root is the directory of the
/// binary that hosts it (the server, the CLI's demo, a test), where no wwwroot is copied.
/// </summary>
public static class Dashboard
{
    public const string Path = "/dashboard";

    /// <summary>
    /// Only the page's own files, never anything else (connect-src 'self': the REST face of the same origin). A page
    /// that holds an API key in sessionStorage must not run any script but its own, nor be framed.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>
    /// After routing and the gRPC boundary: the static-file middlewares pass on every request that routing gave an
    /// endpoint, so a path a gRPC or REST route owns is never answered with a file, and below /dashboard there is none.
    /// </summary>
    public static WebApplication UseDashboard(this WebApplication app)
    {
        var files = new EmbeddedFileProvider(typeof(Dashboard).Assembly, "Exchange.Server.wwwroot.dashboard");
        // /dashboard is redirected to /dashboard/, which serves index.html.
        app.UseDefaultFiles(new DefaultFilesOptions { RequestPath = Path, FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = Path,
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                // A new gateway version's page and script are fetched again, never mixed with a cached old one.
                headers.CacheControl = "no-cache";
            },
        });
        return app;
    }
}
