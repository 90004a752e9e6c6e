using Exchange.Core.Reference;

namespace Exchange.Core.Validation;

/// <summary>The configurable limits of record validation; the defaults are Kota Bogor's.</summary>
public sealed record ValidationRules
{
    /// <summary>Minors do not belong in a worker feed: children's data is sensitive under UU PDP.</summary>
    public int MinimumAge { get; init; } = 18;

    public int MaximumAge { get; init; } = 65;

    /// <summary>Anything above is a typing or unit error, not an informal worker's income.</summary>
    public long MaximumMonthlyIncomeRupiah { get; init; } = 1_000_000_000;

    /// <summary>Permendagri 73/2022 limit for names on new documents: exceeding it only warns.</summary>
    public int MaximumNameLengthWithoutTitles { get; init; } = 60;

    /// <summary>Hard limit: a longer full name is rejected.</summary>
    public int MaximumFullNameLength { get; init; } = 200;

    /// <summary>Hard limit: a longer address is rejected.</summary>
    public int MaximumAddressLength { get; init; } = 500;

    /// <summary>The home city: the kelurahan of domicile must lie in it; a NIK from elsewhere only warns.</summary>
    public Wilayah Wilayah { get; init; } = Wilayah.KotaBogor;
}
