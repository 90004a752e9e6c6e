namespace Exchange.Core.Matching;

/// <summary>
/// Why a worker got their outcome, for BPJS (never for an agency): the decision row that decided,
/// the chosen candidate's comparison vector with each field's weight as it was weighed then, and how
/// many candidates stood on the one-edit rows. Like Splink's waterfall: the prior plus each weight
/// gives the score.
/// </summary>
/// <param name="Rung">The deciding row's name (<see cref="DecisionRow.Name"/>), or <see cref="DecisionTable.NoCandidate"/>.</param>
/// <param name="BlockedByRivals">An automatic row whose rival rule did not hold: the candidate went to review.</param>
public readonly record struct MatchExplanation(
    string Rung,
    bool BlockedByRivals,
    ComparisonVector Vector,
    FieldWeights Weights,
    int OneEditCandidates)
{
    public static MatchExplanation None { get; } = new(DecisionTable.NoCandidate, false, default, default, 0);

    public bool HasCandidate => Rung != DecisionTable.NoCandidate;

    public double Score => Weights.Sum;

    internal static MatchExplanation Of(string rung, bool blocked, ComparisonVector vector, int oneEditCandidates) =>
        new(rung, blocked, vector, FieldWeights.Of(vector), oneEditCandidates);
}

/// <summary>Each field's weight in bits, as the model gave it.</summary>
public readonly record struct FieldWeights(double Nik, double Name, double BirthDate, double Sex, double Kelurahan)
{
    public double Sum => Nik + Name + BirthDate + Sex + Kelurahan;

    public static FieldWeights Of(ComparisonVector vector) => new(
        MatchModel.Weight(vector.Nik), vector.NameWeight, MatchModel.Weight(vector.BirthDate),
        MatchModel.Weight(vector.Sex), MatchModel.Weight(vector.Kelurahan));

    public double Of(MatchField field) => field switch
    {
        MatchField.Nik => Nik,
        MatchField.Name => Name,
        MatchField.BirthDate => BirthDate,
        MatchField.Sex => Sex,
        _ => Kelurahan,
    };
}

/// <summary>Stable names of the comparison levels, as explanations and docs spell them.</summary>
public static class ComparisonLevels
{
    public static string Of(MatchField field, in ComparisonVector vector) => field switch
    {
        MatchField.Nik => Snake(vector.Nik.ToString()),
        MatchField.Name => Snake(vector.Name.ToString()),
        MatchField.BirthDate => Snake(vector.BirthDate.ToString()),
        MatchField.Sex => Snake(vector.Sex.ToString()),
        _ => Snake(vector.Kelurahan.ToString()),
    };

    /// <summary>The level's value as stored (the enum's number).</summary>
    public static int ValueOf(MatchField field, in ComparisonVector vector) => field switch
    {
        MatchField.Nik => (int)vector.Nik,
        MatchField.Name => (int)vector.Name,
        MatchField.BirthDate => (int)vector.BirthDate,
        MatchField.Sex => (int)vector.Sex,
        _ => (int)vector.Kelurahan,
    };

    // OneEdit -> ONE_EDIT.
    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));
}
