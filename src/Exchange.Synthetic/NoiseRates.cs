namespace Exchange.Synthetic;

/// <summary>
/// How often each kind of noise is applied. A rate is the chance per record among the records that can
/// take that kind: only names with Muhammad, Siti, Abdul, Ahmad or Nur can be abbreviated, only a
/// patronymic that is there can be dropped, only a compound token (Nurhayati, Abdurrahman) can be split.
/// A NIK collision replaces the NIK, so the other NIK kinds are not applied on top of it. Besides these
/// independent rates, <see cref="Combinations"/> puts several kinds on the same records.
/// </summary>
public sealed record NoiseRates
{
    /// <summary>Every NIK digit as likely as any other to be mistyped. Declared before <see cref="None"/>, which uses it.</summary>
    public static IReadOnlyList<double> EvenNikPositions { get; } = Array.AsReadOnly(Enumerable.Repeat(1.0, 16).ToArray());

    /// <summary>No noise at all: every record is its person's clean data.</summary>
    public static NoiseRates None { get; } = new()
    {
        Title = 0, Degree = 0, Abbreviation = 0, OldSpelling = 0, NameTypo = 0, TokenSwap = 0,
        JoinedTokens = 0, SplitToken = 0, PatronymicAdded = 0, PatronymicDropped = 0,
        NikAdjacentSwap = 0, NikDigitTypo = 0, NikBirthDateDigits = 0, NikCollision = 0, WrongBirthDate = 0,
        MissingPhone = 0, MissingIncome = 0, MissingWelfareDecile = 0,
        ScientificNotationNik = 0, MissingName = 0, UnknownKelurahan = 0,
    };

    /// <summary>
    /// Where in the NIK (PP KK CC DD MM YY SSSS, left to right) a slip of the finger lands: a weight per
    /// digit for a wrong digit; a swap of two neighbours weighs the sum of their two weights. A slip that
    /// would give someone's real NIK is made again elsewhere (that is a collision, its own kind), so digits
    /// that seldom give a free NIK come out less often than weighted: the date digits of a low serial,
    /// the kecamatan digits within a crowded city.
    /// </summary>
    public IReadOnlyList<double> NikTypoPositions { get; init; } = EvenNikPositions;

    /// <summary>
    /// Noise that comes together: a careless register mistypes both the NIK and the name of one person.
    /// Each record gets at most one combination, drawn with these rates, and then every kind in it that
    /// the record can take, on top of the independent rates.
    /// </summary>
    public IReadOnlyList<NoiseCombination> Combinations { get; init; } = [];

    public double Title { get; init; } = 0.06;
    public double Degree { get; init; } = 0.04;
    public double Abbreviation { get; init; } = 0.35;
    public double OldSpelling { get; init; } = 0.03;
    public double NameTypo { get; init; } = 0.05;
    public double TokenSwap { get; init; } = 0.02;
    public double JoinedTokens { get; init; } = 0.03;
    public double SplitToken { get; init; } = 0.15;
    public double PatronymicAdded { get; init; } = 0.02;
    public double PatronymicDropped { get; init; } = 0.50;
    public double NikAdjacentSwap { get; init; } = 0.01;
    public double NikDigitTypo { get; init; } = 0.015;
    public double NikBirthDateDigits { get; init; } = 0.02;
    public double NikCollision { get; init; } = 0.002;
    public double WrongBirthDate { get; init; } = 0.02;
    public double MissingPhone { get; init; } = 0.20;
    public double MissingIncome { get; init; } = 0.25;
    public double MissingWelfareDecile { get; init; } = 0.30;
    public double ScientificNotationNik { get; init; } = 0.002;
    public double MissingName { get; init; } = 0.001;
    public double UnknownKelurahan { get; init; } = 0.002;

    /// <summary>The rate of one kind (a single flag).</summary>
    public double RateOf(NoiseKinds kind) => kind switch
    {
        NoiseKinds.Title => Title,
        NoiseKinds.Degree => Degree,
        NoiseKinds.Abbreviation => Abbreviation,
        NoiseKinds.OldSpelling => OldSpelling,
        NoiseKinds.NameTypo => NameTypo,
        NoiseKinds.TokenSwap => TokenSwap,
        NoiseKinds.JoinedTokens => JoinedTokens,
        NoiseKinds.SplitToken => SplitToken,
        NoiseKinds.PatronymicAdded => PatronymicAdded,
        NoiseKinds.PatronymicDropped => PatronymicDropped,
        NoiseKinds.NikAdjacentSwap => NikAdjacentSwap,
        NoiseKinds.NikDigitTypo => NikDigitTypo,
        NoiseKinds.NikBirthDateDigits => NikBirthDateDigits,
        NoiseKinds.NikCollision => NikCollision,
        NoiseKinds.WrongBirthDate => WrongBirthDate,
        NoiseKinds.MissingPhone => MissingPhone,
        NoiseKinds.MissingIncome => MissingIncome,
        NoiseKinds.MissingWelfareDecile => MissingWelfareDecile,
        NoiseKinds.ScientificNotationNik => ScientificNotationNik,
        NoiseKinds.MissingName => MissingName,
        NoiseKinds.UnknownKelurahan => UnknownKelurahan,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Expected a single noise kind that is put on records."),
    };

    internal void Validate()
    {
        foreach (var kind in Enum.GetValues<NoiseKinds>())
        {
            if (kind is NoiseKinds.None or NoiseKinds.Invalid or NoiseKinds.Twin)
            {
                continue;
            }
            var rate = RateOf(kind);
            if (!(rate >= 0 && rate <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(SyntheticOptions.Noise), rate, $"The {kind} rate must lie in [0, 1].");
            }
        }
        if (NikTypoPositions.Count != 16 || !NikTypoPositions.All(w => w >= 0 && double.IsFinite(w)) || !(NikTypoPositions.Sum() > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(NikTypoPositions), NikTypoPositions.Count,
                "NIK typo positions need 16 non-negative weights, not all zero.");
        }
        foreach (var combination in Combinations)
        {
            if (combination.Kinds == NoiseKinds.None || combination.Kinds.HasFlag(NoiseKinds.Twin) || !(combination.Rate >= 0 && combination.Rate <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(Combinations), combination,
                    "A combination needs at least one noise kind put on records (twins are people, see SyntheticOptions.TwinShare) and a rate in [0, 1].");
            }
        }
        if (Combinations.Sum(c => c.Rate) > 1 + 1e-9)
        {
            throw new ArgumentOutOfRangeException(nameof(Combinations), Combinations.Sum(c => c.Rate),
                "Each record gets at most one combination: their rates must add up to at most 1.");
        }
    }
}
