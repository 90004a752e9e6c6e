using Exchange.Server.Tests.Infrastructure;

namespace Exchange.Server.Tests.Security;

/// <summary>
/// The database and SQLite's -wal and -shm beside it hold NIKs and names: readable by the gateway's owner only, from the
/// moment they exist, under the usual umask (022) that would make them 0644.
/// </summary>
public sealed class DataFileModeTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task After_a_batch_the_database_its_wal_and_shm_and_the_audit_files_are_0600_in_a_0700_directory()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix modes; Windows has ACLs instead.
        }
        await using var gateway = await RunningGateway.StartAsync(dataDirectory: null, RunningGateway.OnSqlite);
        using (var stream = await SubmitStream.OpenAsync(gateway.Submission, "modes"))
        {
            await stream.SendAsync(0, Workers.ValidMany(5));
            await stream.FinishAsync();
        }

        using var held = HeldDatabase.Open(Path.Combine(gateway.DataDirectory, "exchange.db"));
        foreach (var name in new[] { "exchange.db", "exchange.db-wal", "exchange.db-shm", "audit.key", "audit-checkpoints.log" })
        {
            var path = Path.Combine(gateway.DataDirectory, name);
            Assert.True(File.Exists(path), $"{name} does not exist");
            Assert.True(File.GetUnixFileMode(path) == OwnerReadWrite, $"{name} is {File.GetUnixFileMode(path)}");
        }
        Assert.Equal(OwnerReadWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(gateway.DataDirectory));
    }

    [Fact]
    public async Task A_database_left_readable_by_others_is_narrowed_to_0600_with_its_wal_at_start()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        using var data = new TempDirectory("exchange-modes-");
        const UnixFileMode worldReadable = OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        await using (var first = await RunningGateway.StartAsync(data.Path, RunningGateway.OnSqlite))
        {
            using var stream = await SubmitStream.OpenAsync(first.Submission, "modes");
            await stream.SendAsync(0, Workers.ValidMany(2));
        }
        // Held across the restart, so -wal and -shm stay as they are until the gateway opens the database again.
        using var held = HeldDatabase.Open(Path.Combine(data.Path, "exchange.db"));
        string[] files = ["exchange.db", "exchange.db-wal", "exchange.db-shm"];
        foreach (var file in files)
        {
            File.SetUnixFileMode(Path.Combine(data.Path, file), worldReadable);
        }

        await using var gateway = await RunningGateway.StartAsync(data.Path, RunningGateway.OnSqlite);

        foreach (var file in files)
        {
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(Path.Combine(data.Path, file)));
        }
    }
}
