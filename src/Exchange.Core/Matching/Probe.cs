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
        var known = false;
        var rare = false;
        foreach (var word in words)
        {
            Signature |= word.BlockBit;
            TailSignature |= word.TailBit;
            if (!word.IsInitial && !word.IsPatronymicMarker)
            {
                (known, rare) = (known || !word.IsRare, rare || word.IsRare);
            }
        }
        OnlyRareWords = rare && !known;
        RedatedNik = HasNik ? Redated(nik, BirthDateInNik, subject) : NikNumber.None;
        SwappedDateNik = HasNik && BirthDateInNik ? NikNumber.WithDayAndMonthSwapped(nik) : NikNumber.None;
    }

    /// <summary>See <see cref="RedatedNik"/>: the same for a packed NIK.</summary>
    internal static long Redated(long nik, bool birthDateInNik, MatchSubject subject) =>
        // With a sex stated, the day digits it gives; without, the ones the NIK gives.
        !birthDateInNik && subject.BirthDate is { } birthDate
            ? NikNumber.WithBirthDate(nik, birthDate, subject.Sex == Sex.Female || (subject.Sex == Sex.Unspecified && NikNumber.IsFemale(nik)))
            : NikNumber.None;

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

    /// <summary>The tail bits of the worker's words (<see cref="NameToken.TailBit"/>).</summary>
    public ulong TailSignature { get; }

    /// <summary>
    /// Every word of the name unknown to the registry as a name: most likely typos, whose signature
    /// bits may not be those of the words they stand for, so sources that need a shared word look
    /// further. (With one known word, a participant who shares none of its bits cannot agree.)
    /// </summary>
    public bool OnlyRareWords { get; }

    /// <summary>
    /// The worker's NIK with the date digits of their stated birth date, when the NIK does not carry
    /// it: the NIK they would have if only its date digits were mistyped. <see cref="NikNumber.None"/> otherwise.
    /// </summary>
    public long RedatedNik { get; }

    /// <summary>
    /// The worker's NIK with day and month swapped, when it carries the stated birth date: a record
    /// whose date was read the wrong way round, NIK and birth date alike. <see cref="NikNumber.None"/> otherwise.
    /// </summary>
    public long SwappedDateNik { get; }
}
