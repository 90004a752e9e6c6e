using Exchange.Core.Matching;
using Exchange.Core.Registry;
using Jamsostek.Exchange.V1;

namespace Exchange.Benchmarks;

/// <summary>What the benchmark needs of a match: the outcome and the participant matched or proposed.</summary>
public readonly record struct Verdict(MatchOutcome Outcome, string? ParticipantNik)
{
    public bool IsAutomatic => Outcome is MatchOutcome.Active or MatchOutcome.Grace or MatchOutcome.Lapsed;
}

/// <summary>The benchmark's one call into the matcher, so a change of the matcher's API is adapted here alone.</summary>
public static class MatcherCall
{
    public static MatchSubject Subject(WorkerRecord record) => RegistryMapping.ToMatchSubject(record);

    public static Verdict Match(MatchSubject subject, RegistryIndex index, DateOnly today)
    {
        var result = Matcher.Match(subject, index, today);
        return new Verdict(result.Outcome, result.ParticipantNik);
    }
}
