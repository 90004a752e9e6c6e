namespace Exchange.Core.Reference;

/// <summary>A kelurahan (urban village) with the kecamatan it lies in. Codes are Kemendagri's, dotted.</summary>
public sealed record Kelurahan(string Code, string Name, string KecamatanCode, string KecamatanName);
