using Exchange.Core.Names;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Matching;

/// <summary>The worker's side, read once per match.</summary>
internal readonly struct Probe
{
    public Probe(MatchSubject subject, RegistryIndex index, ReadOnlySpan<NameToken> words)
    {
        HasNik = NikNumber.TryParsePacked(subject.Nik, out var nik);
        Nik = nik;
        BirthDay = subject.BirthDate?.DayNumber ?? ComparisonVector.NoBirthDay;
        Sex = subject.Sex;
        BirthDateInNik = HasNik && subject.BirthDate is { } date && NikNumber.CarriesBirthDate(nik, date);
        Kelurahan = index.KelurahanId(subject.KelurahanCode);
        foreach (var word in words)
        {
            Signature |= word.BlockBit;
        }
    }

    public bool HasNik { get; }

    /// <summary>Packed, as <see cref="NikNumber"/> compares it.</summary>
    public long Nik { get; }

    public int BirthDay { get; }

    public Sex Sex { get; }

    /// <summary>The NIK's date digits give the stated birth date.</summary>
    public bool BirthDateInNik { get; }

    /// <summary>As <see cref="RegistryIndex.KelurahanId"/>: 0 none, -1 a code no participant has.</summary>
    public int Kelurahan { get; }

    public ulong Signature { get; }
}
