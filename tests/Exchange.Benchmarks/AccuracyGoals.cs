using Exchange.Synthetic;

namespace Exchange.Benchmarks;

/// <summary>The accuracy goals every profile and seed must meet.</summary>
public static class AccuracyGoals
{
    public const double Precision = 0.995;
    public const double Recall = 0.99;
    public const double ReviewRate = 0.03;
    public const double KindRecall = 0.98;

    /// <summary>A noise kind's recall is a goal once this many member records carry it; fewer say little.</summary>
    public const int KindMembers = 200;

    public const string Text = "automatic precision >= 0.995, member recall >= 0.99, POSSIBLE_MATCH rate <= 0.03, recall >= 0.98 for every noise kind with >= 200 member records";

    public static bool PrecisionMet(AccuracyTally tally) => tally.Precision is not { } p || p >= Precision;

    public static bool RecallMet(AccuracyTally tally) => tally.Recall is not { } r || r >= Recall;

    public static bool ReviewRateMet(AccuracyTally tally) => tally.ReviewRate is not { } r || r <= ReviewRate;

    /// <summary>Whether the kind's recall is held to the goal at all.</summary>
    public static bool KindCounts(AccuracyTally tally) => tally.Members >= KindMembers;

    public static bool KindRecallMet(AccuracyTally tally) => !KindCounts(tally) || tally.Recall >= KindRecall;
}

/// <summary>One profile and seed: overall counts, and counts per noise kind (<see cref="NoiseKinds.None"/> for records without noise).</summary>
/// <param name="Gated">Whether the goals must hold on this profile (see SyntheticProfile.Gated).</param>
public sealed record AccuracyRun(string Profile, int Seed, AccuracyTally Overall, IReadOnlyList<(NoiseKinds Kind, AccuracyTally Tally)> PerKind, bool Gated)
{
    public IEnumerable<(NoiseKinds Kind, AccuracyTally Tally)> KindsBelowGoal => PerKind.Where(k => !AccuracyGoals.KindRecallMet(k.Tally));

    public bool Passed => AccuracyGoals.PrecisionMet(Overall) && AccuracyGoals.RecallMet(Overall) && AccuracyGoals.ReviewRateMet(Overall)
        && !KindsBelowGoal.Any();
}
