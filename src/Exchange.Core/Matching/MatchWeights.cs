using Exchange.Core.Names;

namespace Exchange.Core.Matching;

/// <summary>
/// Fellegi-Sunter weights: for each field and level of agreement, m = P(level | same person) and
/// u = P(level | a worker and a participant who are different people), and the weight log2(m / u)
/// in bits. A candidate's score is the sum over its fields; a field one side lacks weighs 0.
/// </summary>
/// <remarks>
/// <para>The m values are the error rates expected of agency data entry (a NIK digit mistyped in one
/// record in 30, a wrong birth date in 30, titles and spelling variants common). The u values come
/// from a dense registry of a million participants, most first registered in Kota Bogor: a NIK has
/// about ten registered neighbours one digit or swap away (serials run 0001, 0002, ... for each
/// kecamatan and birth date), about one pair in 10,000 shares a birth date, one in 70 a kelurahan.
/// The name's u is the share of people bearing the agreeing words (<see cref="OfName"/>).</para>
/// <para>Fields are not independent where the NIK carries them: its DD MM YY digits are the birth
/// date and (day plus 40) the sex. When two NIKs share those digits and both birth dates are the ones
/// their NIKs carry, an agreeing birth date and sex tell nothing the NIKs did not, and weigh 0.</para>
/// <para>Thresholds follow from the prior: a worker and a participant drawn at random are the same
/// person with odds of about 0.4 to 1,000,000 (-21.3 bits), so a score S gives posterior odds of
/// 2^(S - 21.3). Review from posterior odds of about 1 to 3, automatic from 200 to 1 (p = 0.995).</para>
/// </remarks>
public static class MatchWeights
{
    /// <summary>Prior log2 odds that a worker and a participant drawn at random are one person.</summary>
    public const double PriorBits = -21.3;

    /// <summary>
    /// The least score for a review proposal (posterior odds about 1 to 3). An exact, fairly common
    /// name (one person in 1,000) with birth date, sex and kelurahan reaches it despite an unrelated
    /// NIK (21.2); without the kelurahan it takes a rare name.
    /// </summary>
    public const double ReviewThreshold = 20;

    /// <summary>
    /// The least score for an automatic match on a NIK one edit away (posterior odds 200 to 1). A typo
    /// in the birth-date digits reaches it with any agreeing name (the birth date then proves
    /// something); a typo in the serial or region digits needs a rare name, or a fairly rare one and
    /// the kelurahan, because the participants around a NIK were born the same day.
    /// </summary>
    public const double AutomaticThreshold = 29;

    // Indexed by the agreement enums, weakest (Missing, weight 0) first.
    private static readonly double[] Nik =
    [
        0,
        Weight(m: 0.005, u: 0.999), // Disagree: -7.64
        Weight(m: 0.01, u: 5e-4),   // TwoEdits: 4.32
        Weight(m: 0.03, u: 1e-5),   // OneEdit: 11.55
        Weight(m: 0.95, u: 1e-7),   // Exact: 23.18
    ];

    // m of Missing, Disagree, Partial, Fuzzy, Exact.
    private static readonly double[] NameM = [0, 0.03, 0.05, 0.12, 0.80];

    private static readonly double[] Name =
    [
        0,
        Weight(NameM[1], u: 0.975), // Disagree: -5.02
        Weight(NameM[2], u: 0.02),  // Partial: 1.32
        Weight(NameM[3], u: 0.003), // Fuzzy: 5.32
        Weight(NameM[4], u: 0.002), // Exact: 8.64
    ];

    private static readonly double[] BirthDate =
    [
        0,
        Weight(m: 0.03, u: 0.998), // Disagree: -5.06
        Weight(m: 0.05, u: 2e-3),  // Near: 4.64
        Weight(m: 0.92, u: 1e-4),  // Exact: 13.17
    ];

    private static readonly double[] Sex =
    [
        0,
        Weight(m: 0.02, u: 0.5),   // Disagree: -4.64
        Weight(m: 0.98, u: 0.5),   // Agree: 0.97
    ];

    // People move and BPJS addresses go stale, so m is only 0.5; u is one kelurahan in 70.
    private static readonly double[] Kelurahan =
    [
        0,
        Weight(m: 0.5, u: 0.985),  // Disagree: -0.98
        Weight(m: 0.5, u: 0.015),  // Agree: 5.06
    ];

    // A name carried by fewer than one person in a million weighs no more than one that rare.
    private const double MinNameFrequency = 1e-6;

    public static double Of(NikAgreement agreement) => Nik[(int)agreement];

    /// <summary>The name weight at a typical name frequency (u as listed); the first rung's gate uses it.</summary>
    public static double Of(NameAgreement agreement) => Name[(int)agreement];

    /// <summary>
    /// The name weight for names whose agreeing words are this common: u is the share of people
    /// bearing them (see <see cref="RegistryIndex"/>), so an exact "Asep" (borne by some 5 % of men)
    /// weighs about 4 bits where an exact "Asep Saepudin" weighs about 11. Disagreement keeps its
    /// fixed weight. The score uses this weight.
    /// </summary>
    public static double OfName(NameAgreement agreement, double nameFrequency) => agreement switch
    {
        >= NameAgreement.Partial => Weight(NameM[(int)agreement], Math.Max(nameFrequency, MinNameFrequency)),
        _ => Name[(int)agreement],
    };

    public static double Of(BirthDateAgreement agreement) => BirthDate[(int)agreement];

    public static double OfSex(FieldAgreement agreement) => Sex[(int)agreement];

    public static double OfKelurahan(FieldAgreement agreement) => Kelurahan[(int)agreement];

    private static double Weight(double m, double u) => Math.Log2(m / u);
}
