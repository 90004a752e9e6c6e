using Exchange.Server.Tests.Infrastructure;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests.Security;

/// <summary>
/// A full exchange (registry sync, a submission with good and bad records, review, candidates,
/// report) with every log level on: no NIK and no name may appear in any log line or audit entry.
/// </summary>
public sealed class PersonalDataLeakTests
{
    [Fact]
    public async Task No_nik_or_name_reaches_the_logs_or_the_audit_trail()
    {
        var logs = new CapturedLogs();
        await using var gateway = await RunningGateway.StartAsync(null, logs, null,
            "--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace", "--Logging:LogLevel:Grpc=Trace");
        string[] names = ["Dedi Kurniawan", "Euis Komalasari", "Ujang Suherman", "Rina Marlina", "Iis Sumiati"];
        var workers = names.Select((name, i) =>
        {
            var w = Workers.Valid(i + 1);
            w.FullName = name;
            return w;
        }).ToList();
        var lookalike = Participants.Of(workers[4]);
        lookalike.Nik = Workers.Nik(77, region: "320101");
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, [Participants.Of(workers[0]), lookalike]);
        var broken = Workers.Valid(9);
        broken.FullName = "Asep 2";
        broken.Phone = "12";
        using (var stream = await SubmitStream.OpenAsync(gateway.Submission, "leak-check"))
        {
            await stream.SendAsync(0, [.. workers, broken, workers[1]]);
            await stream.FinishAsync();
        }
        var review = (await gateway.Registry.ListReviewItemsAsync(new ListReviewItemsRequest())).Items.Single();
        await gateway.Registry.ResolveReviewItemAsync(new ResolveReviewItemRequest { ReviewId = review.ReviewId, Decision = ReviewDecision.DifferentPerson });
        using (var candidates = gateway.Registry.StreamEnrollmentCandidates(new StreamEnrollmentCandidatesRequest()))
        {
            await candidates.ResponseStream.ReadAllWithinAsync();
        }
        await new ReportService.ReportServiceClient(gateway.As(TestCallers.Admin)).GetCoverageReportAsync(new GetCoverageReportRequest());
        var audit = await new AuditService.AuditServiceClient(gateway.As(TestCallers.Admin)).ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 1000 });

        Assert.True(logs.Lines.Count > 20, $"only {logs.Lines.Count} log lines were captured");
        Assert.True(audit.Entries.Count >= 6);
        string[] secrets = [.. workers.Select(w => w.Nik), broken.Nik, lookalike.Nik, .. names, .. names.Select(n => n.ToUpperInvariant()), "Asep 2"];
        var written = logs.Lines.Concat(audit.Entries.Select(e => e.ToString())).ToList();
        foreach (var secret in secrets)
        {
            var leak = written.FirstOrDefault(line => line.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.True(leak is null, $"'{secret}' appears in: {leak}");
        }
    }
}
