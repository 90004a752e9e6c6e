using Exchange.Server.Security;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Exchange.Server.Hosting;

/// <summary>Builds the gateway: one place for the host, used by Program and by tests that start the real server.</summary>
public static class GatewayApp
{
    /// <summary>Loopback, unless --urls or ASPNETCORE_URLS says otherwise.</summary>
    public const int DefaultPort = 50051;

    /// <param name="clock">Every "now" of the gateway: dates, timestamps, certificate validity, idle and rate limits. The system clock unless a test drives one.</param>
    /// <param name="configure">Last say over the builder before it is built (tests add a log capture here).</param>
    public static WebApplication Create(string[] args, TimeProvider? clock = null, Action<WebApplicationBuilder>? configure = null)
    {
        clock ??= TimeProvider.System;
        var builder = GatewayConfiguration.CreateBuilder(args);
        var dataDirectory = GatewayOptions.Read(builder.Configuration).DataDirectory;
        // The ledger holds personal data: a data directory the gateway makes is its owner's alone.
        SecretDirectory.Create(dataDirectory);
        var developmentSetup = UseDevelopmentSetupWhenUnconfigured(builder, dataDirectory, clock);
        var security = SecurityOptions.Read(builder.Configuration);
        var tls = !string.IsNullOrEmpty(security.ServerCertificate);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Before the endpoints (GatewayListeners), which take their certificate from these defaults.
            if (tls)
            {
                kestrel.ConfigureHttpsDefaults(https =>
                {
                    https.ServerCertificate = CertificateAuthority.LoadCertificateWithKey(security.ServerCertificate!, security.ServerKey!);
                    // Asked for, not required: health stays reachable without one, and a presented
                    // certificate is judged by CallerAuthenticator, which can say why it is refused.
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    https.ClientCertificateValidation = (_, _, _) => true;
                });
            }
        });
        GatewayListeners.Configure(builder, tls);
        builder.AddExchangeGateway(clock);
        configure?.Invoke(builder);

        var app = builder.Build();
        // Not app.Logger: its category is the entry assembly's name, which is the test host's under tests.
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GatewayApp));
        logger.LogInformation("Data directory: {Path}", dataDirectory);
        if (developmentSetup is not null)
        {
            logger.LogWarning(
                "No callers are configured: serving the development setup in {Directory} (local CA, certificates, API keys in api-keys.txt). Do not use it in production.",
                developmentSetup);
        }
        if (security.AllowApiKeysWithoutTls)
        {
            logger.LogWarning(
                "Exchange:Security:AllowApiKeysWithoutTls is on: API keys are read on cleartext connections, where anyone on the way can read them. Use it only for tests or behind a proxy that terminates TLS.");
        }
        app.MapExchangeGateway();
        return app;
    }

    /// <summary>
    /// With no callers configured, nobody could call anything: a fresh checkout gets a local CA,
    /// certificates and API keys under the data directory instead (made once, then reused).
    /// </summary>
    private static string? UseDevelopmentSetupWhenUnconfigured(WebApplicationBuilder builder, string dataDirectory, TimeProvider clock)
    {
        if (builder.Configuration.GetSection($"{SecurityOptions.Section}:Callers").GetChildren().Any())
        {
            return null;
        }
        var setup = MakeDevelopmentSetup(dataDirectory, clock.GetUtcNow());
        builder.Configuration.AddJsonFile(setup.ConfigurationFile, optional: false, reloadOnChange: false);
        return setup.Directory;
    }

    /// <summary>The development setup in the data directory's dev/, made or completed if need be (the dev-setup command).</summary>
    public static DevelopmentSetupResult MakeDevelopmentSetup(string dataDirectory, DateTimeOffset now)
    {
        SecretDirectory.Create(dataDirectory);
        return DevelopmentSetup.Create(Path.Combine(dataDirectory, "dev"), now);
    }
}
