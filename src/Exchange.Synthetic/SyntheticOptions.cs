namespace Exchange.Synthetic;

/// <summary>What to generate. The defaults are the accuracy benchmark's set: 100,000 submitted workers against a 1,000,000-participant registry.</summary>
public sealed record SyntheticOptions
{
    /// <summary>Same seed, same options: byte-identical output.</summary>
    public int Seed { get; init; } = 2025;

    /// <summary>Workers in the agencies' submission (one record per person, NIKs unique among valid records).</summary>
    public int SubmittedCount { get; init; } = 100_000;

    /// <summary>Participants in the BPJS registry: the submitted people who are members plus people never submitted.</summary>
    public int RegistrySize { get; init; } = 1_000_000;

    /// <summary>
    /// The day the registry's standing is read: ACTIVE means paid for this month (or beyond), GRACE 1-3 months
    /// behind it. Fixed by default so the data does not change with the calendar.
    /// </summary>
    public DateOnly AsOf { get; init; } = new(2025, 11, 30);

    /// <summary>Youngest age (in whole years at <see cref="AsOf"/>) of anyone generated: minors do not belong in a worker feed.</summary>
    public int MinimumAge { get; init; } = 18;

    /// <summary>Oldest age (in whole years at <see cref="AsOf"/>).</summary>
    public int MaximumAge { get; init; } = 64;

    /// <summary>Which names people are given.</summary>
    public NameList Names { get; init; } = NameList.Sundanese;

    public RegistryShares Shares { get; init; } = new();

    /// <summary>
    /// Share of the submitted people with a family name (two or more words) who have a same-sex twin among
    /// the participants never submitted: same birth date, family name, father and kelurahan, the next NIK
    /// serial, a given name of their own. The submitted twin is a member at the usual shares, so often only
    /// the other one is registered. Twins take registry places from the people never submitted.
    /// </summary>
    public double TwinShare { get; init; }

    /// <summary>What BPJS has on file for the submitted people who are participants: mostly where they live, some moved since, some nothing.</summary>
    public RegistryAddresses MemberAddresses { get; init; } = new(Known: 0.88, Stale: 0.08);

    /// <summary>What BPJS has on file for participants never submitted: they often live outside the city, so it has no Kota Bogor kelurahan for them.</summary>
    public RegistryAddresses OtherAddresses { get; init; } = new(Known: 0.60, Stale: 0);

    public NoiseRates Noise { get; init; } = new();

    internal void Validate()
    {
        if (SubmittedCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SubmittedCount), SubmittedCount, "Must not be negative.");
        }
        if (RegistrySize < SubmittedCount)
        {
            throw new ArgumentOutOfRangeException(nameof(RegistrySize), RegistrySize,
                "The registry must be at least as large as the submission, so every submitted member fits in it.");
        }
        if (MinimumAge < 15 || MaximumAge < MinimumAge || MaximumAge > 90)
        {
            throw new ArgumentOutOfRangeException(nameof(MaximumAge), MaximumAge, "Ages must satisfy 15 <= minimum <= maximum <= 90.");
        }
        if (!(TwinShare >= 0 && TwinShare <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TwinShare), TwinShare, "Must lie in [0, 1].");
        }
        if (!Enum.IsDefined(Names))
        {
            throw new ArgumentOutOfRangeException(nameof(Names), Names, "Unknown name list.");
        }
        Shares.Validate();
        MemberAddresses.Validate(nameof(MemberAddresses));
        OtherAddresses.Validate(nameof(OtherAddresses));
        Noise.Validate();
    }
}
