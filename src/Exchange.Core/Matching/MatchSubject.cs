using Jamsostek.Exchange.V1;

namespace Exchange.Core.Matching;

/// <summary>What an accepted worker record offers for matching.</summary>
/// <param name="Nik">As submitted; a malformed NIK only skips the NIK rungs.</param>
/// <param name="KelurahanCode">Kelurahan of domicile, dotted (32.71.01.1001).</param>
public readonly record struct MatchSubject(string Nik, string FullName, DateOnly? BirthDate, Sex Sex, string? KelurahanCode);
