using System.Globalization;
using Exchange.Core.Batches;
using Exchange.Core.Matching;
using Exchange.Core.Validation;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Grpc;

/// <summary>From the domain's verdicts and batches to the wire's results and summaries.</summary>
public static class ResultMapping
{
    /// <summary>
    /// A record's whole result, score and reasons included, as BPJS reads it (review items, ExplainResult); an agency
    /// gets it only through <see cref="Security.PurposePolicy.Minimise"/>. Field paths are prefixed with
    /// <paramref name="recordPath"/> (records[17].) so they point into the request that is being answered.
    /// </summary>
    public static RecordResult ToResult(StoredVerdict stored, string recordPath, Language language)
    {
        var verdict = stored.Verdict;
        var result = new RecordResult
        {
            Offset = stored.Offset,
            Status = verdict.Accepted ? RecordStatus.Accepted : RecordStatus.Rejected,
            Outcome = verdict.Outcome,
            Segment = verdict.Segment,
            Score = verdict.Score,
        };
        result.Reasons.AddRange(verdict.Reasons);
        foreach (var finding in verdict.Findings)
        {
            var violation = new FieldViolation
            {
                Field = recordPath + finding.Field,
                Code = finding.Code,
                Description = Messages.Describe(finding.Code, finding.Arguments, language),
            };
            (finding.Severity == FindingSeverity.Error ? result.Violations : result.Warnings).Add(violation);
        }
        return result;
    }

    /// <summary>How matching decided, for BPJS: the waterfall of weights and the deciding row.</summary>
    public static Jamsostek.Exchange.V1.MatchExplanation ToExplanation(Core.Matching.MatchExplanation explanation)
    {
        var vector = explanation.Vector;
        var message = new Jamsostek.Exchange.V1.MatchExplanation
        {
            Rung = explanation.Rung,
            Rule = DecisionTable.Rows.FirstOrDefault(row => row.Name == explanation.Rung)?.Rule ?? "no participant came close",
            BlockedByRivals = explanation.BlockedByRivals,
            OneEditCandidates = explanation.OneEditCandidates,
            PriorBits = MatchModel.PriorBits,
            Score = explanation.Score,
            PosteriorProbability = MatchModel.Posterior(explanation.Score),
            ReviewThreshold = MatchModel.ReviewThreshold,
            AutomaticThreshold = MatchModel.AutomaticThreshold,
        };
        if (explanation.HasCandidate)
        {
            foreach (var field in Enum.GetValues<MatchField>())
            {
                var (m, u) = MatchModel.Probabilities(field, ComparisonLevels.ValueOf(field, vector), vector.NameFrequency);
                message.Fields.Add(new FieldComparison
                {
                    Field = field switch
                    {
                        MatchField.Nik => "NIK",
                        MatchField.Name => "NAME",
                        MatchField.BirthDate => "BIRTH_DATE",
                        MatchField.Sex => "SEX",
                        _ => "KELURAHAN",
                    },
                    Level = ComparisonLevels.Of(field, vector),
                    Weight = explanation.Weights.Of(field),
                    M = m,
                    U = u,
                });
            }
        }
        return message;
    }

    public static string RecordPath(int indexInRequest) => $"records[{indexInRequest.ToString(CultureInfo.InvariantCulture)}].";

    public static BatchSummary ToSummary(BatchInfo batch)
    {
        var summary = new BatchSummary
        {
            BatchId = batch.BatchId,
            Purpose = batch.Purpose,
            State = batch.IsFinished ? BatchState.Finished : BatchState.Open,
            RecordCount = batch.Counts.Records,
            AcceptedCount = batch.Counts.Accepted,
            RejectedCount = batch.Counts.Rejected,
            WarningCount = batch.Counts.Warned,
            OpenedAt = Rfc3339(batch.OpenedAt),
            FinishedAt = batch.FinishedAt is { } finished ? Rfc3339(finished) : "",
        };
        foreach (var (outcome, count) in batch.Counts.Outcomes.OrderBy(o => o.Key))
        {
            summary.OutcomeCounts.Add(new OutcomeCount { Outcome = outcome, Count = count });
        }
        return summary;
    }

    private static string Rfc3339(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
