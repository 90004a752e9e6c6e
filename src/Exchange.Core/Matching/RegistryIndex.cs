using System.Numerics;
using System.Runtime.CompilerServices;
using Exchange.Core.Names;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Matching;

/// <summary>
/// The participant registry in memory, read-only and shared by any number of matching threads.
/// </summary>
/// <remarks>
/// Participants sit in arrays sorted by (birth date, NIK), so the same registry always gives
/// the same index whatever order it is read in, and everyone born on one day is one contiguous
/// block, found through a table of days: the name + birth date rung scans that block, filtered by a
/// 64-bit signature of the name's words. NIKs are packed a digit per four bits (<see cref="NikNumber"/>)
/// beside the signature, which is all a scan reads; the rest of a participant is one struct beside. A participant whose NIK carries their birth date (nearly everyone) is found
/// in the block of that date, so a NIK and all its neighbours naming the same date are read off one
/// or two blocks; the others sit in a small hash table of their own. Two Bloom filters over (NIK,
/// name word) pairs tell, without touching the columns, whether a NIK may be registered to someone
/// sharing a word with a name: one for everyone, one for the participants a worker born on another
/// day could still be proposed (MayProposeAcrossBirthDates). Name words are interned once,
/// counted (their share of names weighs a name's agreement) and names stored as word ids. About 50
/// bytes per participant plus the distinct words.
/// </remarks>
public sealed class RegistryIndex
{
    /// <summary>Sorts after every real day number.</summary>
    private const int NoBirthDay = ComparisonVector.NoBirthDay;

    private const int NeverPaid = -1;

    // Until the registry shows otherwise, a word is taken to be borne by one person in 100, with the
    // weight of 1,000 participants: a large registry's counts decide, a tiny one falls back on this.
    private const double PriorWordShare = 0.01;
    private const double PriorParticipants = 1_000;

    // From this size the registry tells names from rare words: a word borne by fewer than one name in
    // 200,000 (at least 2) is no established name, so a short word a letter away from a name is a typo.
    private const int RarityRegistrySize = 10_000;
    private const double RareWordShare = 5e-6;

    // Filter bits per (NIK, name word): the namesake filter is asked for nearly every worker, the
    // other only for workers whose NIK does not carry their birth date.
    private const int NamesakeFilterBits = 24;
    private const int WordFilterBits = 12;

    // Longer spans of birth dates (absurd ones) are searched instead of tabled.
    private const int MaxTabledDays = 1 << 18;

    // Short ranges are read straight through: the loads overlap, where a binary search waits for each.
    private const int LinearSearch = 64;

    private readonly Row[] _rows;
    private readonly Details[] _details;
    private readonly int[] _nameWords;
    private readonly NameTokenTable _words;
    // Each word's share of registry names (see NameFrequency), worked out once.
    private readonly double[] _wordShares;
    private readonly Dictionary<string, int> _kelurahanIds;
    // The earliest and latest known birth days, and where the block of each day between them starts
    // (one entry more: where the last one ends).
    private readonly int _firstDay;
    private readonly int _lastDay;
    private readonly int[] _blockStarts;
    // The centuries of those days: where a NIK's YY may point.
    private readonly int _firstCentury;
    private readonly int _lastCentury;
    // Participants whose NIK does not carry their birth date, or who have none: not in the block their NIK names.
    private readonly OffBlockSlot[] _offBlockSlots;
    // The others' NIKs and name words; those who could be proposed to a worker born on another day
    // again (MayProposeAcrossBirthDates), under their kelurahan when only a worker there could.
    private readonly NikWordFilter _wordFilter;
    private readonly NikWordFilter _namesakeFilter;
    private readonly bool _namesakesAnywhere;

    private RegistryIndex(Columns columns, NameTokenTable words, Dictionary<string, int> kelurahanIds)
    {
        _rows = columns.Rows;
        _details = columns.Details;
        _nameWords = columns.NameWords;
        _words = words;
        _kelurahanIds = kelurahanIds;
        var wordCounts = new int[words.Count];
        foreach (var id in _nameWords)
        {
            wordCounts[id]++;
        }
        if (_rows.Length >= RarityRegistrySize)
        {
            words.LearnRarity(wordCounts, Math.Max(2, (int)(_rows.Length * RareWordShare)));
        }
        _wordShares = new double[words.Count];
        for (var id = 0; id < wordCounts.Length; id++)
        {
            _wordShares[id] = (wordCounts[id] + PriorWordShare * PriorParticipants) / (_rows.Length + PriorParticipants);
        }
        (_firstDay, _lastDay, _blockStarts) = Blocks(columns.BirthDays);
        (_firstCentury, _lastCentury) = _firstDay > _lastDay
            ? (0, -1)
            : (DateOnly.FromDayNumber(_firstDay).Year / 100, DateOnly.FromDayNumber(_lastDay).Year / 100);
        _offBlockSlots = HashOffBlock(_rows, _details);
        (_wordFilter, _namesakeFilter, _namesakesAnywhere) = FilterWords();
    }

    public static RegistryIndex Empty { get; } = Build([]);

    public int Count => _rows.Length;

    /// <summary>Memory held by the index, estimated from its arrays and interned strings.</summary>
    public long ApproximateBytes =>
        _rows.Length * 16L + _details.Length * (long)Unsafe.SizeOf<Details>()
        + _nameWords.Length * 4L + _blockStarts.Length * 4L + _offBlockSlots.Length * 16L
        + _wordFilter.ApproximateBytes + _namesakeFilter.ApproximateBytes
        + _wordShares.Length * 8L + _words.ApproximateBytes + _kelurahanIds.Count * 80L;

    /// <summary>Distinct name words interned.</summary>
    public int DistinctWords => _words.Count;

    /// <summary>
    /// Builds the index. The result depends only on the set of participants, not their order.
    /// </summary>
    /// <exception cref="ArgumentException">A NIK is not 16 digits, or two participants share one.</exception>
    public static RegistryIndex Build(IEnumerable<RegistryParticipant> participants)
    {
        ArgumentNullException.ThrowIfNull(participants);
        var list = participants as IReadOnlyList<RegistryParticipant> ?? participants.ToList();
        var count = list.Count;
        var byNik = new long[count];
        var inputOrder = new int[count];
        for (var i = 0; i < count; i++)
        {
            // The message names the position, never the NIK: exception texts end up in logs.
            if (!NikNumber.TryParsePacked(list[i].Nik, out byNik[i]))
            {
                throw new ArgumentException($"Participant {i} has a NIK that is not 16 digits.", nameof(participants));
            }
            inputOrder[i] = i;
        }
        Array.Sort(byNik, inputOrder);
        for (var i = 1; i < count; i++)
        {
            if (byNik[i] == byNik[i - 1])
            {
                throw new ArgumentException($"Participants {inputOrder[i - 1]} and {inputOrder[i]} share a NIK.", nameof(participants));
            }
        }
        // (birth day, rank by NIK) packed in one long sorts as (birth date, NIK).
        var keys = new long[count];
        for (var rank = 0; rank < count; rank++)
        {
            var day = list[inputOrder[rank]].BirthDate?.DayNumber ?? NoBirthDay;
            keys[rank] = ((long)day << 32) | (uint)rank;
        }
        Array.Sort(keys);

        var columns = new Columns(count);
        var nameWords = new List<int>(count * 3);
        var words = new NameTokenTable();
        var kelurahanIds = new Dictionary<string, int>(StringComparer.Ordinal);
        Span<int> ids = stackalloc int[NameTokenizer.MaxTokens];
        for (var position = 0; position < count; position++)
        {
            var rank = (int)(uint)keys[position];
            var participant = list[inputOrder[rank]];
            var nik = byNik[rank];
            var birthDay = (int)(keys[position] >> 32);
            columns.BirthDays[position] = birthDay;
            var nameStart = nameWords.Count;
            var wordCount = words.Intern(participant.FullName ?? "", ids);
            var signature = 0UL;
            foreach (var id in ids[..wordCount])
            {
                nameWords.Add(id);
                signature |= words[id].BlockBit;
            }
            columns.Rows[position] = new Row(nik, signature);
            columns.Details[position] = new Details(
                birthDay,
                participant.LastPaidMonth?.Ordinal ?? NeverPaid,
                string.IsNullOrWhiteSpace(participant.KelurahanCode) ? 0 : InternKelurahan(kelurahanIds, participant.KelurahanCode.Trim()),
                nameStart,
                checked((byte)wordCount),
                checked((byte)participant.Sex),
                checked((byte)participant.Segment),
                checked((byte)participant.Status),
                participant.BirthDate is { } birthDate && NikNumber.CarriesBirthDate(nik, birthDate));
        }
        columns.NameWords = [.. nameWords];
        return new RegistryIndex(columns, words, kelurahanIds);
    }

    /// <summary>
    /// The standing of the participant with this NIK today, or null when the registry lacks them:
    /// what a possible match turns into once BPJS confirms it.
    /// </summary>
    public (MatchOutcome Outcome, Segment Segment)? StandingOf(string nik, DateOnly today)
    {
        var position = NikNumber.TryParsePacked(nik, out var number) ? Find(number) : -1;
        return position < 0 ? null : (Outcome(position, today), SegmentAt(position));
    }

    /// <summary>
    /// What the index knows of one participant, for BPJS's own review screens: the name comes back as
    /// the matcher's words (upper case, titles removed), not as BPJS wrote it. Null when absent.
    /// </summary>
    public Participant? Describe(string nik)
    {
        var position = NikNumber.TryParsePacked(nik, out var number) ? Find(number) : -1;
        if (position < 0)
        {
            return null;
        }
        var details = _details[position];
        var paid = details.LastPaid;
        var kelurahan = details.Kelurahan;
        return new Participant
        {
            Nik = NikNumber.FormatPacked(number),
            FullName = NameText(position),
            BirthDate = BirthDateText(position),
            Sex = SexAt(position),
            Segment = SegmentAt(position),
            Status = (ParticipantStatus)details.Status,
            LastPaidMonth = paid == NeverPaid ? "" : CalendarMonth.FromOrdinal(paid).ToString(),
            KelurahanCode = kelurahan == 0 ? "" : _kelurahanIds.First(k => k.Value == kelurahan).Key,
        };
    }

    /// <summary>
    /// The participant's name (the matcher's words), birth date and sex as one text, or null when
    /// absent: what a review decision on them rests on (<see cref="ReviewedPair.ParticipantIdentity"/>).
    /// </summary>
    public string? IdentityOf(string nik) =>
        NikNumber.TryParsePacked(nik, out var number) && Find(number) is var position and >= 0 ? IdentityOf(position) : null;

    internal string IdentityOf(int position) => $"{NameText(position)}|{BirthDateText(position)}|{SexAt(position)}";

    // The name as the matcher's words, upper case and titles removed.
    private string NameText(int position)
    {
        var ids = NameWordsAt(position);
        var words = new string[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            words[i] = _words[ids[i]].Text;
        }
        return string.Join(' ', words);
    }

    private string BirthDateText(int position) =>
        BirthDayAt(position) == NoBirthDay ? "" : WorkerIdentity.Date(DateOnly.FromDayNumber(BirthDayAt(position)));

    private ReadOnlySpan<int> NameWordsAt(int position)
    {
        var details = _details[position];
        return _nameWords.AsSpan(details.NameStart, details.NameCount);
    }

    internal NameTokenTable Words => _words;

    /// <summary>The NIK packed, as <see cref="NikNumber"/> compares it.</summary>
    internal long NikAt(int position) => _rows[position].Nik;

    internal ulong SignatureAt(int position) => _rows[position].Signature;

    // The tail bits of the participant's name words (NameToken.TailBit), for the filters.
    private ulong TailSignatureAt(int position)
    {
        var tail = 0UL;
        foreach (var id in NameWordsAt(position))
        {
            tail |= _words[id].TailBit;
        }
        return tail;
    }

    /// <summary>The day number of the birth date, or <see cref="int.MaxValue"/> when unknown.</summary>
    internal int BirthDayAt(int position) => _details[position].BirthDay;

    /// <summary>Whether the participant's birth date is the one their NIK's date digits carry.</summary>
    internal bool BirthDateInNikAt(int position) => _details[position].BirthDateInNik;

    internal Sex SexAt(int position) => (Sex)_details[position].Sex;

    internal Segment SegmentAt(int position) => (Segment)_details[position].Segment;

    /// <summary>0 when BPJS does not know where the participant lives.</summary>
    internal int KelurahanAt(int position) => _details[position].Kelurahan;

    /// <summary>The participant's status and last paid month, what their standing on any day follows from; null when absent.</summary>
    internal (ParticipantStatus Status, CalendarMonth? LastPaid)? MembershipOf(long nik)
    {
        if (Find(nik) is not (var position and >= 0))
        {
            return null;
        }
        var details = _details[position];
        return ((ParticipantStatus)details.Status, details.LastPaid == NeverPaid ? null : CalendarMonth.FromOrdinal(details.LastPaid));
    }

    internal MatchOutcome Outcome(int position, DateOnly today)
    {
        var (paid, status) = (_details[position].LastPaid, _details[position].Status);
        return MembershipStanding.Outcome(
            (ParticipantStatus)status, paid == NeverPaid ? null : CalendarMonth.FromOrdinal(paid), today);
    }

    /// <summary>Writes the participant's name words to <paramref name="tokens"/> and returns how many.</summary>
    internal int ReadName(int position, Span<NameToken> tokens)
    {
        var ids = NameWordsAt(position);
        for (var i = 0; i < ids.Length; i++)
        {
            tokens[i] = _words[ids[i]];
        }
        return ids.Length;
    }

    /// <summary>
    /// The estimated share of people whose name has the words of this participant's name marked in
    /// <paramref name="words"/> (bit i for word i): the product of each word's share of registry names.
    /// </summary>
    internal double NameFrequency(int position, int words)
    {
        var ids = NameWordsAt(position);
        var frequency = 1.0;
        for (var i = 0; i < ids.Length; i++)
        {
            if ((words & (1 << i)) != 0)
            {
                frequency *= _wordShares[ids[i]];
            }
        }
        return frequency;
    }

    /// <summary>
    /// The least <see cref="NameFrequency"/> any nonempty set of this participant's name words can
    /// have: the rarest their agreeing words can make them.
    /// </summary>
    internal double LeastNameFrequency(int position)
    {
        var ids = NameWordsAt(position);
        var product = 1.0;
        var least = double.PositiveInfinity;
        foreach (var id in ids)
        {
            var share = _wordShares[id];
            product *= share < 1 ? share : 1;
            least = Math.Min(least, share);
        }
        return product < 1 ? product : least;
    }

    /// <summary>The id of a kelurahan code (from 1), 0 for none, -1 for a code no participant has.</summary>
    internal int KelurahanId(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return 0;
        }
        return _kelurahanIds.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(code.AsSpan().Trim(), out var id) ? id : -1;
    }

    /// <summary>Whether some participant cannot be found through the block their NIK names.</summary>
    internal bool HasOffBlockParticipants => _offBlockSlots.Length > 0;

    /// <summary>The position of the participant with this packed NIK, or -1.</summary>
    internal int Find(long nik) => FindOffBlock(nik) is var position and >= 0 ? position : FindInBlock(nik);

    /// <summary>
    /// The position of the participant with this packed NIK if their NIK does not carry their birth
    /// date (or they have none), or -1.
    /// </summary>
    internal int FindOffBlock(long nik)
    {
        if (_offBlockSlots.Length == 0)
        {
            return -1;
        }
        var mask = _offBlockSlots.Length - 1;
        for (var slot = Slot(nik, _offBlockSlots.Length); ; slot = (slot + 1) & mask)
        {
            var (held, entry) = _offBlockSlots[slot];
            if (entry == 0)
            {
                return -1;
            }
            if (held == nik)
            {
                return entry - 1;
            }
        }
    }

    /// <summary>
    /// The position of the participant with this packed NIK if it carries their birth date, or -1.
    /// </summary>
    internal int FindInBlock(long nik)
    {
        Span<int> days = stackalloc int[MaxCarriedDays];
        foreach (var day in days[..CarriedDays(nik, days)])
        {
            var (start, end) = BornOn(day);
            var position = Search(start, end, nik);
            if (position >= 0)
            {
                return position;
            }
        }
        return -1;
    }

    /// <summary>Room for the days a NIK's date digits can name: one per century the birth dates span.</summary>
    internal int MaxCarriedDays => _lastCentury - _firstCentury + 1;

    /// <summary>
    /// Writes the birth days, among the registry's centuries, of anyone whose NIK carries its birth date
    /// and has these DD MM YY digits, and returns how many (at most <see cref="MaxCarriedDays"/>).
    /// </summary>
    internal int CarriedDays(long nik, Span<int> days)
    {
        if (!NikNumber.TryReadBirthDate(nik, out var day, out var month, out var yearOfCentury))
        {
            return 0;
        }
        var count = 0;
        for (var century = _firstCentury; century <= _lastCentury; century++)
        {
            var year = century * 100 + yearOfCentury;
            if (year is >= 1 and <= 9999 && day <= DateTime.DaysInMonth(year, month))
            {
                days[count++] = new DateOnly(year, month, day).DayNumber;
            }
        }
        return count;
    }

    /// <summary>
    /// Sets <paramref name="found"/>[i] when a participant whose NIK carries their birth date may hold
    /// the packed NIK <paramref name="niks"/>[i] with a name word whose bit is in <paramref name="signature"/>.
    /// </summary>
    internal void MarkNamesakes(ReadOnlySpan<long> niks, ulong signature, ulong tailSignature, Span<bool> found)
    {
        ReadOnlySpan<int> anyone = [0];
        _wordFilter.Mark(niks, NikWordFilter.Shelf.Words, anyone, signature, found);
        if (tailSignature != 0)
        {
            _wordFilter.Mark(niks, NikWordFilter.Shelf.Tails, anyone, tailSignature, found);
        }
    }

    /// <summary>
    /// As <see cref="MarkNamesakes"/>, for the participants that <see cref="MayProposeAcrossBirthDates"/>
    /// lets a worker of this kelurahan (an id of <see cref="KelurahanId"/>) be proposed.
    /// </summary>
    internal void MarkNamesakesAcrossBirthDates(ReadOnlySpan<long> niks, int kelurahan, ulong signature, ulong tailSignature, Span<bool> found)
    {
        Span<int> keys = stackalloc int[2];
        var count = 0;
        if (kelurahan > 0)
        {
            keys[count++] = kelurahan;
        }
        if (_namesakesAnywhere)
        {
            keys[count++] = 0;
        }
        _namesakeFilter.Mark(niks, NikWordFilter.Shelf.Words, keys[..count], signature, found);
        if (tailSignature != 0)
        {
            _namesakeFilter.Mark(niks, NikWordFilter.Shelf.Tails, keys[..count], tailSignature, found);
        }
    }

    /// <summary>Positions [start, end) of the participants born on this day.</summary>
    internal (int Start, int End) BornOn(int dayNumber)
    {
        if (dayNumber < _firstDay || dayNumber > _lastDay)
        {
            return (0, 0);
        }
        if (_blockStarts.Length == 0)
        {
            return (FirstBornFrom(dayNumber), FirstBornFrom(dayNumber + 1));
        }
        var offset = dayNumber - _firstDay;
        return (_blockStarts[offset], _blockStarts[offset + 1]);
    }

    // The first position born on this day or later.
    private int FirstBornFrom(int dayNumber)
    {
        int low = 0, high = _details.Length;
        while (low < high)
        {
            var middle = (int)((uint)(low + high) >> 1);
            if (_details[middle].BirthDay < dayNumber)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    private static int LowerBound(int[] birthDays, int dayNumber)
    {
        int low = 0, high = birthDays.Length;
        while (low < high)
        {
            var middle = (int)((uint)(low + high) >> 1);
            if (birthDays[middle] < dayNumber)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    // A block is sorted by NIK.
    private int Search(int start, int end, long nik)
    {
        while (end - start > LinearSearch)
        {
            var middle = (int)((uint)(start + end) >> 1);
            var found = _rows[middle].Nik;
            if (found == nik)
            {
                return middle;
            }
            if (found < nik)
            {
                start = middle + 1;
            }
            else
            {
                end = middle;
            }
        }
        for (var position = start; position < end; position++)
        {
            var found = _rows[position].Nik;
            if (found >= nik)
            {
                return found == nik ? position : -1;
            }
        }
        return -1;
    }

    private static int InternKelurahan(Dictionary<string, int> ids, string code)
    {
        if (!ids.TryGetValue(code, out var id))
        {
            id = ids.Count + 1;
            ids.Add(code, id);
        }
        return id;
    }

    private static (int FirstDay, int LastDay, int[] Starts) Blocks(int[] birthDays)
    {
        // Participants without a birth date sort last.
        var known = birthDays.AsSpan(0, birthDays.Length > 0 && birthDays[^1] == NoBirthDay ? LowerBound(birthDays, NoBirthDay) : birthDays.Length);
        if (known.IsEmpty)
        {
            return (0, -1, []);
        }
        var (first, last) = (known[0], known[^1]);
        if (last - first >= MaxTabledDays)
        {
            return (first, last, []);
        }
        var starts = new int[last - first + 2];
        var position = 0;
        for (var offset = 0; offset < starts.Length; offset++)
        {
            while (position < known.Length && known[position] < first + offset)
            {
                position++;
            }
            starts[offset] = position;
        }
        return (first, last, starts);
    }

    // Load at most one half keeps linear probes short.
    private static OffBlockSlot[] HashOffBlock(Row[] rows, Details[] details)
    {
        var count = details.Count(d => !d.BirthDateInNik);
        if (count == 0)
        {
            return [];
        }
        var slots = new OffBlockSlot[(int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, count * 2))];
        var mask = slots.Length - 1;
        for (var position = 0; position < rows.Length; position++)
        {
            if (details[position].BirthDateInNik)
            {
                continue;
            }
            var slot = Slot(rows[position].Nik, slots.Length);
            while (slots[slot].Entry != 0)
            {
                slot = (slot + 1) & mask;
            }
            slots[slot] = new(rows[position].Nik, position + 1);
        }
        return slots;
    }

    private (NikWordFilter Words, NikWordFilter Namesakes, bool NamesakesAnywhere) FilterWords()
    {
        // Filed under the kelurahan, under 0 for a worker of any kelurahan, or not at all.
        var namesakeKeys = new int[Count];
        long words = 0, namesakeWords = 0;
        for (var position = 0; position < Count; position++)
        {
            namesakeKeys[position] = -1;
            if (!BirthDateInNikAt(position))
            {
                continue;
            }
            var count = BitOperations.PopCount(_rows[position].Signature) + BitOperations.PopCount(TailSignatureAt(position));
            var frequency = LeastNameFrequency(position);
            namesakeKeys[position] =
                MayProposeAcrossBirthDates(frequency, KelurahanLevel.Missing) || MayProposeAcrossBirthDates(frequency, KelurahanLevel.Disagree) ? 0
                : KelurahanAt(position) != 0 && MayProposeAcrossBirthDates(frequency, KelurahanLevel.Agree) ? KelurahanAt(position)
                : -1;
            words += count;
            namesakeWords += namesakeKeys[position] >= 0 ? count : 0;
        }
        var filter = new NikWordFilter(words, WordFilterBits);
        var namesakeFilter = new NikWordFilter(namesakeWords, NamesakeFilterBits);
        for (var position = 0; position < Count; position++)
        {
            var (nik, signature) = _rows[position];
            // Tail bits under keys of their own: a name typo seldom changes both ends of a word.
            var tail = TailSignatureAt(position);
            if (BirthDateInNikAt(position))
            {
                filter.Add(nik, NikWordFilter.Shelf.Words, 0, signature);
                filter.Add(nik, NikWordFilter.Shelf.Tails, 0, tail);
            }
            if (namesakeKeys[position] >= 0)
            {
                // One key per NIK: asking for a kelurahan and for anyone reads one block.
                namesakeFilter.Add(nik, NikWordFilter.Shelf.Words, namesakeKeys[position], signature);
                namesakeFilter.Add(nik, NikWordFilter.Shelf.Tails, namesakeKeys[position], tail);
            }
        }
        return (filter, namesakeFilter, namesakeKeys.Contains(0));
    }

    /// <summary>
    /// Whether a participant whose agreeing name words can at rarest be this common can reach a
    /// proposal for a worker one NIK edit away when both NIKs carry their holders' birth dates but
    /// name different dates: the NIKs then say the people were born on different days, the birth
    /// dates are at best near, and only the name, sex and kelurahan can make up the difference.
    /// </summary>
    private static bool MayProposeAcrossBirthDates(double leastNameFrequency, KelurahanLevel kelurahan) =>
        DecisionTable.MayPropose(NikLevel.OtherBirthDate, BirthDateLevel.Near, SexLevel.Agree, kelurahan, leastNameFrequency);

    private static int Slot(long nik, int slotCount) =>
        (int)(((ulong)nik * 0x9E3779B97F4A7C15UL) >> (64 - BitOperations.Log2((uint)slotCount)));

    /// <summary>A NIK beside its position plus one (0: the slot is free), so a probe reads one place.</summary>
    private readonly record struct OffBlockSlot(long Nik, int Entry);

    /// <summary>What a NIK lookup and a block scan read, side by side.</summary>
    private readonly record struct Row(long Nik, ulong Signature);

    /// <summary>
    /// The rest of a participant, one place for all: weighing a candidate reads one cache line, not a
    /// column each. Enums as bytes: their proto values are small.
    /// </summary>
    private readonly record struct Details(
        int BirthDay, int LastPaid, int Kelurahan, int NameStart, byte NameCount, byte Sex, byte Segment, byte Status, bool BirthDateInNik);

    private sealed class Columns(int count)
    {
        public Row[] Rows { get; } = new Row[count];
        public Details[] Details { get; } = new Details[count];
        // Also in Details; here for building the block table.
        public int[] BirthDays { get; } = new int[count];
        public int[] NameWords { get; set; } = [];
    }
}
