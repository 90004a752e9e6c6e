namespace Exchange.Synthetic;

/// <summary>Noise kinds that come together on one record (NIK typo and name typo, title and abbreviation and typo, ...), and the share of records that get them.</summary>
public sealed record NoiseCombination(NoiseKinds Kinds, double Rate);
