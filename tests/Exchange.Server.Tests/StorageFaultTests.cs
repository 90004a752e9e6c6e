using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Exchange.Server.Tests.Infrastructure;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Jamsostek.Exchange.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Exchange.Server.Tests;

/// <summary>
/// Storage faults met by a real gateway process, made for real, as root and without mounts:
/// <list type="bullet">
/// <item>a full disk: the process's RLIMIT_FSIZE lowered to the -wal's size (prlimit, or ulimit before it starts), so no
/// file grows, and raised again; SIGXFSZ is ignored, so a write past the limit fails with EFBIG as one on a full disk
/// fails with ENOSPC, instead of killing the process;</item>
/// <item>a read-only database: the immutable attribute on the database and its -wal (chattr +i), which refuses root
/// too, also through descriptors opened before, where a chmod would not. Never on the -shm: SQLite maps it, and a
/// write to a mapped immutable file is a SIGBUS.</item>
/// </list>
/// During a fault every call ends OK (reads) or UNAVAILABLE STORAGE_UNAVAILABLE with RetryInfo, never UNKNOWN, and
/// health answers NOT_SERVING; once it is lifted the same process answers SERVING and takes the batch again from the
/// committed offset it named, and the audit entries of the calls made during the fault are in the trail.
/// </summary>
public sealed class StorageFaultTests(ServerBuildCopy server) : IClassFixture<ServerBuildCopy>
{
    private const string BatchId = "fault-batch";

    /// <summary>A write past the file size limit fails (EFBIG) rather than killing the process.</summary>
    private const string IgnoreFileSizeSignal = "trap '' XFSZ";

    [Fact]
    public Task On_a_full_disk_calls_get_unavailable_health_is_not_serving_and_the_same_process_recovers_when_space_returns() =>
        ServesThroughAsync(
            impose: gateway => FileSizeLimit.SetAsync(gateway.Process.Id, FileSizeLimit.Full(gateway.DatabaseFiles())),
            lift: gateway => FileSizeLimit.LiftAsync(gateway.Process.Id));

    [Fact]
    public Task On_a_read_only_database_calls_get_unavailable_health_is_not_serving_and_the_same_process_recovers_when_it_is_writable() =>
        ServesThroughAsync(
            impose: gateway => Immutable.SetAsync(true, gateway.DatabaseFiles()),
            lift: gateway => Immutable.SetAsync(false, gateway.DatabaseFiles()));

    [Fact]
    public async Task A_gateway_started_on_a_full_disk_says_not_serving_serves_reads_and_recovers_when_space_returns()
    {
        using var data = new TempDirectory("exchange-fault-data-");
        var files = await CommitThreeAsync(data.Path);

        await using var gateway = await FaultGateway.StartAsync(server, data.Path,
            $"{IgnoreFileSizeSignal}; ulimit -S -f {FileSizeLimit.Full(files) / 1024}");
        await RefusesWritesAndServesReadsAsync(gateway);
        await FileSizeLimit.LiftAsync(gateway.Process.Id);

        await TakesTheBatchAgainAsync(gateway);
    }

    [Fact]
    public async Task A_gateway_started_on_a_read_only_database_says_not_serving_serves_reads_and_recovers_when_it_is_writable()
    {
        using var data = new TempDirectory("exchange-fault-data-");
        var files = await CommitThreeAsync(data.Path);

        await Immutable.SetAsync(true, files);
        var lifted = false;
        try
        {
            await using var gateway = await FaultGateway.StartAsync(server, data.Path);
            await RefusesWritesAndServesReadsAsync(gateway);
            await Immutable.SetAsync(false, files);
            lifted = true;

            await TakesTheBatchAgainAsync(gateway);
        }
        finally
        {
            if (!lifted)
            {
                await Immutable.SetAsync(false, files);
            }
        }
    }

    [Fact]
    public async Task A_gateway_started_on_a_full_disk_that_cannot_even_open_its_database_refuses_to_start_saying_why()
    {
        using var data = new TempDirectory("exchange-fault-data-");
        using var workingDirectory = new TempDirectory("exchange-fault-cwd-");
        // Stopped cleanly: SQLite folds the -wal into the database and removes it and the -shm, which opening has to make again.
        await CommitThreeAsync(data.Path, stop: gateway => gateway.Process.StopAsync());

        var start = await ServerProcess.RunAsync(server.Assembly, workingDirectory.Path, FaultGateway.Arguments(data.Path),
            FaultGateway.RuntimeSettings, $"{IgnoreFileSizeSignal}; ulimit -S -f 16");

        Assert.True(start.ExitCode == 1, start.Output);
        Assert.Contains($"The gateway did not start: the database {Path.Combine(data.Path, "exchange.db")} cannot be used now (", start.Output);
        Assert.Contains("free disk space or make the file and its directory writable, then start the gateway again", start.Output);
        Assert.DoesNotContain("   at ", start.Output);
        await using var gateway = await FaultGateway.StartAsync(server, data.Path);
        await TakesTheBatchUpAsync(gateway);
    }

    [Fact]
    public async Task With_as_many_audit_entries_kept_as_allowed_calls_are_refused_and_counted_into_one_entry()
    {
        using var data = new TempDirectory("exchange-fault-data-");
        await using var gateway = await FaultGateway.StartAsync(server, data.Path, settings: ["--Exchange:Security:AuditBacklogEntries=1"]);
        var files = gateway.DatabaseFiles();

        await Immutable.SetAsync(true, files);
        try
        {
            // A read is served; its entry, the one allowed, waits for the database.
            await gateway.Submission.ListBatchesAsync(new ListBatchesRequest()).ResponseAsync.Within();
            Assert.Equal(ServingStatus.NotServing, await gateway.HealthAsync());
            for (var i = 0; i < 2; i++)
            {
                AssertStorageUnavailable(await Assert.ThrowsAsync<RpcException>(() =>
                    gateway.Submission.ListBatchesAsync(new ListBatchesRequest()).ResponseAsync.Within()));
            }
        }
        finally
        {
            await Immutable.SetAsync(false, files);
        }

        await gateway.UntilHealthAsync(ServingStatus.Serving);
        var entries = await gateway.AuditEntriesAsync();
        Assert.Equal((ListBatchesMethod, "OK"), (entries[^2].Method, entries[^2].Outcome));
        Assert.Equal(("gateway", "*", "UNAVAILABLE"), (entries[^1].Caller, entries[^1].Method, entries[^1].Outcome));
        Assert.StartsWith("2 calls of dinkop, ", entries[^1].Detail);
        Assert.EndsWith("not recorded one by one: the database could not be written and 1 entries were waiting: 2 UNAVAILABLE", entries[^1].Detail);
    }

    private const string SubmitMethod = "/jamsostek.exchange.v1.SubmissionService/Submit";
    private const string ListBatchesMethod = "/jamsostek.exchange.v1.SubmissionService/ListBatches";

    /// <summary>
    /// Three records committed; the fault; a chunk, a new submission and a read during it; the fault lifted; the batch
    /// taken up again from the committed offset the failed chunk's error named.
    /// </summary>
    private async Task ServesThroughAsync(Func<FaultGateway, Task> impose, Func<FaultGateway, Task> lift)
    {
        using var data = new TempDirectory("exchange-fault-data-");
        await using var gateway = await FaultGateway.StartAsync(server, data.Path, IgnoreFileSizeSignal);
        using var stream = await SubmitStream.OpenAsync(gateway.Submission, BatchId);
        var before = await stream.SendAsync(0, Workers.ValidMany(3));
        Assert.Equal(3, before.CommittedOffset);

        RpcException failed;
        await impose(gateway);
        try
        {
            failed = await stream.ExpectErrorAsync(SubmitStream.Chunk(3, Workers.ValidMany(3, firstSerial: 4)));
            Assert.Equal(ServingStatus.NotServing, await gateway.HealthAsync());
            // Refused at once while writes fail; reads go on.
            using (var refused = SubmitStream.Start(gateway.Submission))
            {
                AssertStorageUnavailable(await refused.ExpectErrorAsync(Open("fault-other-batch")));
            }
            var listed = await gateway.Submission.ListBatchesAsync(new ListBatchesRequest()).ResponseAsync.Within();
            Assert.Equal(3, Assert.Single(listed.Batches).RecordCount);
        }
        finally
        {
            await lift(gateway);
        }

        AssertStorageUnavailable(failed);
        var committed = long.Parse(RpcAssert.ErrorInfo(failed).Metadata["committed_offset"], CultureInfo.InvariantCulture);
        Assert.Equal(3, committed);

        await gateway.UntilHealthAsync(ServingStatus.Serving);
        using (var resumed = await SubmitStream.OpenAsync(gateway.Submission, BatchId))
        {
            Assert.Equal(committed, resumed.Opened.CommittedOffset);
            var after = await resumed.SendAsync(committed, Workers.ValidMany(3, firstSerial: 4));
            Assert.Equal([3L, 4, 5], after.Results.Select(result => result.Offset));
            Assert.Equal(6, (await resumed.FinishAsync(6)).AcceptedCount);
        }
        // What was committed before the fault reads back as it was answered; nothing is missing or doubled.
        using var results = gateway.Submission.ReadResults(new ReadResultsRequest { BatchId = BatchId });
        var stored = (await results.ResponseStream.ReadAllWithinAsync()).SelectMany(page => page.Results).ToList();
        Assert.Equal([0L, 1, 2, 3, 4, 5], stored.Select(result => result.Offset));
        Assert.Equal(before.Results.Select(Answer), stored.Take(3).Select(Answer));

        // The calls made during the fault are in the trail, in the order they ended, and it is intact.
        var entries = await gateway.AuditEntriesAsync();
        var duringFault = entries.SkipWhile(entry => entry is not { Method: SubmitMethod, Outcome: "UNAVAILABLE", BatchId: BatchId }).Take(3).ToList();
        Assert.Equal([(SubmitMethod, "UNAVAILABLE"), (SubmitMethod, "UNAVAILABLE"), (ListBatchesMethod, "OK")],
            duringFault.Select(entry => (entry.Method, entry.Outcome)));
        Assert.True((await gateway.Audit.VerifyAuditTrailAsync(new VerifyAuditTrailRequest()).ResponseAsync.Within()).Intact);
    }

    /// <summary>
    /// Three records of the batch committed by a gateway that is then killed, as one that met the fault would be (its
    /// -wal and -shm stay), unless <paramref name="stop"/> stops it otherwise. The database files.
    /// </summary>
    private async Task<string[]> CommitThreeAsync(string dataDirectory, Func<FaultGateway, Task>? stop = null)
    {
        await using var before = await FaultGateway.StartAsync(server, dataDirectory);
        using (var stream = await SubmitStream.OpenAsync(before.Submission, BatchId))
        {
            Assert.Equal(3, (await stream.SendAsync(0, Workers.ValidMany(3))).CommittedOffset);
        }
        var files = before.DatabaseFiles();
        if (stop is not null)
        {
            await stop(before);
        }
        return files;
    }

    /// <summary>A gateway started during the fault: NOT_SERVING from the start, a submission refused, the stored batch read.</summary>
    private static async Task RefusesWritesAndServesReadsAsync(FaultGateway gateway)
    {
        Assert.Equal(ServingStatus.NotServing, await gateway.HealthAsync());
        using (var refused = SubmitStream.Start(gateway.Submission))
        {
            AssertStorageUnavailable(await refused.ExpectErrorAsync(Open(BatchId)));
        }
        var listed = await gateway.Submission.ListBatchesAsync(new ListBatchesRequest()).ResponseAsync.Within();
        Assert.Equal(3, Assert.Single(listed.Batches).RecordCount);
    }

    /// <summary>Once the fault is lifted: SERVING, the batch taken up at its committed offset, the calls of the fault audited.</summary>
    private static async Task TakesTheBatchAgainAsync(FaultGateway gateway)
    {
        await gateway.UntilHealthAsync(ServingStatus.Serving);
        await TakesTheBatchUpAsync(gateway);
        // The killed gateway's stream left no entry; the resumed one's may still be on its way.
        var entries = await gateway.AuditEntriesAsync();
        Assert.Equal([(SubmitMethod, "UNAVAILABLE"), (ListBatchesMethod, "OK")],
            entries.SkipWhile(entry => entry.Outcome != "UNAVAILABLE").Take(2).Select(entry => (entry.Method, entry.Outcome)));
        Assert.True((await gateway.Audit.VerifyAuditTrailAsync(new VerifyAuditTrailRequest()).ResponseAsync.Within()).Intact);
    }

    /// <summary>The three records committed before are there, and the batch goes on from them.</summary>
    private static async Task TakesTheBatchUpAsync(FaultGateway gateway)
    {
        using var resumed = await SubmitStream.OpenAsync(gateway.Submission, BatchId);
        Assert.Equal(3, resumed.Opened.CommittedOffset);
        Assert.Equal(6, (await resumed.SendAsync(3, Workers.ValidMany(3, firstSerial: 4))).CommittedOffset);
        Assert.Equal(6, (await resumed.FinishAsync(6)).AcceptedCount);
    }

    private static (long, RecordStatus, MatchOutcome) Answer(RecordResult result) => (result.Offset, result.Status, result.Outcome);

    private static SubmitRequest Open(string batchId) => new() { Open = new OpenBatch { BatchId = batchId, Purpose = Purpose.CoverageMatching } };

    /// <summary>UNAVAILABLE with the reason, what the storage said, and when to retry: never UNKNOWN without details.</summary>
    private static void AssertStorageUnavailable(RpcException error)
    {
        RpcAssert.Refused(error, StatusCode.Unavailable, "STORAGE_UNAVAILABLE");
        Assert.NotEmpty(RpcAssert.ErrorInfo(error).Metadata["storage_fault"]);
        var retry = error.GetRpcStatus()?.GetDetail<RetryInfo>() ?? throw new Xunit.Sdk.XunitException($"No RetryInfo in {error.Status}.");
        Assert.Equal(TimeSpan.FromSeconds(FaultGateway.ProbeSeconds), retry.RetryDelay.ToTimeSpan());
    }

    /// <summary>A gateway process on its development setup, probing storage every second, with clients for its callers.</summary>
    private sealed class FaultGateway : IAsyncDisposable
    {
        public const int ProbeSeconds = 1;

        private readonly TempDirectory _workingDirectory;
        private readonly GrpcChannel _channel;

        private FaultGateway(ServerProcess process, TempDirectory workingDirectory, string dataDirectory, GrpcChannel channel)
        {
            (Process, _workingDirectory, DataDirectory, _channel) = (process, workingDirectory, dataDirectory, channel);
            Submission = new SubmissionService.SubmissionServiceClient(channel.As(dataDirectory, "dinkop"));
            Audit = new AuditService.AuditServiceClient(channel.As(dataDirectory, "admin"));
        }

        public ServerProcess Process { get; }

        public string DataDirectory { get; }

        public SubmissionService.SubmissionServiceClient Submission { get; }

        public AuditService.AuditServiceClient Audit { get; }

        /// <summary>
        /// The runtime's W^X double mapping sizes a memory file, which RLIMIT_FSIZE limits too: CoreCLR would not start
        /// under a small limit. Off: it has nothing to do with storage.
        /// </summary>
        public static readonly Dictionary<string, string> RuntimeSettings = new() { ["DOTNET_EnableWriteXorExecute"] = "0" };

        public static string[] Arguments(string dataDirectory) =>
            ["--urls", "https://127.0.0.1:0", "--data", dataDirectory, $"--Exchange:StorageProbeSeconds={ProbeSeconds}"];

        public static async Task<FaultGateway> StartAsync(ServerBuildCopy server, string dataDirectory, string? shellPrelude = null,
            string[]? settings = null)
        {
            var workingDirectory = new TempDirectory("exchange-fault-cwd-");
            var process = ServerProcess.Start(server.Assembly, workingDirectory.Path, [.. Arguments(dataDirectory), .. settings ?? []],
                RuntimeSettings, shellPrelude);
            try
            {
                var address = await process.Listening.Within(TimeSpan.FromSeconds(60));
                return new FaultGateway(process, workingDirectory, dataDirectory, DevSetupChannel.ToGateway(dataDirectory, address));
            }
            catch
            {
                await process.DisposeAsync();
                workingDirectory.Dispose();
                throw;
            }
        }

        /// <summary>The database and its -wal (not the -shm: see the class).</summary>
        public string[] DatabaseFiles()
        {
            var database = Path.Combine(DataDirectory, "exchange.db");
            Assert.True(File.Exists(database + "-wal"), "the gateway has no -wal open");
            return [database, database + "-wal"];
        }

        public async Task<ServingStatus> HealthAsync() =>
            (await new Health.HealthClient(_channel).CheckAsync(new HealthCheckRequest()).ResponseAsync.Within()).Status;

        /// <summary>Polls health until it answers <paramref name="status"/>; the probe writes every second, so a few seconds do.</summary>
        public async Task UntilHealthAsync(ServingStatus status)
        {
            async Task PollAsync()
            {
                while (await HealthAsync() != status)
                {
                    await Task.Yield();
                }
            }

            try
            {
                await PollAsync().Within(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                Assert.Fail($"health did not answer {status} within 30 s:\n{Process.Output}");
            }
        }

        /// <summary>Every audit entry, oldest first.</summary>
        public async Task<List<Jamsostek.Exchange.V1.AuditEntry>> AuditEntriesAsync() =>
            [.. (await Audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 1000 }).ResponseAsync.Within()).Entries];

        public async ValueTask DisposeAsync()
        {
            _channel.Dispose();
            await Process.DisposeAsync();
            _workingDirectory.Dispose();
        }
    }

    /// <summary>The process's file size limit (RLIMIT_FSIZE, soft) through util-linux's prlimit.</summary>
    private static class FileSizeLimit
    {
        /// <summary>SQLite's shared memory file (-shm) is this large, and must be allowed to be rebuilt.</summary>
        private const long SharedMemoryBytes = 32 * 1024;

        /// <summary>
        /// A limit in whole KiB under which the -wal cannot grow by a frame (SQLite appends to it) while the -shm still fits:
        /// a disk that is full now, rather than one refusing even what it holds already.
        /// </summary>
        public static long Full(string[] databaseFiles)
        {
            var wal = new FileInfo(databaseFiles.Single(file => file.EndsWith("-wal", StringComparison.Ordinal))).Length;
            var limit = wal / 1024 * 1024;
            Assert.True(limit >= SharedMemoryBytes, $"the -wal holds {wal} bytes: too few to stand for a full disk");
            return limit;
        }

        /// <summary>Sets the soft limit to <paramref name="bytes"/>, keeping the hard one.</summary>
        public static Task SetAsync(int pid, long bytes) => SetAsync(pid, bytes.ToString(CultureInfo.InvariantCulture));

        private static Task SetAsync(int pid, string bytes) => Tool.RunAsync("prlimit", "disk-full", "--pid", $"{pid}", $"--fsize={bytes}:");

        /// <summary>Raises the soft limit to the hard one, as freeing the disk would.</summary>
        public static async Task LiftAsync(int pid)
        {
            var hard = (await Tool.RunAsync("prlimit", "disk-full", "--pid", $"{pid}", "--fsize", "--raw", "--noheadings", "--output=HARD")).Trim();
            await SetAsync(pid, hard);
        }
    }

    /// <summary>The immutable attribute (e2fsprogs' chattr), which only root with CAP_LINUX_IMMUTABLE may set.</summary>
    private static class Immutable
    {
        public static Task SetAsync(bool immutable, string[] files) => Tool.RunAsync("chattr", "read-only", [immutable ? "+i" : "-i", .. files]);
    }

    private static class Tool
    {
        /// <summary>Runs a fault's tool; says plainly when this machine cannot set the fault up, rather than testing nothing.</summary>
        public static async Task<string> RunAsync(string tool, string fault, params string[] args)
        {
            var start = new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true };
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (Win32Exception e)
            {
                throw new Xunit.Sdk.XunitException($"cannot set up the {fault} fault: {tool} cannot be run ({e.Message}); install it (prlimit: util-linux, chattr: e2fsprogs)");
            }
            using (process)
            {
                var output = process.StandardOutput.ReadToEndAsync();
                var errors = process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync().Within();
                if (process.ExitCode != 0)
                {
                    throw new Xunit.Sdk.XunitException(
                        $"cannot set up the {fault} fault: {tool} {string.Join(' ', args)} failed ({(await errors).Trim()}). It needs root (chattr also " +
                        "CAP_LINUX_IMMUTABLE, which containers drop by default) and, for chattr, a temporary directory on a filesystem with the " +
                        "immutable attribute (ext4, xfs, btrfs, tmpfs on Linux 6.0 or later)");
                }
                return await output;
            }
        }
    }
}
