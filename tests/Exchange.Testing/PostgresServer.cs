using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;

namespace Exchange.Testing;

/// <summary>
/// A throwaway PostgreSQL server for the tests of this process: started on first use with the machine's own binaries
/// (initdb, pg_ctl) in a temporary directory, listening on a free port of 127.0.0.1 only, and stopped and removed when
/// the process exits. Each test takes a database of its own (<see cref="CreateDatabaseAsync"/>).
/// </summary>
public sealed partial class PostgresServer
{
    /// <summary>The operating-system user the server runs as when the tests run as root (initdb refuses root).</summary>
    private const string ServiceUser = "postgres";

    /// <summary>The file naming the test process that owns a server's directory, so a later run can remove what a killed one left.</summary>
    private const string OwnerFile = "owner.pid";

    private static readonly TimeSpan CommandBound = TimeSpan.FromMinutes(2);

    private static readonly Lazy<(PostgresServer? Server, string? NotInstalled)> Started = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly NpgsqlDataSource _admin;
    private readonly string _adminConnectionString;

    private PostgresServer(string adminConnectionString)
    {
        _adminConnectionString = adminConnectionString;
        _admin = NpgsqlDataSource.Create(adminConnectionString);
    }

    /// <summary>Whether a missing PostgreSQL fails the tests instead of skipping them: in CI (<c>.ci/run</c> exports CI).</summary>
    public static bool Required => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>The shared server, started on first use. Throws when PostgreSQL is not installed or cannot run here.</summary>
    public static PostgresServer Shared => Started.Value.Server ?? throw new InvalidOperationException(Started.Value.NotInstalled);

    /// <summary>
    /// The shared server, or null with <paramref name="skipReason"/> when PostgreSQL is not installed and <see cref="Required"/> is
    /// false. Throws when it is installed but cannot run (that needs fixing, not skipping), and when it is required but missing.
    /// </summary>
    public static PostgresServer? ForTests(out string skipReason)
    {
        var (server, notInstalled) = Started.Value;
        if (server is null && Required)
        {
            throw new InvalidOperationException($"{notInstalled}; CI is set, so the PostgreSQL tests must run: install PostgreSQL (.ci/run does)");
        }
        skipReason = notInstalled ?? "";
        return server;
    }

    /// <summary>A new, empty database on the server; the connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using (var create = _admin.CreateCommand($"CREATE DATABASE {name}"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database <see cref="CreateDatabaseAsync"/> made, closing whatever connections it still has.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database ?? "";
        if (!TestDatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"{name} is not a database this server made for a test.", nameof(connectionString));
        }
        await using var drop = _admin.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }

    [GeneratedRegex("^t_[0-9a-f]{32}$")]
    private static partial Regex TestDatabaseName();

    private static (PostgresServer?, string?) Start()
    {
        if (FindBinaries() is not { } binaries)
        {
            return (null, "PostgreSQL not installed (no initdb and pg_ctl in /usr/lib/postgresql/*/bin or on PATH): skipped");
        }
        var asUser = RunAs();
        RemoveStale(asUser, binaries);
        var directory = MakeDirectory(asUser);
        File.WriteAllText(Path.Combine(directory, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        StopWhenThisProcessEnds(directory, asUser, binaries);
        var data = Path.Combine(directory, "data");
        Run(directory, asUser, Path.Combine(binaries, "initdb"),
            "-D", data, "-U", ServiceUser, "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync");
        // Throwaway data: durability is worth nothing here, speed is.
        File.AppendAllText(Path.Combine(data, "postgresql.conf"), $"""

            listen_addresses = '127.0.0.1'
            unix_socket_directories = '{directory}'
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            max_connections = 300
            """);
        var port = StartOnFreePort(directory, asUser, binaries);
        return (new PostgresServer($"Host=127.0.0.1;Port={port};Username={ServiceUser};Database=postgres"), null);
    }

    /// <summary>Debian's newest PostgreSQL, else the one on PATH.</summary>
    private static string? FindBinaries()
    {
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out var version) ? version : -1)
                .Select(d => Path.Combine(d, "bin"))
            : [];
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return debian.Concat(path).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    /// <summary>The command prefix that runs a program as <see cref="ServiceUser"/> when this process is root; empty otherwise.</summary>
    private static string[] RunAs()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return [];
        }
        if (Execute(Path.GetTempPath(), "id", "-u", ServiceUser).ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"The tests run as root and PostgreSQL's initdb refuses root, but there is no '{ServiceUser}' user to run it as: " +
                $"install Debian's postgresql package (it makes one) or create it (useradd --system --user-group {ServiceUser}).");
        }
        var runuser = new[] { "/usr/sbin/runuser", "/sbin/runuser" }.FirstOrDefault(File.Exists);
        return runuser is not null
            ? [runuser, "-u", ServiceUser, "--"]
            : ["setpriv", $"--reuid={ServiceUser}", $"--regid={ServiceUser}", "--init-groups", "--"];
    }

    /// <summary>A new directory the server's user owns (made by that user, so no chown is needed).</summary>
    private static string MakeDirectory(string[] asUser)
    {
        if (asUser.Length == 0)
        {
            return Directory.CreateTempSubdirectory("exchange-pg-").FullName;
        }
        var made = Run(Path.GetTempPath(), asUser, "mktemp", "-d", Path.Combine(Path.GetTempPath(), "exchange-pg-XXXXXXXX"));
        return made.Trim();
    }

    private static int StartOnFreePort(string directory, string[] asUser, string binaries)
    {
        const int Attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            // Another process may take the port between this probe and the server's bind: then a new one.
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var log = Path.Combine(directory, "server.log");
            var (exitCode, output) = Execute(directory, [.. asUser, Path.Combine(binaries, "pg_ctl"),
                "-D", Path.Combine(directory, "data"), "-l", log, "-w", "-t", "60", "-o", $"-p {port}", "start"]);
            if (exitCode == 0)
            {
                return port;
            }
            var serverLog = File.Exists(log) ? File.ReadAllText(log) : "";
            if (attempt == Attempts || !serverLog.Contains("could not bind", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"PostgreSQL did not start in {directory}: {output}\n{serverLog}");
            }
        }
    }

    /// <summary>
    /// Leaves a detached shell that waits for this process to end, however it ends (the test host is killed moments
    /// after the last test, too soon for an exit handler to stop a server), then stops the server, if it started, and
    /// removes its directory.
    /// </summary>
    private static void StopWhenThisProcessEnds(string directory, string[] asUser, string binaries)
    {
        const string Watch = """
            exec </dev/null >/dev/null 2>&1
            owner=$1 directory=$2
            shift 2
            tail --pid="$owner" -f /dev/null
            "$@"
            rm -rf "$directory"
            """;
        // --fork: out of this process's tree, so killing the tree (a hang timeout) does not take the watcher with it.
        var (exitCode, output) = Execute(directory, ["setsid", "--fork", "sh", "-c", Watch, "sh",
            Environment.ProcessId.ToString(CultureInfo.InvariantCulture), directory, .. StopCommand(directory, asUser, binaries)]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"Could not leave a watcher to stop PostgreSQL in {directory} after the tests: {output}");
        }
    }

    private static string[] StopCommand(string directory, string[] asUser, string binaries) =>
        [.. asUser, Path.Combine(binaries, "pg_ctl"), "-D", Path.Combine(directory, "data"), "-m", "immediate", "-w", "stop"];

    private static void Stop(string directory, string[] asUser, string binaries)
    {
        Execute(directory, StopCommand(directory, asUser, binaries));
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>Stops and removes servers whose test process is gone and whose watcher was killed with it.</summary>
    private static void RemoveStale(string[] asUser, string binaries)
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), "exchange-pg-*"))
        {
            var owner = Path.Combine(directory, OwnerFile);
            try
            {
                if (File.Exists(owner) && !IsRunning(int.Parse(File.ReadAllText(owner), CultureInfo.InvariantCulture)))
                {
                    Stop(directory, asUser, binaries);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // Not ours to judge (another user's, being written), or its watcher is removing it right now.
            }
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string Run(string directory, string[] asUser, string program, params string[] arguments)
    {
        var (exitCode, output) = Execute(directory, [.. asUser, program, .. arguments]);
        return exitCode == 0 ? output : throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({exitCode}): {output}");
    }

    private static (int ExitCode, string Output) Execute(string directory, params string[] command)
    {
        var start = new ProcessStartInfo(command[0])
        {
            // A directory the server's user can enter: initdb and pg_ctl refuse to run from one they cannot.
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandBound))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{string.Join(' ', command)} did not finish within {CommandBound}.");
        }
        // Bounded too: a child that kept the pipes open must not hold the tests.
        Task.WaitAll([output, error], CommandBound);
        return (process.ExitCode, (output.IsCompletedSuccessfully ? output.Result : "") + (error.IsCompletedSuccessfully ? error.Result : ""));
    }
}
