using Exchange.Core.Names;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Matching;

/// <summary>What a decision row makes of a candidate.</summary>
public enum Proposal
{
    /// <summary>Not this participant.</summary>
    None,
    /// <summary>BPJS should look: POSSIBLE_MATCH.</summary>
    Review,
    /// <summary>This participant, if the row's rival rule holds; a review otherwise.</summary>
    Automatic,
}

/// <summary>When an automatic proposal stands, given the other candidates.</summary>
public enum RivalRule
{
    /// <summary>Whatever the other candidates are.</summary>
    None,
    /// <summary>Only if no candidate sits on a one-edit row: the NIK may have been mistyped onto this participant.</summary>
    NoOneEditCandidate,
    /// <summary>Only if this is the one candidate on a one-edit row.</summary>
    OnlyOneEditCandidate,
}

/// <summary>What the decision sees of one candidate: its comparison vector and what BPJS decided about the pair before.</summary>
public readonly record struct CandidateFacts(ComparisonVector Vector, ReviewDecision Reviewed);

/// <summary>
/// One rung of the ladder: a condition on a candidate's facts, what it proposes, and when an automatic
/// proposal survives the other candidates. <see cref="IsOneEdit"/> rows are the ones rivals are counted
/// on; <see cref="OnBpjsDecision"/> rows apply only to a pair BPJS has decided.
/// </summary>
public sealed record DecisionRow(string Name, string Rule, Func<CandidateFacts, bool> Applies, Proposal Proposal, RivalRule Rivals,
    bool IsOneEdit = false, bool OnBpjsDecision = false);

/// <summary>
/// The ladder as one table. Each candidate takes the first row that applies to it; the match then
/// goes to the first candidate (in row order, then by score, then by the lower NIK) whose row
/// proposes an automatic match and whose rival rule holds. Failing that, the best candidate with any
/// proposal is POSSIBLE_MATCH, and without one the worker is NOT_REGISTERED. docs/architecture.md
/// prints the table; each row has its own test.
/// </summary>
public static class DecisionTable
{
    public const string NoCandidate = "NO_CANDIDATE";

    public static IReadOnlyList<DecisionRow> Rows => Table;

    // An array under the list: the matcher reads it for every candidate.
    private static readonly DecisionRow[] Table =
    [
        new("REVIEWED_SAME_PERSON", "BPJS decided this worker is this participant, whose identity has not changed since",
            f => f.Reviewed == ReviewDecision.SamePerson, Proposal.Automatic, RivalRule.None, OnBpjsDecision: true),
        new("REVIEWED_DIFFERENT_PERSON", "BPJS decided this worker is not this participant, whose identity has not changed since",
            f => f.Reviewed == ReviewDecision.DifferentPerson, Proposal.None, RivalRule.None, OnBpjsDecision: true),
        new("EXACT_NIK", "exact NIK, the whole name agrees (typos allowed), birth date and sex do not weigh against it",
            f => f.Vector.Nik == NikLevel.Exact && f.Vector.Name >= NameAgreement.Fuzzy && IdentityConsistent(f.Vector),
            Proposal.Automatic, RivalRule.None),
        new("EXACT_NIK_CORROBORATED",
            "exact NIK with part of the name, or a birth date the NIK does not already carry; name, birth date and sex do not weigh against it",
            f => f.Vector.Nik == NikLevel.Exact && (f.Vector.Name == NameAgreement.Partial || f.Vector.BirthDate == BirthDateLevel.Exact)
                && IdentityConsistent(f.Vector),
            Proposal.Automatic, RivalRule.NoOneEditCandidate),
        new("EXACT_NIK_UNCONFIRMED", "exact NIK and nothing else agrees: a mistyped NIK can land on another real person",
            f => f.Vector.Nik == NikLevel.Exact, Proposal.Review, RivalRule.None),
        new("ONE_EDIT_NIK", "NIK one digit or one adjacent swap away (or wrong only in its date digits), the whole name and the birth date agree (exactly, when the edit is in the serial: twins), sex does not disagree, score clears the automatic threshold",
            f => FitsOneEdit(f.Vector) && NotATwin(f.Vector) && f.Vector.Sex != SexLevel.Disagree && f.Vector.Score >= MatchModel.AutomaticThreshold,
            Proposal.Automatic, RivalRule.OnlyOneEditCandidate, IsOneEdit: true),
        new("ONE_EDIT_NIK_REVIEW", "NIK one edit away (or wrong only in its date digits), the whole name and the birth date agree: a registered member, never NOT_REGISTERED",
            f => FitsOneEdit(f.Vector), Proposal.Review, RivalRule.None, IsOneEdit: true),
        new("NAME_BIRTH_DATE_KELURAHAN", "the whole name, the birth date and the kelurahan agree, sex does not disagree, however common the name",
            f => f.Vector.Name >= NameAgreement.Fuzzy && f.Vector.BirthDate == BirthDateLevel.Exact
                && f.Vector.Kelurahan == KelurahanLevel.Agree && f.Vector.Sex != SexLevel.Disagree,
            Proposal.Review, RivalRule.None),
        new("EVIDENCE", "at least part of the name agrees and the score clears the review threshold",
            f => f.Vector.Name >= NameAgreement.Partial && f.Vector.Score >= MatchModel.ReviewThreshold, Proposal.Review, RivalRule.None),
        new("NOT_ENOUGH", "anything else", _ => true, Proposal.None, RivalRule.None),
    ];

    // Least name weight (an exact name) a candidate needs to reach any proposal, by NIK, birth-date,
    // sex and kelurahan level; see LeastNameWeight.
    private static readonly double[] LeastNameWeights = BuildLeastNameWeights();

    /// <summary>
    /// Whether a candidate on this row is the match whatever else is found, once every candidate BPJS
    /// decided on has been weighed: its row proposes an automatic match without a rival rule, and only
    /// rows on BPJS decisions come before it.
    /// </summary>
    public static bool Settles(int row) => SettlingRows[row];

    /// <summary>The row at <paramref name="index"/> (as <see cref="RowOf"/> gives it).</summary>
    public static DecisionRow Row(int index) => Table[index];

    private static readonly bool[] SettlingRows =
        [.. Rows.Select((row, i) => row.Proposal == Proposal.Automatic && row.Rivals == RivalRule.None && Rows.Take(i).All(r => r.OnBpjsDecision))];

    /// <summary>The index of the first row that applies.</summary>
    public static int RowOf(CandidateFacts facts)
    {
        for (var row = 0; ; row++)
        {
            if (Table[row].Applies(facts))
            {
                return row;
            }
        }
    }

    /// <summary>
    /// The least name weight with which a candidate of these other levels, and no decision by BPJS,
    /// reaches a row that proposes anything: -infinity when any name will do, +infinity when none can.
    /// Worked out from <see cref="Rows"/> (whose conditions only get easier as the name gets better),
    /// so a source or an index filter that skips candidates below it skips exactly those the table
    /// would turn down.
    /// </summary>
    public static double LeastNameWeight(NikLevel nik, BirthDateLevel birthDate, SexLevel sex, KelurahanLevel kelurahan) =>
        LeastNameWeights[Key(nik, birthDate, sex, kelurahan)];

    /// <summary>Whether a candidate of these levels, with an exact name whose words are this common, can reach a proposal.</summary>
    public static bool MayPropose(NikLevel nik, BirthDateLevel birthDate, SexLevel sex, KelurahanLevel kelurahan, double leastNameFrequency) =>
        MatchModel.Weight(NameAgreement.Exact, leastNameFrequency) >= LeastNameWeight(nik, birthDate, sex, kelurahan);

    /// <summary>Name, birth date and sex, weighed as independent facts, do not speak against the exact NIK.</summary>
    private static bool IdentityConsistent(ComparisonVector vector)
    {
        var birthDate = vector.BirthDate == BirthDateLevel.AsNiksSay ? BirthDateLevel.Exact : vector.BirthDate;
        var sex = vector.Sex == SexLevel.AsNiksSay ? SexLevel.Agree : vector.Sex;
        return MatchModel.TypicalWeight(vector.Name) + MatchModel.Weight(birthDate) + MatchModel.Weight(sex) >= 0;
    }

    private static bool FitsOneEdit(ComparisonVector vector) =>
        (vector.NikOneEdit || vector.Nik is NikLevel.OtherDateDigits) && vector.Name >= NameAgreement.Fuzzy && vector.BirthDateAgrees;

    // Twins are born the same day in the same kecamatan, so their NIKs are a serial apart; their
    // names differ, often by a letter (Yani, Yanti): a serial typo is taken only with the exact name.
    private static bool NotATwin(ComparisonVector vector) => vector.Nik != NikLevel.OneEditInSerial || vector.Name == NameAgreement.Exact;

    private static int Key(NikLevel nik, BirthDateLevel birthDate, SexLevel sex, KelurahanLevel kelurahan) =>
        (((int)nik * 5 + (int)birthDate) * 4 + (int)sex) * 3 + (int)kelurahan;

    private static double[] BuildLeastNameWeights()
    {
        var table = new double[Enum.GetValues<NikLevel>().Length * 5 * 4 * 3];
        foreach (var nik in Enum.GetValues<NikLevel>())
        {
            foreach (var birthDate in Enum.GetValues<BirthDateLevel>())
            {
                foreach (var sex in Enum.GetValues<SexLevel>())
                {
                    foreach (var kelurahan in Enum.GetValues<KelurahanLevel>())
                    {
                        table[Key(nik, birthDate, sex, kelurahan)] = Solve(nik, birthDate, sex, kelurahan);
                    }
                }
            }
        }
        return table;
    }

    // Bisection on the name weight: the rows are monotone in it, so the set of weights that reach a
    // proposal is an interval to +infinity. Rounded down by a hair so rounding never turns a real one away.
    private static double Solve(NikLevel nik, BirthDateLevel birthDate, SexLevel sex, KelurahanLevel kelurahan)
    {
        const double Lowest = -200, Highest = 200;
        bool Proposes(double weight)
        {
            var frequency = 0.8 / Math.Pow(2, weight);
            var vector = new ComparisonVector(nik, NameAgreement.Exact, frequency, birthDate, sex, kelurahan);
            return Rows[RowOf(new CandidateFacts(vector, ReviewDecision.Unspecified))].Proposal != Proposal.None;
        }
        if (Proposes(Lowest))
        {
            return double.NegativeInfinity;
        }
        if (!Proposes(Highest))
        {
            return double.PositiveInfinity;
        }
        double low = Lowest, high = Highest;
        for (var i = 0; i < 80; i++)
        {
            var middle = (low + high) / 2;
            (low, high) = Proposes(middle) ? (low, middle) : (middle, high);
        }
        return high - 1e-9;
    }
}
