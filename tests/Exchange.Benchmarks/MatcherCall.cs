using Exchange.Core.Batches;
using Exchange.Core.Matching;
using Exchange.Core.Registry;
using Exchange.Core.Validation;
using Jamsostek.Exchange.V1;

namespace Exchange.Benchmarks;

/// <summary>What the benchmark needs of a match: the outcome and the participant matched or proposed.</summary>
/// <param name="Rung">The decision row that decided, for the list of misses.</param>
public readonly record struct Verdict(MatchOutcome Outcome, string? ParticipantNik, string Rung, double Score)
{
    public bool IsAutomatic => Outcome is MatchOutcome.Active or MatchOutcome.Grace or MatchOutcome.Lapsed or MatchOutcome.Deceased;
}

/// <summary>The benchmark's one call into the matcher, so a change of the matcher's API is adapted here alone.</summary>
public static class MatcherCall
{
    public static MatchSubject Subject(WorkerRecord record) => RegistryMapping.ToMatchSubject(record);

    /// <summary>The levels of a worker against their own participant, and the row they reach on their own, as text.</summary>
    public static string Compare(MatchSubject subject, RegistryIndex index, string participantNik) =>
        Matcher.Compare(subject, index, participantNik) is var (v, rung)
            ? $"{v.Nik,-15}{v.Name,-9}{v.BirthDate,-10}{v.Sex,-10}{v.Kelurahan,-9}-> {rung}"
            : "not in the registry";

    public static Verdict Match(MatchSubject subject, RegistryIndex index, DateOnly today)
    {
        var result = Matcher.Match(subject, index, today);
        return new Verdict(result.Outcome, result.ParticipantNik, result.Explanation.Rung, result.Score);
    }

    /// <summary>An accepted record's verdict as a batch stores it and hands it to the projection of known workers.</summary>
    public static RecordVerdict Answer(IReadOnlyList<Finding> findings, WorkerRecord record, RegistryIndex index, DateOnly today) =>
        RecordVerdict.Matched(findings, Matcher.Match(Subject(record), index, today));
}
