using System.Globalization;
using Exchange.Synthetic;
using Jamsostek.Exchange.V1;

namespace Exchange.Benchmarks;

/// <summary>Counts over a set of matched records: all of them, or those carrying one noise kind.</summary>
public sealed class AccuracyTally
{
    public int Records { get; private set; }

    /// <summary>Records of registry members.</summary>
    public int Members { get; private set; }

    /// <summary>Members matched automatically or proposed for review on the right participant.</summary>
    public int MembersFound { get; private set; }

    /// <summary>Records matched automatically (ACTIVE, GRACE, LAPSED, DECEASED).</summary>
    public int Automatic { get; private set; }

    /// <summary>Automatic matches on the right participant.</summary>
    public int AutomaticRight { get; private set; }

    /// <summary>Records sent to review (POSSIBLE_MATCH).</summary>
    public int Review { get; private set; }

    public double? Precision => Share(AutomaticRight, Automatic);

    public double? Recall => Share(MembersFound, Members);

    public double? ReviewRate => Share(Review, Records);

    public void Add(RecordTruth truth, Verdict verdict)
    {
        var rightPerson = truth.ParticipantNik is not null && verdict.ParticipantNik == truth.ParticipantNik;
        Records++;
        if (truth.ParticipantNik is not null)
        {
            Members++;
            MembersFound += rightPerson ? 1 : 0;
        }
        if (verdict.IsAutomatic)
        {
            Automatic++;
            AutomaticRight += rightPerson ? 1 : 0;
        }
        Review += verdict.Outcome == MatchOutcome.PossibleMatch ? 1 : 0;
    }

    /// <summary>A share to four places, or "-" when there is nothing to divide by.</summary>
    public static string Format(double? share) => share is { } value ? value.ToString("F4", CultureInfo.InvariantCulture) : "-";

    private static double? Share(int part, int whole) => whole == 0 ? null : part / (double)whole;
}
