using Exchange.Core.Names;

namespace Exchange.Core.Matching;

/// <summary>
/// The weights table of the Fellegi-Sunter model, and its thresholds: for each field and level of
/// agreement, m = P(level | the worker is the participant) and u = P(level | they are different
/// people), and the level's weight log2(m / u) in bits. A candidate's score is the sum of its
/// fields' weights; a field one side lacks weighs 0. Nothing else lives here: which candidates are
/// looked at is <see cref="CandidateSources"/>, what a score leads to is <see cref="DecisionTable"/>.
/// docs/architecture.md shows the table and the reasoning behind each number.
/// </summary>
/// <remarks>
/// The m values are the error rates expected of agency data entry (a NIK digit mistyped in one record
/// in 30, a wrong birth date in 30, titles and spelling variants common). The u values come from a
/// dense registry of a million participants, most first registered in Kota Bogor: a NIK has about
/// ten registered neighbours one digit or swap away (serials run 0001, 0002, ... per kecamatan and
/// birth date), about one pair in 10,000 shares a birth date, one in 70 a kelurahan. The name's u is
/// the share of registry names bearing the agreeing words.
/// </remarks>
public static class MatchModel
{
    /// <summary>
    /// Prior log2 odds that a worker and a participant drawn at random are one person: about 0.4
    /// members per worker against a million participants (-21.3 bits), so a score S gives posterior
    /// odds of 2^(S - 21.3).
    /// </summary>
    public const double PriorBits = -21.3;

    /// <summary>
    /// The least score for a review proposal on evidence alone: posterior odds about 1 to 3. An exact,
    /// fairly common name (one person in 1,000) with birth date, sex and kelurahan reaches it despite
    /// an unrelated NIK (21.2); without the kelurahan it takes a rare name.
    /// </summary>
    public const double ReviewThreshold = 20;

    /// <summary>
    /// The least score for an automatic match on a NIK one edit away: posterior odds 200 to 1
    /// (p = 0.995). A typo in the birth-date digits reaches it with any agreeing name (the birth date
    /// then proves something); a typo in the serial or region digits needs a rare name, or a fairly
    /// rare one and the kelurahan, because the participants around a NIK were born the same day.
    /// </summary>
    public const double AutomaticThreshold = 29;

    /// <summary>A name borne by fewer than one person in a million weighs no more than one that rare.</summary>
    public const double MinNameFrequency = 1e-6;

    /// <summary>Every level of every field, with m, u and where they come from.</summary>
    public static IReadOnlyList<Level> Levels { get; } =
    [
        new(MatchField.Nik, (int)NikLevel.Disagree, 0.005, 0.999, "a NIK mistyped in more than two digits is rare; unrelated NIKs almost always differ so"),
        new(MatchField.Nik, (int)NikLevel.OtherBirthDate, 0.005, 0.999,
            "both NIKs carry their holders' own birth dates and differ in those digits: the people were born on different days, as weak as unrelated NIKs"),
        new(MatchField.Nik, (int)NikLevel.OtherNumber, 0.01, 0.04,
            "another number from the worker's papers (a family card's, a relative's NIK) in one record in 100; a stranger's record disagrees with its own NIK in one in 25"),
        new(MatchField.Nik, (int)NikLevel.TwoEdits, 0.01, 5e-4, "two mistyped digits in one record in 100; about 500 registered NIKs two digits from any NIK"),
        new(MatchField.Nik, (int)NikLevel.DayMonthSwapped, 1e-3, 1e-7,
            "a date read the wrong way round in NIK and birth date alike, one record in 1,000; a stranger holds exactly that NIK as seldom as any"),
        new(MatchField.Nik, (int)NikLevel.RedatedOneEdit, 3e-4, 3.2e-7,
            "date digits and one more digit mistyped together, one record in 3,000; a stranger's record must disagree with its own NIK (1 in 25) and sit one edit from the re-dated NIK (8 in a million)"),
        new(MatchField.Nik, (int)NikLevel.OtherDateDigits, 0.01, 6e-8,
            "date digits retyped (day and month swapped, a carry) in one record in 100; a stranger's record must disagree with its own NIK (1 in 25), share region and serial (1 in 30) and carry the birth date (1 in 20,000)"),
        new(MatchField.Nik, (int)NikLevel.OneEditInSerial, 0.0075, 5e-6,
            "a quarter of the one-edit typos (one record in 30) fall in the four serial digits; about 5 registered NIKs there (the same day and kecamatan)"),
        new(MatchField.Nik, (int)NikLevel.OneEdit, 0.0225, 5e-6,
            "three quarters of the one-edit typos fall in the region and date digits; about 5 registered NIKs there"),
        new(MatchField.Nik, (int)NikLevel.Exact, 0.95, 1e-7, "NIKs are unique: another person's only by a typo landing on it"),
        new(MatchField.Name, (int)NameAgreement.Disagree, 0.03, 0.975, "a name written unrecognisably in one record in 30"),
        new(MatchField.Name, (int)NameAgreement.Partial, 0.05, TypicalFrequency, "words missing, initials, near spellings; u is the share bearing the agreeing words"),
        new(MatchField.Name, (int)NameAgreement.Fuzzy, 0.12, TypicalFrequency, "every word pairs off, some with typos; u is the share bearing the agreeing words"),
        new(MatchField.Name, (int)NameAgreement.Exact, 0.80, TypicalFrequency, "every word pairs off as the same word; u is the share bearing the name's words"),
        new(MatchField.BirthDate, (int)BirthDateLevel.Disagree, 0.03, 0.998, "a wrong birth date in one record in 30"),
        new(MatchField.BirthDate, (int)BirthDateLevel.Near, 0.05, 2e-3, "one digit off or day and month swapped; 1 pair in 500 is that close by chance"),
        new(MatchField.BirthDate, (int)BirthDateLevel.Exact, 0.92, 1e-4, "one pair of strangers in 10,000 shares a birth date"),
        new(MatchField.BirthDate, (int)BirthDateLevel.AsNiksSay, 0.92, 0.92,
            "both NIKs carry this birth date in the same digits: the NIK's weight already counted it, a stranger one serial away agrees as often"),
        new(MatchField.Sex, (int)SexLevel.Disagree, 0.02, 0.5, "sex mis-entered in one record in 50"),
        new(MatchField.Sex, (int)SexLevel.Agree, 0.98, 0.5, "half of all strangers share a sex"),
        new(MatchField.Sex, (int)SexLevel.AsNiksSay, 0.98, 0.98, "both NIKs carry the sex in the same day digits: already counted"),
        new(MatchField.Kelurahan, (int)KelurahanLevel.Disagree, 0.5, 0.985, "people move and BPJS addresses go stale: half of members disagree"),
        new(MatchField.Kelurahan, (int)KelurahanLevel.Agree, 0.5, 0.015, "one kelurahan of Kota Bogor's 68, weighted by population"),
    ];

    // Assumed share of a name's words when the registry's own counts are not used (exact-NIK consistency).
    private const double TypicalFrequencyExact = 0.002;
    private const double TypicalFrequency = double.NaN;

    // Weights by field and level: [field][level], Missing (0) weighing 0.
    private static readonly double[][] Weights = BuildWeights();

    // The names' m by level, for weights at a given frequency.
    private static readonly double[] NameM = BuildNameM();

    // Name weights at a typical frequency: u 0.02 for partial, 0.003 fuzzy, 0.002 exact.
    private static readonly double[] TypicalName = [0, Weights[(int)MatchField.Name][(int)NameAgreement.Disagree],
        Bits(NameM[(int)NameAgreement.Partial], 0.02), Bits(NameM[(int)NameAgreement.Fuzzy], 0.003), Bits(NameM[(int)NameAgreement.Exact], TypicalFrequencyExact)];

    public static double Weight(NikLevel level) => Weights[(int)MatchField.Nik][(int)level];

    public static double Weight(BirthDateLevel level) => Weights[(int)MatchField.BirthDate][(int)level];

    public static double Weight(SexLevel level) => Weights[(int)MatchField.Sex][(int)level];

    public static double Weight(KelurahanLevel level) => Weights[(int)MatchField.Kelurahan][(int)level];

    /// <summary>
    /// The name's weight when its agreeing words are borne by this share of registry names: an exact
    /// "Asep" (some 5 % of men) weighs about 4 bits, an exact "Asep Saepudin" about 11. Disagreement
    /// keeps its fixed weight.
    /// </summary>
    public static double Weight(NameAgreement level, double frequency) => level >= NameAgreement.Partial
        ? Bits(NameM[(int)level], Math.Max(frequency, MinNameFrequency))
        : Weights[(int)MatchField.Name][(int)level];

    /// <summary>The name's weight at a typical frequency: what the exact-NIK rungs weigh a name against birth date and sex with.</summary>
    public static double TypicalWeight(NameAgreement level) => TypicalName[(int)level];

    /// <summary>m and u of a level; for a name the u is <paramref name="nameFrequency"/>.</summary>
    public static (double M, double U) Probabilities(MatchField field, int level, double nameFrequency = double.NaN)
    {
        foreach (var entry in Levels)
        {
            if (entry.Field == field && entry.Value == level)
            {
                return (entry.M, double.IsNaN(entry.U) ? Math.Max(nameFrequency, MinNameFrequency) : entry.U);
            }
        }
        return (1, 1);
    }

    /// <summary>The posterior probability that the two are one person, given a score.</summary>
    public static double Posterior(double score)
    {
        var odds = Math.Pow(2, score + PriorBits);
        return odds / (1 + odds);
    }

    private static double Bits(double m, double u) => Math.Log2(m / u);

    private static double[][] BuildWeights()
    {
        var weights = new double[Enum.GetValues<MatchField>().Length][];
        for (var field = 0; field < weights.Length; field++)
        {
            weights[field] = new double[Levels.Where(l => (int)l.Field == field).Max(l => l.Value) + 1];
        }
        foreach (var level in Levels)
        {
            weights[(int)level.Field][level.Value] = double.IsNaN(level.U) ? double.NaN : Bits(level.M, level.U);
        }
        return weights;
    }

    private static double[] BuildNameM()
    {
        var m = new double[Enum.GetValues<NameAgreement>().Length];
        foreach (var level in Levels.Where(l => l.Field == MatchField.Name))
        {
            m[level.Value] = level.M;
        }
        return m;
    }

    /// <summary>One level of one field: m, u (NaN for a name: its words' share) and why.</summary>
    public sealed record Level(MatchField Field, int Value, double M, double U, string Source);
}
