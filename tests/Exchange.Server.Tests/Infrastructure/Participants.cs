using Exchange.Core.Matching;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests.Infrastructure;

/// <summary>Registry participants for tests, and a client-side sync that bounds every await.</summary>
public static class Participants
{
    /// <summary>
    /// The last paid month, as YYYY-MM, of someone who owes <paramref name="monthsOwed"/> months on
    /// <paramref name="today"/> (the test gateways' first day, <see cref="BogorClock.DefaultStart"/>, when not given).
    /// </summary>
    public static string PaidUpToOwing(int monthsOwed, DateOnly? today = null) =>
        MembershipStanding.LastOverdueMonth(today ?? BogorClock.StartAt(BogorClock.DefaultStart).Today()).Plus(-monthsOwed).ToString();

    /// <summary>
    /// The participant behind <paramref name="worker"/>: same NIK, name and birth date, owing
    /// <paramref name="monthsOwed"/> months on the test gateways' first day (0 is ACTIVE, 1-3 GRACE).
    /// </summary>
    public static Participant Of(WorkerRecord worker, ParticipantStatus status = ParticipantStatus.Active, int monthsOwed = 0,
        Segment segment = Segment.Bpu) => new()
    {
        Nik = worker.Nik,
        FullName = worker.FullName.ToUpperInvariant(),
        BirthDate = worker.BirthDate,
        Sex = worker.Sex,
        Segment = segment,
        Status = status,
        LastPaidMonth = PaidUpToOwing(monthsOwed),
        KelurahanCode = worker.KelurahanCode,
    };

    public static async Task<SyncParticipantsResponse> SyncAsync(RegistryService.RegistryServiceClient client, SyncMode mode,
        IEnumerable<Participant> upserts, IEnumerable<string>? removals = null)
    {
        using var call = client.SyncParticipants(cancellationToken: new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        await call.RequestStream.WriteAsync(new SyncParticipantsRequest { Header = new SyncHeader { Mode = mode } }).Within();
        foreach (var chunk in upserts.Chunk(1000))
        {
            await call.RequestStream.WriteAsync(new SyncParticipantsRequest { Chunk = new ParticipantChunk { Upserts = { chunk } } }).Within();
        }
        if (removals is not null)
        {
            await call.RequestStream.WriteAsync(new SyncParticipantsRequest { Chunk = new ParticipantChunk { RemovedNiks = { removals } } }).Within();
        }
        await call.RequestStream.CompleteAsync().Within();
        return await call.ResponseAsync.Within();
    }
}
