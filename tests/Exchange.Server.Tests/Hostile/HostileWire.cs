using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Exchange.Server.Tests.Infrastructure;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests.Hostile;

/// <summary>Checks the hostile-input tests share: well-formed results, clear refusals, what a batch holds.</summary>
internal static partial class HostileWire
{
    /// <summary>The day the test gateways validate birth dates against: their clock starts there and hostile tests never move it.</summary>
    public static DateOnly Today { get; } = BogorClock.Start().Today();

    public static readonly FrozenSet<string> RecordFields =
        WorkerRecord.Descriptor.Fields.InDeclarationOrder().Select(f => f.Name).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// One result as the stream answers it: accepted exactly when it has no violation, every violation
    /// and warning pointing into the chunk (records[i].field) with a stable code and a readable text.
    /// Returns what is wrong, or null.
    /// </summary>
    public static string? ProblemWith(RecordResult result, int indexInChunk)
    {
        if (result.Status != (result.Violations.Count == 0 ? RecordStatus.Accepted : RecordStatus.Rejected))
        {
            return $"status {result.Status} with {result.Violations.Count} violations";
        }
        if (result.Status == RecordStatus.Rejected && result.Outcome != MatchOutcome.Unspecified)
        {
            return $"a rejected record has outcome {result.Outcome}";
        }
        if (result.Status == RecordStatus.Accepted && result.Outcome == MatchOutcome.Unspecified)
        {
            return "an accepted record was not matched";
        }
        var prefix = $"records[{indexInChunk}].";
        foreach (var violation in result.Violations.Concat(result.Warnings))
        {
            if (!violation.Field.StartsWith(prefix, StringComparison.Ordinal) || !RecordFields.Contains(violation.Field[prefix.Length..]))
            {
                return $"field '{violation.Field}' does not point into records[{indexInChunk}]";
            }
            if (!UpperSnake().IsMatch(violation.Code))
            {
                return $"code '{violation.Code}' is not UPPER_SNAKE";
            }
            if (string.IsNullOrWhiteSpace(violation.Description) || violation.Description == violation.Code)
            {
                return $"{violation.Code} has no readable description";
            }
        }
        return null;
    }

    /// <summary>What stays of a result when it is read back: the path prefix depends on the request that asked.</summary>
    public static string Essence(RecordResult result) =>
        $"{result.Offset} {result.Status} {result.Outcome} {result.Segment} {result.Score} [{string.Join(",", result.Reasons)}] " +
        $"[{string.Join(",", result.Violations.Select(v => $"{Unprefixed(v.Field)}:{v.Code}:{v.Description}"))}] " +
        $"[{string.Join(",", result.Warnings.Select(v => $"{Unprefixed(v.Field)}:{v.Code}:{v.Description}"))}]";

    /// <summary>A refusal with a clear status and the stable code in ErrorInfo; never UNKNOWN or INTERNAL.</summary>
    public static void AssertRefused(RpcException error, StatusCode code, string reason)
    {
        Assert.True(error.StatusCode == code, $"expected {code} {reason}, got {error.Status}");
        Assert.Equal(reason, RpcAssert.ErrorInfo(error).Reason);
        Assert.False(string.IsNullOrWhiteSpace(error.Status.Detail));
    }

    /// <summary>The batch's committed offset as a resuming stream learns it, and its record count as GetBatch tells it.</summary>
    public static async Task<(long Committed, long Records, BatchState State)> StoredAsync(SubmissionService.SubmissionServiceClient client, string batchId,
        Purpose purpose = Purpose.CoverageMatching)
    {
        long committed;
        using (var stream = await SubmitStream.OpenAsync(client, batchId, purpose))
        {
            Assert.True(stream.Opened.Resumed, $"batch {batchId} did not exist");
            committed = stream.Opened.CommittedOffset;
            await stream.CompleteAsync();
        }
        var batch = (await client.GetBatchAsync(new GetBatchRequest { BatchId = batchId }).ResponseAsync.Within()).Batch;
        Assert.Equal(batch.AcceptedCount + batch.RejectedCount, batch.RecordCount);
        return (committed, batch.RecordCount, batch.State);
    }

    public static Task<List<RecordResult>> ReadAllResultsAsync(SubmissionService.SubmissionServiceClient client, string batchId,
        long fromOffset = 0) =>
        ReadAllResultsAsync(client, new ReadResultsRequest { BatchId = batchId, FromOffset = fromOffset });

    public static async Task<List<RecordResult>> ReadAllResultsAsync(SubmissionService.SubmissionServiceClient client, ReadResultsRequest request)
    {
        using var call = client.ReadResults(request);
        var results = new List<RecordResult>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None).Within())
        {
            results.AddRange(call.ResponseStream.Current.Results);
        }
        return results;
    }

    /// <summary>Whether the gateway takes this as a batch id: 1-64 characters of A-Z a-z 0-9 . _ : -</summary>
    public static bool IsWellFormedBatchId(string id) => BatchId().IsMatch(id);

    private static string Unprefixed(string field) => field.StartsWith("records[", StringComparison.Ordinal) ? field[(field.IndexOf(']') + 2)..] : field;

    [GeneratedRegex(@"^[A-Za-z0-9._:-]{1,64}\z")]
    private static partial Regex BatchId();

    [GeneratedRegex(@"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*\z")]
    private static partial Regex UpperSnake();
}
