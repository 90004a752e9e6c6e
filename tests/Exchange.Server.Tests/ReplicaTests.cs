using Exchange.Server.Tests.Infrastructure;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests;

/// <summary>
/// Two gateway replicas on one PostgreSQL database, each on its own clock and data directory: what BPJS does through
/// one (a registry sync, a review decision) reaches the other's matching at its next refresh, ReplicaRefreshSeconds later.
/// </summary>
public sealed class ReplicaTests : IAsyncLifetime
{
    private const int RefreshSeconds = 2;

    private string? _database;
    private RunningGateway? _one;
    private RunningGateway? _other;

    private RunningGateway One => _one!;

    private RunningGateway Other => _other!;

    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.ForTests(out var notInstalled);
        Skip.If(postgres is null, notInstalled);
        _database = await postgres.CreateDatabaseAsync();
        string[] settings = [$"--Exchange:ConnectionString={_database}", $"--Exchange:ReplicaRefreshSeconds={RefreshSeconds}"];
        _one = await RunningGateway.StartAsync(dataDirectory: null, settings);
        _other = await RunningGateway.StartAsync(dataDirectory: null, settings);
    }

    private static async Task<MatchOutcome> SubmitOneAsync(RunningGateway gateway, WorkerRecord worker)
    {
        using var stream = await SubmitStream.OpenAsync(gateway.Submission, GatewayFixture.NewBatchId());
        return (await stream.SendAsync(0, [worker])).Results[0].Outcome;
    }

    /// <summary>Moves <paramref name="gateway"/>'s clock to its next refresh and submits until the refresh shows.</summary>
    private static async Task RefreshedAsync(RunningGateway gateway, WorkerRecord worker, MatchOutcome expected)
    {
        gateway.Clock.Advance(TimeSpan.FromSeconds(RefreshSeconds));
        async Task PollAsync()
        {
            while (await SubmitOneAsync(gateway, worker) != expected)
            {
                await Task.Yield();
            }
        }

        await PollAsync().Within();
    }

    [SkippableFact]
    public async Task A_sync_through_one_replica_reaches_the_others_matching_at_its_next_refresh()
    {
        var worker = Workers.Valid(1);
        await Participants.SyncAsync(One.Registry, SyncMode.Snapshot, [Participants.Of(worker)]);

        Assert.Equal(MatchOutcome.Active, await SubmitOneAsync(One, worker));
        // The other replica has not looked yet: its registry is the one it loaded at start.
        Assert.Equal(MatchOutcome.NotRegistered, await SubmitOneAsync(Other, worker));

        await RefreshedAsync(Other, worker, MatchOutcome.Active);
    }

    [SkippableFact]
    public async Task A_review_decided_through_one_replica_answers_the_others_records_at_its_next_refresh()
    {
        // A NIK from another region: name, birth date and kelurahan alone make a possible match.
        var worker = Workers.Valid(1);
        worker.FullName = "H. Ujang Suherman";
        var participant = Participants.Of(worker, monthsOwed: 1);
        participant.FullName = "UJANG SUHERMAN";
        participant.Nik = Workers.Nik(88, region: "317101");
        await Participants.SyncAsync(One.Registry, SyncMode.Snapshot, [participant]);
        await RefreshedAsync(Other, worker, MatchOutcome.PossibleMatch);

        var item = (await One.Registry.ListReviewItemsAsync(new ListReviewItemsRequest()).ResponseAsync.Within()).Items[0];
        await One.Registry.ResolveReviewItemAsync(new ResolveReviewItemRequest { ReviewId = item.ReviewId, Decision = ReviewDecision.SamePerson })
            .ResponseAsync.Within();

        Assert.Equal(MatchOutcome.Grace, await SubmitOneAsync(One, worker));
        await RefreshedAsync(Other, worker, MatchOutcome.Grace);
    }

    [SkippableFact]
    public async Task A_batch_finished_through_one_replica_takes_no_more_records_through_the_other()
    {
        var batchId = GatewayFixture.NewBatchId();
        var records = Workers.ValidMany(6);
        using var open = await SubmitStream.OpenAsync(Other.Submission, batchId);
        await open.SendAsync(0, records.Take(2));
        using (var elsewhere = await SubmitStream.OpenAsync(One.Submission, batchId))
        {
            Assert.Equal(2, elsewhere.Opened.CommittedOffset);
            await open.SendAsync(2, records.Skip(2).Take(2));
            // Two more records were stored through the other replica since this one opened: the ledger's count decides.
            Assert.Equal(4, (await elsewhere.FinishAsync(4)).RecordCount);
        }

        var refused = await open.ExpectErrorAsync(new SubmitRequest { Chunk = new RecordChunk { FirstOffset = 4, Records = { records.Skip(4) } } });

        RpcAssert.Refused(refused, StatusCode.FailedPrecondition, "BATCH_FINISHED", "chunk");
        var batch = (await One.Submission.GetBatchAsync(new GetBatchRequest { BatchId = batchId }).ResponseAsync.Within()).Batch;
        Assert.Equal((4, BatchState.Finished), (batch.RecordCount, batch.State));
    }

    public async Task DisposeAsync()
    {
        if (_other is not null)
        {
            await _other.DisposeAsync();
        }
        if (_one is not null)
        {
            await _one.DisposeAsync();
        }
        if (_database is not null)
        {
            await PostgresServer.Shared.DropDatabaseAsync(_database);
        }
    }
}
