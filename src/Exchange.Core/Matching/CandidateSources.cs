namespace Exchange.Core.Matching;

/// <summary>Where the candidates for one worker go: the matcher weighs each one it is offered.</summary>
internal interface ICandidateSink
{
    void Offer(int position);
}

/// <summary>
/// The blocking rules: each source finds the registry positions worth comparing with a worker and
/// never decides anything about them. Between them they offer every participant at most once: the
/// exact NIK, the NIKs one edit away, the NIK with the date digits of the stated birth date, and,
/// among the others, those born the same day whose name shares a word. The fast paths (date blocks, Bloom filters) live here, bounded by
/// <see cref="DecisionTable.LeastNameWeight"/> so they skip only what the table would turn down.
/// </summary>
internal static class CandidateSources
{
    /// <summary>The participant with the worker's NIK.</summary>
    public static void ExactNik<TSink>(RegistryIndex index, in Probe probe, ref TSink sink) where TSink : ICandidateSink, allows ref struct
    {
        if (probe.HasNik && index.Find(probe.Nik) is var position and >= 0)
        {
            sink.Offer(position);
        }
    }

    /// <summary>
    /// Every registered NIK one substitution (any of the 16 digits) or one adjacent swap away from the
    /// worker's whose holder's name may share a word with the worker's: a block bit in common, or any
    /// holder when no word of the worker's is known to the registry (likely typos). No row proposes
    /// such a NIK without a name that agrees at least in part. Someone whose NIK carries their birth date sits in
    /// the block of that date, so those whose NIK names the date the worker's NIK names (the same date
    /// digits, or the day's other sex) are read off the one or two blocks of that date. The others are
    /// looked up one candidate NIK at a time: in the small table of participants whose NIK does not
    /// carry their birth date, and in the blocks once a filter says the NIK may be registered to
    /// someone whose name has a word with one of the worker's words' block bits, or tail bits when no
    /// word is known (a typo that changes both ends of every word is lost there, for a NIK typo in the
    /// date digits on top). When the worker's NIK carries their birth date too, that filter
    /// holds only the participants who can reach a proposal with another birth date in their NIK
    /// (<see cref="RegistryIndex.MarkNamesakesAcrossBirthDates"/>).
    /// </summary>
    public static void OneEditNik<TSink>(RegistryIndex index, in Probe probe, ref TSink sink) where TSink : ICandidateSink, allows ref struct
    {
        if (!probe.HasNik || probe.Signature == 0)
        {
            return;
        }
        Span<int> days = stackalloc int[index.MaxCarriedDays];
        foreach (var day in days[..index.CarriedDays(probe.Nik, days)])
        {
            var (start, end) = index.BornOn(day);
            for (var position = start; position < end; position++)
            {
                var nik = index.NikAt(position);
                if (NikNumber.IsOneEdit(nik, probe.Nik) && index.BirthDateInNikAt(position) && NikNumber.IsPlausible(nik)
                    && !OwnedByRedated(index, position, probe) && MayShareAWord(index, position, probe))
                {
                    sink.Offer(position);
                }
            }
        }
        Span<long> acrossDates = stackalloc long[NikNumber.MaxDateNeighbours];
        var across = 0;
        if (index.HasOffBlockParticipants)
        {
            Span<long> neighbours = stackalloc long[NikNumber.MaxNeighbours];
            var carriedDate = NikNumber.CarriedDate(probe.Nik);
            foreach (var nik in neighbours[..NikNumber.Neighbours(probe.Nik, neighbours)])
            {
                if (index.FindOffBlock(nik) is var position and >= 0)
                {
                    if (MayShareAWord(index, position, probe))
                    {
                        sink.Offer(position);
                    }
                }
                else if (!NikNumber.SameDateDigits(nik, probe.Nik) && (carriedDate < 0 || NikNumber.CarriedDate(nik) != carriedDate))
                {
                    acrossDates[across++] = nik;
                }
            }
        }
        else
        {
            across = NikNumber.NeighboursNamingOtherDates(probe.Nik, acrossDates);
        }
        Span<bool> found = stackalloc bool[across];
        // Tail bits too only for a likely typo: each bit asked costs a probe of every neighbour.
        var tail = probe.OnlyRareWords ? probe.TailSignature : 0;
        if (probe.BirthDateInNik)
        {
            index.MarkNamesakesAcrossBirthDates(acrossDates[..across], probe.Kelurahan, probe.Signature, tail, found);
        }
        else
        {
            index.MarkNamesakes(acrossDates[..across], probe.Signature, tail, found);
        }
        for (var i = 0; i < across; i++)
        {
            if (found[i] && index.FindInBlock(acrossDates[i]) is var position and >= 0 && !OwnedByRedated(index, position, probe)
                && MayShareAWord(index, position, probe))
            {
                sink.Offer(position);
            }
        }
    }

    /// <summary>
    /// When the worker's NIK does not carry their stated birth date: the participants, born on that
    /// date, whose NIK is the worker's with the date digits of that date, or one digit or swap from
    /// it (with a name that may share a word), but for the worker's own NIK. The one-edit source
    /// leaves these to this one: here no word filter stands between a date-digit typo and its holder.
    /// And the participants born on another date whose NIK is that re-dated NIK with a date digit
    /// changed, sharing a name word (asked of the word filter), unless one edit from the worker's own
    /// NIK (the one-edit source's): the NIK's date digits and the stated date both slipped.
    /// </summary>
    public static void RedatedNik<TSink>(RegistryIndex index, in Probe probe, ref TSink sink) where TSink : ICandidateSink, allows ref struct
    {
        if (probe.RedatedNik == NikNumber.None)
        {
            return;
        }
        var (start, end) = index.BornOn(probe.BirthDay);
        for (var position = start; position < end; position++)
        {
            var nik = index.NikAt(position);
            if (IsRedated(nik, probe) && nik != probe.Nik && index.BirthDateInNikAt(position)
                && (nik == probe.RedatedNik || MayShareAWord(index, position, probe)))
            {
                sink.Offer(position);
            }
        }
        Span<long> acrossDates = stackalloc long[NikNumber.MaxDateNeighbours];
        var across = NikNumber.NeighboursNamingOtherDates(probe.RedatedNik, acrossDates);
        Span<bool> found = stackalloc bool[across];
        index.MarkNamesakes(acrossDates[..across], probe.Signature, probe.OnlyRareWords ? probe.TailSignature : 0, found);
        for (var i = 0; i < across; i++)
        {
            if (found[i] && !NearWorkersNik(acrossDates[i], probe) && index.FindInBlock(acrossDates[i]) is var position and >= 0
                && MayShareAWord(index, position, probe))
            {
                sink.Offer(position);
            }
        }
    }

    /// <summary>The participant whose NIK is the worker's with day and month swapped, when the worker's NIK carries their stated date.</summary>
    public static void SwappedDateNik<TSink>(RegistryIndex index, in Probe probe, ref TSink sink) where TSink : ICandidateSink, allows ref struct
    {
        if (probe.SwappedDateNik != NikNumber.None && index.FindInBlock(probe.SwappedDateNik) is var position and >= 0)
        {
            sink.Offer(position);
        }
    }

    /// <summary>
    /// Everyone born on the worker's birth date whose name shares a word with the worker's, but for
    /// the NIKs the sources above offer.
    /// </summary>
    public static void BirthDateAndNameWord<TSink>(RegistryIndex index, in Probe probe, ref TSink sink) where TSink : ICandidateSink, allows ref struct
    {
        if (probe.BirthDay == ComparisonVector.NoBirthDay || probe.Signature == 0)
        {
            return;
        }
        var (start, end) = index.BornOn(probe.BirthDay);
        for (var position = start; position < end; position++)
        {
            var nik = index.NikAt(position);
            if ((index.SignatureAt(position) & probe.Signature) != 0 && !NearWorkersNik(nik, probe) && !IsRedated(nik, probe))
            {
                sink.Offer(position);
            }
        }
    }

    // The exact and one-edit sources' NIKs.
    private static bool NearWorkersNik(long nik, in Probe probe) => probe.HasNik && (nik == probe.Nik || NikNumber.IsOneEdit(nik, probe.Nik));

    // What the re-dated source offers: its NIKs in the block of the stated birth date, the one it reads.
    private static bool OwnedByRedated(RegistryIndex index, int position, in Probe probe) =>
        index.BirthDayAt(position) == probe.BirthDay && IsRedated(index.NikAt(position), probe);

    // The re-dated source's NIKs.
    private static bool IsRedated(long nik, in Probe probe) =>
        probe.RedatedNik != NikNumber.None && (nik == probe.RedatedNik || NikNumber.IsOneEdit(nik, probe.RedatedNik));

    private static bool MayShareAWord(RegistryIndex index, int position, in Probe probe) =>
        probe.OnlyRareWords || (index.SignatureAt(position) & probe.Signature) != 0;
}
