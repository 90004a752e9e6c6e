using System.Globalization;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests.Infrastructure;

/// <summary>Registry participants for tests, and a client-side sync that bounds every await.</summary>
public static class Participants
{
    /// <summary>The current month in Bogor, minus <paramref name="monthsAgo"/>, as YYYY-MM.</summary>
    public static string MonthsAgo(int monthsAgo)
    {
        var today = DateTime.UtcNow.AddHours(7).AddMonths(-monthsAgo);
        return today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    /// <summary>The participant behind <see cref="Workers.Valid"/> with the same serial: same NIK, name and birth date.</summary>
    public static Participant Of(WorkerRecord worker, ParticipantStatus status = ParticipantStatus.Active, int monthsUnpaid = 0,
        Segment segment = Segment.Bpu) => new()
    {
        Nik = worker.Nik,
        FullName = worker.FullName.ToUpperInvariant(),
        BirthDate = worker.BirthDate,
        Sex = worker.Sex,
        Segment = segment,
        Status = status,
        LastPaidMonth = MonthsAgo(monthsUnpaid),
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
