using Exchange.Server.Hosting;
using Grpc.Net.Client;
using Jamsostek.Exchange.V1;
using Microsoft.AspNetCore.Builder;

namespace Exchange.Server.Tests.Infrastructure;

/// <summary>
/// The real gateway, in this process, on a free loopback port, over its own data directory. Dispose
/// stops it; <see cref="RestartAsync"/> stops it and starts a new one over the same database.
/// </summary>
public sealed class RunningGateway : IAsyncDisposable
{
    private WebApplication _app;
    private GrpcChannel _channel;
    private readonly bool _ownsDirectory;
    private readonly string[] _settings;

    private RunningGateway(WebApplication app, string dataDirectory, bool ownsDirectory, string[] settings)
    {
        _app = app;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        _settings = settings;
        _channel = Connect(app);
    }

    public string DataDirectory { get; }

    public GrpcChannel Channel => _channel;

    public string Address => _app.Urls.First();

    public SubmissionService.SubmissionServiceClient Submission => new(_channel);

    public RegistryService.RegistryServiceClient Registry => new(_channel);

    /// <summary>Starts a gateway; <paramref name="settings"/> are extra command-line settings (--Exchange:MaxRecordsPerChunk=10).</summary>
    public static async Task<RunningGateway> StartAsync(string? dataDirectory = null, params string[] settings)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("exchange-test-").FullName;
        var app = await StartAppAsync(dataDirectory, settings);
        return new RunningGateway(app, dataDirectory, owns, settings);
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        _app = await StartAppAsync(DataDirectory, _settings);
        _channel = Connect(_app);
    }

    private static async Task<WebApplication> StartAppAsync(string dataDirectory, string[] settings)
    {
        string[] args = ["--urls", "http://127.0.0.1:0", $"--Exchange:DataDirectory={dataDirectory}", "--Logging:LogLevel:Default=Warning", .. settings];
        var app = GatewayApp.Create(args);
        await app.StartAsync().Within();
        return app;
    }

    private static GrpcChannel Connect(WebApplication app) =>
        GrpcChannel.ForAddress(app.Urls.First(), new GrpcChannelOptions { MaxReceiveMessageSize = 16 * 1024 * 1024, MaxSendMessageSize = null });

    private async Task StopAsync()
    {
        _channel.Dispose();
        await _app.StopAsync().Within();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsDirectory)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
