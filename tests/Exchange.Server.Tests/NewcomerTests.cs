using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Exchange.Server.Hosting;
using Exchange.Server.Security;
using Exchange.Server.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Jamsostek.Exchange.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Tests;

/// <summary>
/// The gateway as a new user starts it: its build output alone (no appsettings.json), from a directory that is not the
/// repository, as a separate process, with nothing configured but the data directory.
/// </summary>
public sealed class NewcomerTests(ServerBuildCopy server) : IClassFixture<ServerBuildCopy>
{
    [Fact]
    public async Task A_gateway_started_elsewhere_without_appsettings_serves_coverage_matching_to_the_dev_setup_agency()
    {
        using var workingDirectory = new TempDirectory("exchange-newcomer-cwd-");
        using var data = new TempDirectory("exchange-newcomer-data-");
        await using var gateway = ServerProcess.Start(server.Assembly, workingDirectory.Path, ["--urls", "https://127.0.0.1:0", "--data", data.Path]);

        var address = await gateway.Listening.Within(TimeSpan.FromSeconds(60));
        Assert.Contains($"Data directory: {data.Path}", gateway.Output);
        var (channel, client) = AsDinkop(data.Path, address);
        using var _ = channel;

        // Coverage matching is every agency's by default, appsettings.json or not.
        using (var stream = await SubmitStream.OpenAsync(client, "newcomer-coverage", Purpose.CoverageMatching))
        {
            var results = await stream.SendAsync(0, Workers.ValidMany(3));
            Assert.Equal([0L, 1, 2], results.Results.Select(result => result.Offset));
            Assert.All(results.Results, result => Assert.Equal((RecordStatus.Accepted, MatchOutcome.NotRegistered), (result.Status, result.Outcome)));
            Assert.Equal(3, (await stream.FinishAsync(3)).AcceptedCount);
        }
        // APBD-funded enrollment is DINSOS's and DISNAKER's by default, not DINKOP's.
        using (var stream = SubmitStream.Start(client))
        {
            var refused = await stream.ExpectErrorAsync(new SubmitRequest { Open = new OpenBatch { BatchId = "newcomer-apbd", Purpose = Purpose.ApbdEnrollment } });
            RpcAssert.Refused(refused, StatusCode.PermissionDenied, "PURPOSE_NOT_ALLOWED", "open.purpose");
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(workingDirectory.Path));
        Assert.True(File.Exists(Path.Combine(data.Path, "exchange.db")));
        using var elsewhere = new TempDirectory("exchange-newcomer-verify-");
        var verify = await ServerProcess.RunAsync(server.Assembly, elsewhere.Path, ["audit-verify", "--data", data.Path]);
        Assert.True(verify.ExitCode == 0, verify.Output);
        Assert.StartsWith("audit trail intact: ", verify.Output);
    }

    [Fact]
    public async Task Audit_verify_finds_the_data_directory_as_the_gateway_does_default_then_environment_then_command_line()
    {
        using var workingDirectory = new TempDirectory("exchange-newcomer-cwd-");
        var environment = new Dictionary<string, string> { ["Exchange__DataDirectory"] = "from-environment" };

        async Task<string> DatabaseLookedFor(string[] args, Dictionary<string, string>? variables = null)
        {
            var run = await ServerProcess.RunAsync(server.Assembly, workingDirectory.Path, ["audit-verify", .. args], variables);
            Assert.Equal(1, run.ExitCode);
            var prefix = "no database at ";
            Assert.StartsWith(prefix, run.Output);
            return run.Output[prefix.Length..].Trim();
        }

        string Under(params string[] parts) => Path.Combine([workingDirectory.Path, .. parts, "exchange.db"]);
        Assert.Equal(Under("data"), await DatabaseLookedFor([]));
        Assert.Equal(Under("from-environment"), await DatabaseLookedFor([], environment));
        Assert.Equal(Under("from-setting"), await DatabaseLookedFor(["--Exchange:DataDirectory=from-setting"], environment));
        Assert.Equal(Under("from", "data"), await DatabaseLookedFor(["--data", Path.Combine("from", "data")], environment));
        // --data is the same setting as --Exchange:DataDirectory: on the command line, the later one wins.
        Assert.Equal(Under("from-data"), await DatabaseLookedFor(["--Exchange:DataDirectory=from-setting", "--data=from-data"], environment));
        Assert.Equal(Under("from-setting"), await DatabaseLookedFor(["--data=from-data", "--Exchange:DataDirectory=from-setting"], environment));
        // Looking for a ledger creates nothing: a mistyped directory is not mistaken for an empty, intact one later.
        Assert.Empty(Directory.EnumerateFileSystemEntries(workingDirectory.Path));
    }

    [Fact]
    public async Task Dev_setup_writes_under_data_in_directories_and_key_files_only_their_owner_can_read()
    {
        using var workingDirectory = new TempDirectory("exchange-newcomer-cwd-");
        var run = await ServerProcess.RunAsync(server.Assembly, workingDirectory.Path, ["dev-setup", "--data", "ledger"]);

        var data = Path.Combine(workingDirectory.Path, "ledger");
        var setup = DevelopmentSetup.Load(Path.Combine(data, "dev"));
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.StartsWith($"Development setup in {Path.Combine(data, "dev")}:", run.Output);
        Assert.NotNull(setup);
        Assert.Equal(["ledger"], Directory.EnumerateFileSystemEntries(workingDirectory.Path).Select(Path.GetFileName));
        if (OperatingSystem.IsWindows())
        {
            return; // Unix modes; Windows has ACLs instead.
        }
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        foreach (var directory in new[] { data, setup.Directory, Path.Combine(setup.Directory, "clients") })
        {
            Assert.Equal(ownerOnly, File.GetUnixFileMode(directory));
        }
        string[] secrets =
        [
            Path.Combine(setup.Directory, DevelopmentSetup.ApiKeysFileName), setup.CaKeyPath, setup.ServerKeyPath,
            .. setup.Callers.Values.Select(caller => caller.KeyPath),
        ];
        foreach (var secret in secrets)
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secret));
        }
    }

    [Fact]
    public async Task A_data_directory_whose_database_went_missing_is_refused_at_start_with_the_reason_and_no_stack_trace()
    {
        using var workingDirectory = new TempDirectory("exchange-newcomer-cwd-");
        using var data = new TempDirectory("exchange-newcomer-data-");
        string[] args = ["--urls", "https://127.0.0.1:0", "--data", data.Path, "--Exchange:Security:AuditCheckpointEveryEntries=1"];
        await using (var gateway = ServerProcess.Start(server.Assembly, workingDirectory.Path, args))
        {
            var address = await gateway.Listening.Within(TimeSpan.FromSeconds(60));
            var (channel, client) = AsDinkop(data.Path, address);
            using var _ = channel;
            using (var stream = await SubmitStream.OpenAsync(client, "before-the-loss", Purpose.CoverageMatching))
            {
                await stream.SendAsync(0, Workers.ValidMany(3));
                await stream.FinishAsync(3);
            }
            // Answered once its entry, and the entry of the stream before it, are in the trail and signed.
            await client.ListBatchesAsync(new ListBatchesRequest()).ResponseAsync.Within();
        }
        foreach (var file in Directory.EnumerateFiles(data.Path, "exchange.db*"))
        {
            File.Delete(file);
        }

        // A fresh empty database would tell the agency its batch has committed offset 0.
        var start = await ServerProcess.RunAsync(server.Assembly, workingDirectory.Path, args);

        Assert.True(start.ExitCode == 1, start.Output);
        Assert.Contains("The gateway did not start: ", start.Output);
        Assert.Contains("its database file is missing or was replaced by a new one", start.Output);
        Assert.DoesNotContain("   at ", start.Output);
    }

    [Fact]
    public async Task A_damaged_database_file_is_refused_at_start_with_what_to_restore_and_no_stack_trace()
    {
        using var workingDirectory = new TempDirectory("exchange-newcomer-cwd-");
        using var data = new TempDirectory("exchange-newcomer-data-");
        string[] args = ["--urls", "https://127.0.0.1:0", "--data", data.Path];
        await using (var gateway = ServerProcess.Start(server.Assembly, workingDirectory.Path, args))
        {
            await gateway.Listening.Within(TimeSpan.FromSeconds(60));
            await gateway.StopAsync();
        }
        var database = Path.Combine(data.Path, "exchange.db");
        // The header a disk fault or a stray copy overwrote: SQLite no longer knows the file.
        await using (var file = new FileStream(database, FileMode.Open, FileAccess.Write))
        {
            file.Write(new byte[100]);
        }

        var start = await ServerProcess.RunAsync(server.Assembly, workingDirectory.Path, args);

        Assert.True(start.ExitCode == 1, start.Output);
        Assert.Contains($"The gateway did not start: {database} is not a sound SQLite database (not a database)", start.Output);
        Assert.Contains("restore it, with its -wal file, from a backup", start.Output);
        Assert.DoesNotContain("   at ", start.Output);
    }

    /// <summary>The dev setup's DINKOP agency over TLS, trusting only the setup's CA: the channel (to dispose) and its submission client.</summary>
    private static (GrpcChannel Channel, SubmissionService.SubmissionServiceClient Client) AsDinkop(string dataDirectory, string address)
    {
        var setup = Path.Combine(dataDirectory, "dev");
        var channel = DevSetupChannel.TrustingOnly(Path.Combine(setup, "ca.crt.pem"), address);
        var dinkop = ApiKey(File.ReadAllLines(Path.Combine(setup, DevelopmentSetup.ApiKeysFileName)), "dinkop");
        return (channel, new SubmissionService.SubmissionServiceClient(channel.Intercept(metadata =>
        {
            metadata.Add(CallerAuthenticator.ApiKeyHeader, dinkop);
            return metadata;
        })));
    }

    /// <summary>The last field of the caller's line in api-keys.txt, as the README's awk reads it.</summary>
    private static string ApiKey(string[] lines, string caller) =>
        lines.Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Single(fields => fields is [var name, ..] && name == caller)[^1];
}

/// <summary>
/// The server's build output (copied beside these tests with everything it needs) in a temporary directory, without
/// appsettings.json: the gateway must run on its defaults in code.
/// </summary>
public sealed class ServerBuildCopy : IDisposable
{
    private readonly TempDirectory _directory = new("exchange-server-bin-");

    public ServerBuildCopy()
    {
        var source = AppContext.BaseDirectory;
        Assert.True(File.Exists(Path.Combine(source, "Exchange.Server.runtimeconfig.json")), "the server's runtimeconfig is not beside the tests");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var target = Path.Combine(_directory.Path, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public string Assembly => Path.Combine(_directory.Path, "Exchange.Server.dll");

    public void Dispose() => _directory.Dispose();
}

[CollectionDefinition(nameof(WorkingDirectoryCollection), DisableParallelization = true)]
public sealed class WorkingDirectoryCollection;

/// <summary>
/// Where the in-process gateway puts its data, started from different working directories. These tests change the
/// process's working directory, so they run alone.
/// </summary>
[Collection(nameof(WorkingDirectoryCollection))]
public sealed class DataDirectoryTests
{
    [Fact]
    public async Task The_data_directory_is_data_of_the_working_directory_by_default_and_data_names_it_from_anywhere()
    {
        using var root = new TempDirectory("exchange-data-directory-");
        var absolute = Path.Combine(root.Path, "absolute");
        foreach (var name in new[] { "first", "second" })
        {
            var workingDirectory = Directory.CreateDirectory(Path.Combine(root.Path, name)).FullName;
            Assert.Equal(Path.Combine(workingDirectory, "data"), await DataDirectoryStartedIn(workingDirectory));
            Assert.Equal(Path.Combine(workingDirectory, "relative", "ledger"),
                await DataDirectoryStartedIn(workingDirectory, "--data", Path.Combine("relative", "ledger")));
            Assert.Equal(absolute, await DataDirectoryStartedIn(workingDirectory, "--data", absolute));
            Assert.Equal(absolute, await DataDirectoryStartedIn(workingDirectory, $"--Exchange:DataDirectory={absolute}"));
        }
    }

    /// <summary>
    /// Creates a gateway in <paramref name="workingDirectory"/> and moves away at once: what it resolved then is what it
    /// logs, serves and stores its ledger in.
    /// </summary>
    private static async Task<string> DataDirectoryStartedIn(string workingDirectory, params string[] args)
    {
        var logs = new CapturedLogs();
        var previous = Directory.GetCurrentDirectory();
        WebApplication app;
        Directory.SetCurrentDirectory(workingDirectory);
        try
        {
            app = GatewayApp.Create(["--urls", "http://127.0.0.1:0", .. TestCallers.Settings(), .. args], BogorClock.Start(),
                builder => builder.Logging.AddProvider(logs));
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
        await using (app)
        {
            var directory = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.DataDirectory;
            Assert.Contains(logs.Lines, line => line.Contains($"Data directory: {directory}", StringComparison.Ordinal));
            Assert.True(File.Exists(Path.Combine(directory, "exchange.db")), directory);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            return directory;
        }
    }
}

/// <summary>Settings with defaults in code that configuration overrides, never extends by accident.</summary>
public sealed class DefaultSettingsTests
{
    [Fact]
    public void Without_configuration_coverage_matching_is_every_agency_s_and_apbd_enrollment_dinsos_and_disnaker_s()
    {
        var purposes = SecurityOptions.Read(Configuration()).Purposes;

        Assert.Equal([Purpose.CoverageMatching, Purpose.ApbdEnrollment], purposes.Keys);
        AssertPurpose(purposes[Purpose.CoverageMatching], ["*"], segment: true);
        AssertPurpose(purposes[Purpose.ApbdEnrollment], ["DINSOS", "DISNAKER"], segment: false);
    }

    [Fact]
    public void Configuring_the_defaults_again_duplicates_no_agency()
    {
        var purposes = SecurityOptions.Read(Json("""
            { "Exchange": { "Security": { "Purposes": {
                "CoverageMatching": { "Agencies": [ "*" ], "ReturnsSegment": true },
                "ApbdEnrollment": { "Agencies": [ "DINSOS", "DISNAKER" ], "ReturnsSegment": false } } } } }
            """)).Purposes;

        AssertPurpose(purposes[Purpose.CoverageMatching], ["*"], segment: true);
        AssertPurpose(purposes[Purpose.ApbdEnrollment], ["DINSOS", "DISNAKER"], segment: false);
    }

    [Fact]
    public void A_configured_agency_list_replaces_the_default_and_fields_not_configured_keep_theirs()
    {
        var purposes = SecurityOptions.Read(Configuration(
            ("Exchange:Security:Purposes:ApbdEnrollment:Agencies:0", "DINSOS"),
            ("Exchange:Security:Purposes:CoverageMatching:ReturnsSegment", "false"))).Purposes;

        AssertPurpose(purposes[Purpose.ApbdEnrollment], ["DINSOS"], segment: false);
        AssertPurpose(purposes[Purpose.CoverageMatching], ["*"], segment: false);
    }

    [Fact]
    public void An_empty_agency_list_allows_the_purpose_to_nobody()
    {
        var options = SecurityOptions.Read(Json("""{ "Exchange": { "Security": { "Purposes": { "ApbdEnrollment": { "Agencies": [] } } } } }"""));

        Assert.Empty(options.Purposes[Purpose.ApbdEnrollment].Agencies);
        var refusal = Assert.Throws<Exchange.Core.Batches.IntakeRefusal>(() => new PurposePolicy(Options.Create(options)).Check("DINSOS", Purpose.ApbdEnrollment));
        Assert.Equal(Exchange.Core.Batches.RefusalKind.PermissionDenied, refusal.Kind);
    }

    private static void AssertPurpose(PurposeOptions purpose, string[] agencies, bool segment)
    {
        Assert.Equal(agencies, purpose.Agencies);
        Assert.Equal(segment, purpose.ReturnsSegment);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value))).Build();

    private static IConfiguration Json(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
}
