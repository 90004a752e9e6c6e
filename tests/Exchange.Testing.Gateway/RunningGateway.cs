using System.Collections.Concurrent;
using Exchange.Server.Hosting;
using Exchange.Server.Security;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Jamsostek.Exchange.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Exchange.Testing.Gateway;

/// <summary>
/// The real gateway, in this process, on a free loopback port, over its own data directory, on a
/// <see cref="FakeTimeProvider"/> the test moves. Dispose stops it; <see cref="RestartAsync"/> stops it
/// and starts a new one over the same database and clock. With EXCHANGE_TEST_ENGINE=postgres it stores in a database
/// of its own on the test process's <see cref="PostgresServer"/> instead of SQLite in the data directory.
/// </summary>
public sealed class RunningGateway : IAsyncDisposable
{
    /// <summary>A setting that keeps the gateway on SQLite whatever EXCHANGE_TEST_ENGINE says: for tests about the SQLite file itself.</summary>
    public const string OnSqlite = ConnectionStringSetting;

    private const string ConnectionStringSetting = "--Exchange:ConnectionString=";
    private const string EngineVariable = "EXCHANGE_TEST_ENGINE";

    /// <summary>The PostgreSQL database of each data directory: a gateway started again on a directory finds what the one before stored.</summary>
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Databases = new();

    private WebApplication _app;
    private GrpcChannel _channel;
    private readonly bool _ownsDirectory;
    private readonly string[] _settings;
    private readonly ILoggerProvider? _logs;

    private RunningGateway(WebApplication app, string dataDirectory, bool ownsDirectory, string[] settings, ILoggerProvider? logs,
        FakeTimeProvider clock)
    {
        _app = app;
        Clock = clock;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        _settings = settings;
        _logs = logs;
        _channel = Connect(app);
    }

    public string DataDirectory { get; }

    /// <summary>The gateway's clock: every date, timestamp, idle and rate limit it applies.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>Today in Bogor by the gateway's clock.</summary>
    public DateOnly Today => Clock.Today();

    public GrpcChannel Channel => _channel;

    public string Address => _app.Urls.First();

    /// <summary>Every address it listens on, in the order GatewayListeners binds them.</summary>
    public IReadOnlyList<string> Urls => [.. _app.Urls];

    /// <summary>A setting that gives the gateway a cleartext HTTP/1.1 endpoint for its REST face, on a free port.</summary>
    public const string WithRestEndpoint = "--Exchange:RestUrls=http://127.0.0.1:0";

    /// <summary>The REST endpoint of a gateway started <see cref="WithRestEndpoint"/>: GatewayApp binds it after --urls.</summary>
    public Uri RestAddress => _app.Urls.Count > 1
        ? new Uri(_app.Urls.ElementAt(1))
        : throw new InvalidOperationException($"The gateway was started without {WithRestEndpoint}.");

    /// <summary>Submission client of <see cref="TestCallers.AgencyA"/>.</summary>
    public SubmissionService.SubmissionServiceClient Submission => new(As(TestCallers.AgencyA));

    /// <summary>Registry client of BPJS.</summary>
    public RegistryService.RegistryServiceClient Registry => new(As(TestCallers.Bpjs));

    /// <summary>Calls made with <paramref name="caller"/>'s API key.</summary>
    public CallInvoker As(TestCallers.TestCaller caller) => WithApiKey(caller.ApiKey);

    /// <summary>Calls made with any API key, right or wrong.</summary>
    public CallInvoker WithApiKey(string apiKey) => _channel.Intercept(metadata =>
    {
        metadata.Add(CallerAuthenticator.ApiKeyHeader, apiKey);
        return metadata;
    });

    /// <summary>Starts a gateway; <paramref name="settings"/> are extra command-line settings (--Exchange:MaxRecordsPerChunk=10).</summary>
    public static Task<RunningGateway> StartAsync(string? dataDirectory = null, params string[] settings) =>
        StartAsync(dataDirectory, null, null, settings);

    /// <summary>Starts a gateway on <paramref name="clock"/>.</summary>
    public static Task<RunningGateway> StartAsync(FakeTimeProvider clock, params string[] settings) =>
        StartAsync(null, null, clock, settings);

    /// <summary>
    /// Starts a gateway whose log lines also go to <paramref name="logs"/> (levels as the settings say), on
    /// <paramref name="clock"/> or a fresh <see cref="BogorClock.Start"/>.
    /// </summary>
    public static async Task<RunningGateway> StartAsync(string? dataDirectory, ILoggerProvider? logs, FakeTimeProvider? clock,
        params string[] settings)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("exchange-test-").FullName;
        clock ??= BogorClock.Start();
        var app = await StartAppAsync(dataDirectory, settings, logs, clock);
        return new RunningGateway(app, dataDirectory, owns, settings, logs, clock);
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        _app = await StartAppAsync(DataDirectory, _settings, _logs, Clock);
        _channel = Connect(_app);
    }

    /// <summary>Whether the gateways of this run store in PostgreSQL (EXCHANGE_TEST_ENGINE=postgres) rather than SQLite (unset, or sqlite).</summary>
    public static bool OnPostgres => Environment.GetEnvironmentVariable(EngineVariable) switch
    {
        null or "" or "sqlite" => false,
        "postgres" => true,
        var other => throw new InvalidOperationException($"{EngineVariable}={other}: use postgres, or sqlite (the default)."),
    };

    private static async Task<WebApplication> StartAppAsync(string dataDirectory, string[] settings, ILoggerProvider? logs,
        FakeTimeProvider clock)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0", $"--Exchange:DataDirectory={dataDirectory}", "--Logging:LogLevel:Default=Warning",
            // The test channels speak cleartext HTTP/2 with API keys; a test can turn this off again in its settings.
            "--Exchange:Security:AllowApiKeysWithoutTls=true",
            .. await StorageSettingsAsync(dataDirectory, settings), .. TestCallers.Settings(), .. settings,
        ];
        var app = GatewayApp.Create(args, clock, builder =>
        {
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
            }
        });
        await app.StartAsync().Within();
        return app;
    }

    /// <summary>The connection string of the data directory's PostgreSQL database, made on first use, when this run is on PostgreSQL and the test chose no engine.</summary>
    private static async Task<string[]> StorageSettingsAsync(string dataDirectory, string[] settings)
    {
        if (!OnPostgres || settings.Any(s => s.StartsWith(ConnectionStringSetting, StringComparison.Ordinal)))
        {
            return [];
        }
        var database = Databases.GetOrAdd(Path.GetFullPath(dataDirectory), _ => new(() => PostgresServer.Shared.CreateDatabaseAsync()));
        return [ConnectionStringSetting + await database.Value];
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
            // A directory the test gave may be used again later: its database stays until the server stops with the process.
            if (Databases.TryRemove(Path.GetFullPath(DataDirectory), out var database))
            {
                await PostgresServer.Shared.DropDatabaseAsync(await database.Value);
            }
        }
    }
}
