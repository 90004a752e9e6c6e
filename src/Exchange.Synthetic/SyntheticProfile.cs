namespace Exchange.Synthetic;

/// <summary>
/// A named world for the generator: complete options apart from the seed and the sizes. The profiles differ
/// in what matching depends on (what BPJS knows, where NIKs are mistyped, how common names are, how noise
/// comes together), so a benchmark run over all of them cannot be tuned to one.
/// </summary>
/// <param name="Gated">
/// Whether the accuracy goals must hold on it. Every gated profile keeps NIK noise near a realistic
/// 4-5 % of records: the goals are about real registers, and three times the NIK typos means about
/// three times the reviews whatever the matcher does. <see cref="Stress"/> shows what happens then.
/// </param>
public sealed record SyntheticProfile(string Name, string Summary, SyntheticOptions Options, bool Gated = true)
{
    /// <summary>Typos land mostly on the serial (the digits nobody can check) and the region; the date digits are read off the birth date.</summary>
    private static readonly double[] SerialAndRegionTypos = [1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 4, 4, 4, 4];

    public static SyntheticProfile Bogor { get; } = new("bogor",
        "Kota Bogor as the defaults have it: Sundanese names, BPJS knows most members' kelurahan, independent noise at modest rates.",
        new SyntheticOptions());

    public static SyntheticProfile SparseRegistry { get; } = new("sparse-registry",
        "BPJS knows the kelurahan of one member in ten, half of those stale; NIK typos mostly in the serial and region digits, where nothing else can check them.",
        new SyntheticOptions
        {
            MemberAddresses = new RegistryAddresses(Known: 0.10, Stale: 0.05),
            OtherAddresses = new RegistryAddresses(Known: 0.05, Stale: 0.02),
            Noise = new NoiseRates
            {
                NikDigitTypo = 0.02, NikAdjacentSwap = 0.01, NikBirthDateDigits = 0.015, NikCollision = 0.003,
                NikTypoPositions = Array.AsReadOnly(SerialAndRegionTypos),
            },
        });

    public static SyntheticProfile Namesakes { get; } = new("namesakes",
        "Javanese and Arabic-derived names with a steep skew and a short tail, so many namesakes share a birthday; 5 % of workers have a twin in the registry.",
        new SyntheticOptions { Names = NameList.Javanese, TwinShare = 0.05 });

    public static SyntheticProfile Messy { get; } = new("messy",
        "A careless register: noise comes together (NIK and name typos, NIK typo and wrong birth date, title and abbreviation and typo, ...); most NIK typos come with another kind, at the usual overall NIK rate, and name noise is heavier.",
        new SyntheticOptions
        {
            Noise = new NoiseRates
            {
                Title = 0.10, Degree = 0.06, OldSpelling = 0.05, NameTypo = 0.08, TokenSwap = 0.04, JoinedTokens = 0.05,
                NikDigitTypo = 0.005, NikAdjacentSwap = 0.004, NikBirthDateDigits = 0.008, WrongBirthDate = 0.03,
                Combinations =
                [
                    new(NoiseKinds.NikDigitTypo | NoiseKinds.NameTypo, 0.012),
                    new(NoiseKinds.NikDigitTypo | NoiseKinds.WrongBirthDate, 0.005),
                    new(NoiseKinds.NikAdjacentSwap | NoiseKinds.NameTypo, 0.005),
                    new(NoiseKinds.NikDigitTypo | NoiseKinds.TokenSwap | NoiseKinds.Title, 0.005),
                    new(NoiseKinds.Title | NoiseKinds.Abbreviation | NoiseKinds.NameTypo, 0.04),
                    new(NoiseKinds.WrongBirthDate | NoiseKinds.NameTypo | NoiseKinds.Degree, 0.02),
                    new(NoiseKinds.NikBirthDateDigits | NoiseKinds.OldSpelling | NoiseKinds.NameTypo, 0.006),
                    new(NoiseKinds.Title | NoiseKinds.Degree | NoiseKinds.JoinedTokens | NoiseKinds.NameTypo, 0.01),
                ],
            },
        });

    /// <summary>
    /// Not a goal: three times the usual NIK typos, most of them with other noise, and BPJS knows few
    /// addresses. Reported to show how the review rate and the NIK kinds' recall bend when the data does.
    /// </summary>
    public static SyntheticProfile Stress { get; } = new("stress",
        "Not a goal: three times the usual NIK typos (13 % of records), most with other noise at once, and BPJS knows the kelurahan of one member in ten.",
        new SyntheticOptions
        {
            MemberAddresses = new RegistryAddresses(Known: 0.10, Stale: 0.05),
            Noise = new NoiseRates
            {
                Title = 0.10, Degree = 0.06, OldSpelling = 0.05, NameTypo = 0.08, TokenSwap = 0.04, JoinedTokens = 0.05,
                NikDigitTypo = 0.02, WrongBirthDate = 0.03,
                Combinations =
                [
                    new(NoiseKinds.NikDigitTypo | NoiseKinds.NameTypo, 0.05),
                    new(NoiseKinds.NikDigitTypo | NoiseKinds.WrongBirthDate, 0.02),
                    new(NoiseKinds.NikAdjacentSwap | NoiseKinds.NameTypo, 0.02),
                    new(NoiseKinds.NikDigitTypo | NoiseKinds.TokenSwap | NoiseKinds.Title, 0.02),
                    new(NoiseKinds.Title | NoiseKinds.Abbreviation | NoiseKinds.NameTypo, 0.04),
                    new(NoiseKinds.WrongBirthDate | NoiseKinds.NameTypo | NoiseKinds.Degree, 0.02),
                    new(NoiseKinds.NikBirthDateDigits | NoiseKinds.OldSpelling | NoiseKinds.NameTypo, 0.02),
                    new(NoiseKinds.Title | NoiseKinds.Degree | NoiseKinds.JoinedTokens | NoiseKinds.NameTypo, 0.01),
                ],
            },
        },
        Gated: false);

    public static IReadOnlyList<SyntheticProfile> All { get; } = [Bogor, SparseRegistry, Namesakes, Messy, Stress];

    /// <exception cref="ArgumentException">No profile has that name.</exception>
    public static SyntheticProfile Named(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new ArgumentException($"Unknown profile '{name}'. Profiles: {string.Join(", ", All.Select(p => p.Name))}.", nameof(name));

    /// <summary>The profile's options with a seed and sizes.</summary>
    public SyntheticOptions With(int seed, int submittedCount, int registrySize) =>
        Options with { Seed = seed, SubmittedCount = submittedCount, RegistrySize = registrySize };
}
