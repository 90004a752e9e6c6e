using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Exchange.Server.Security;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Jamsostek.Exchange.V1;

namespace Exchange.Cli.Connection;

/// <summary>One channel to the gateway with the caller's credentials on every call, and the clients over it.</summary>
public sealed class GatewayConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly CallInvoker _invoker;

    private GatewayConnection(ConnectionSettings settings, GrpcChannel channel)
    {
        Settings = settings;
        _channel = channel;
        _invoker = channel.Intercept(metadata =>
        {
            if (settings.ApiKey is { Length: > 0 } key)
            {
                metadata.Add(CallerAuthenticator.ApiKeyHeader, key);
            }
            // The gateway's messages (violations, refusals) in the operator's language.
            metadata.Add("accept-language", settings.Language);
            return metadata;
        });
    }

    public ConnectionSettings Settings { get; }

    public SubmissionService.SubmissionServiceClient Submission => new(_invoker);

    public RegistryService.RegistryServiceClient Registry => new(_invoker);

    public ReportService.ReportServiceClient Reports => new(_invoker);

    public AuditService.AuditServiceClient Audit => new(_invoker);

    public Health.HealthClient Health => new(_channel);

    /// <exception cref="CliException">The address, a certificate or a key file is unusable.</exception>
    public static GatewayConnection Open(ConnectionSettings settings, TimeProvider clock)
    {
        if (!Uri.TryCreate(settings.Address, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new CliException(ExitCodes.BadArguments,
                $"'{settings.Address}' is not a gateway address; give one like {ConnectionSettings.DefaultAddress} (--address or EXCHANGE_ADDRESS)");
        }
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        if (address.Scheme == "https")
        {
            if (settings.CaCertificate is { } caPath)
            {
                var ca = Load(() => CertificateAuthority.LoadCertificate(caPath), $"the CA certificate {caPath}", "--ca-cert or EXCHANGE_CA_CERT");
                // Only the gateway's own CA: a certificate from any other issuer is refused.
                handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && CertificateAuthority.IsIssuedBy(new X509Certificate2(certificate), ca, clock.GetUtcNow(),
                        CertificateAuthority.ServerAuthentication, out _);
            }
            if (settings.ClientCertificate is { } certPath)
            {
                var keyPath = settings.ClientKey ?? throw new CliException(ExitCodes.BadArguments,
                    "a client certificate needs its key: give --key (or EXCHANGE_CLIENT_KEY) with --cert");
                handler.SslOptions.ClientCertificates =
                [
                    Load(() => CertificateAuthority.LoadCertificateWithKey(certPath, keyPath), $"the client certificate {certPath} with key {keyPath}", "--cert and --key"),
                ];
            }
        }
        else if (settings.ClientCertificate is not null)
        {
            throw new CliException(ExitCodes.BadArguments, $"a client certificate needs TLS: use an https:// address instead of {settings.Address}");
        }
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = 16 * 1024 * 1024,
            DisposeHttpClient = true,
        });
        return new GatewayConnection(settings, channel);
    }

    private static X509Certificate2 Load(Func<X509Certificate2> load, string what, string option)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new CliException(ExitCodes.BadArguments, $"{what} cannot be read ({e.Message}); check {option}: PEM files are expected");
        }
    }

    /// <summary>The trailer of google.rpc details, which only a gateway's own refusals carry.</summary>
    private const string StatusDetailsTrailer = "grpc-status-details-bin";

    /// <summary>What went wrong with a call, for a person: the problem and what to do, with the exit status.</summary>
    public CliException Explain(RpcException e) => Explain(e, Settings.Address);

    /// <summary>As <see cref="Explain(RpcException)"/>, for a gateway at <paramref name="address"/>.</summary>
    public static CliException Explain(RpcException e, string address)
    {
        var detail = string.IsNullOrWhiteSpace(e.Status.Detail) ? e.StatusCode.ToString() : e.Status.Detail;
        return e.StatusCode switch
        {
            StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal when IsTlsFailure(e) => new CliException(ExitCodes.CannotConnect,
                $"the gateway at {address} presented a certificate this client does not trust; give its CA certificate with --ca-cert (or EXCHANGE_CA_CERT)"),
            // Answered by the gateway itself, with details (its storage cannot write, it is draining): it runs, but not this now.
            StatusCode.Unavailable when e.Trailers.Get(StatusDetailsTrailer) is not null => new CliException(ExitCodes.CannotConnect,
                $"the gateway at {address} cannot take this now: {detail} Run the same command again in a moment."),
            StatusCode.Unavailable or StatusCode.DeadlineExceeded => new CliException(ExitCodes.CannotConnect,
                $"cannot reach the gateway at {address} ({FirstLine(detail)}); check that it is running and the address (--address or EXCHANGE_ADDRESS)"),
            StatusCode.Unauthenticated => new CliException(ExitCodes.NotAuthenticated,
                $"the gateway did not accept the credentials: {detail}. Give an API key (--api-key or EXCHANGE_API_KEY) or a client certificate (--cert and --key)"),
            StatusCode.PermissionDenied => new CliException(ExitCodes.NotAuthenticated, $"not allowed: {detail}"),
            StatusCode.Cancelled => new CliException(ExitCodes.Interrupted, "cancelled"),
            _ => new CliException(ExitCodes.Refused, $"the gateway refused the request ({e.StatusCode}): {detail}"),
        };
    }

    private static bool IsTlsFailure(RpcException e)
    {
        for (Exception? inner = e.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException)
            {
                return true;
            }
        }
        return e.Status.Detail.Contains("SSL", StringComparison.OrdinalIgnoreCase);
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    public void Dispose() => _channel.Dispose();
}
