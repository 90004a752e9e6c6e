using System.Collections.Frozen;

namespace Exchange.Server.Security;

/// <summary>
/// Who may call what: one line per RPC, deny by default (an RPC missing here is refused to everyone).
/// The README's Security table is this table; a test holds them together.
/// </summary>
public static class Permissions
{
    private const string Submission = "/jamsostek.exchange.v1.SubmissionService/";
    private const string Registry = "/jamsostek.exchange.v1.RegistryService/";
    private const string Report = "/jamsostek.exchange.v1.ReportService/";
    private const string Audit = "/jamsostek.exchange.v1.AuditService/";

    private static readonly CallerRole[] Everyone = [CallerRole.Agency, CallerRole.Bpjs, CallerRole.Admin, CallerRole.Observer];

    /// <summary>Methods anyone may call without credentials: a load balancer must be able to probe health.</summary>
    public static readonly FrozenSet<string> Anonymous = new[]
    {
        "/grpc.health.v1.Health/Check",
        "/grpc.health.v1.Health/Watch",
        "/grpc.health.v1.Health/List",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Roles allowed per method (full gRPC method name).</summary>
    public static readonly FrozenDictionary<string, CallerRole[]> Roles = new Dictionary<string, CallerRole[]>
    {
        [Submission + "Submit"] = [CallerRole.Agency],
        [Submission + "GetBatch"] = [CallerRole.Agency],
        [Submission + "ListBatches"] = [CallerRole.Agency],
        [Submission + "ReadResults"] = [CallerRole.Agency],
        [Submission + "WatchOutcomeChanges"] = [CallerRole.Agency],
        [Registry + "SyncParticipants"] = [CallerRole.Bpjs],
        [Registry + "ListReviewItems"] = [CallerRole.Bpjs],
        [Registry + "ResolveReviewItem"] = [CallerRole.Bpjs],
        [Registry + "StreamEnrollmentCandidates"] = [CallerRole.Bpjs],
        [Registry + "ExplainResult"] = [CallerRole.Bpjs],
        [Report + "GetCoverageReport"] = [CallerRole.Bpjs, CallerRole.Admin, CallerRole.Observer],
        // The eligible people's list is for BPJS alone; the endpoint refuses it to the others.
        [Report + "GetApbdEstimate"] = [CallerRole.Bpjs, CallerRole.Admin, CallerRole.Observer],
        // Names and NIKs of people to enrol: BPJS enrols them.
        [Report + "ListApbdEligiblePeople"] = [CallerRole.Bpjs],
        // Named workers: for the payer and BPJS, and agencies for their own; observers read the counts in the coverage report.
        [Report + "ListLapseWarnings"] = [CallerRole.Agency, CallerRole.Bpjs, CallerRole.Admin],
        [Audit + "ListAuditEntries"] = [CallerRole.Admin, CallerRole.Observer],
        [Audit + "VerifyAuditTrail"] = [CallerRole.Admin, CallerRole.Observer],
        // A person's whole record across agencies: the operators who answer data subjects' requests, nobody else.
        [Audit + "GetDataSubjectReport"] = [CallerRole.Admin],
        // Reflection describes the API, not data, but only to callers who may use it.
        ["/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"] = Everyone,
        ["/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"] = Everyone,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool Allows(string method, CallerRole role) =>
        Roles.TryGetValue(method, out var roles) && roles.Contains(role);
}
