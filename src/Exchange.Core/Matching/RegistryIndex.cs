using System.Numerics;
using Exchange.Core.Names;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Matching;

/// <summary>
/// The participant registry in memory, read-only and shared by any number of matching threads.
/// </summary>
/// <remarks>
/// Participants sit in column arrays sorted by (birth date, NIK), so the same registry always gives
/// the same index whatever order it is read in, and everyone born on one day is one contiguous
/// block: the name + birth date rung scans that block, filtered by a 64-bit signature of the name's
/// words. NIKs are 8-byte numbers, kept beside the signature so that a lookup costs one cache miss,
/// in an open-addressing table of positions; a bit filter of 16 bits per participant rejects almost
/// every one of the 159 one-edit neighbours of a NIK without touching the table. Name words are
/// interned once, counted (their frequency weighs a name's agreement) and names stored as word ids.
/// About 55 bytes per participant plus the distinct words.
/// </remarks>
public sealed class RegistryIndex
{
    /// <summary>Sorts after every real day number.</summary>
    private const int NoBirthDay = int.MaxValue;

    private const int NeverPaid = -1;

    // Until the registry shows otherwise, a word is taken to be borne by one person in 100, with the
    // weight of 1,000 participants: a large registry's counts decide, a tiny one falls back on this.
    private const double PriorWordShare = 0.01;
    private const double PriorParticipants = 1_000;

    private readonly Row[] _rows;
    private readonly int[] _birthDays;
    // Enums kept as bytes: their proto values are small.
    private readonly byte[] _sexes;
    private readonly byte[] _segments;
    private readonly byte[] _statuses;
    private readonly bool[] _birthDateInNik;
    private readonly int[] _lastPaid;
    private readonly int[] _kelurahan;
    private readonly int[] _nameStarts;
    private readonly int[] _nameWords;
    private readonly NameTokenTable _words;
    private readonly int[] _wordCounts;
    private readonly Dictionary<string, int> _kelurahanIds;
    private readonly int[] _nikSlots;
    private readonly ulong[] _nikFilter;

    private RegistryIndex(Columns columns, NameTokenTable words, Dictionary<string, int> kelurahanIds)
    {
        _rows = columns.Rows;
        _birthDays = columns.BirthDays;
        _sexes = columns.Sexes;
        _segments = columns.Segments;
        _statuses = columns.Statuses;
        _birthDateInNik = columns.BirthDateInNik;
        _lastPaid = columns.LastPaid;
        _kelurahan = columns.Kelurahan;
        _nameStarts = columns.NameStarts;
        _nameWords = columns.NameWords;
        _words = words;
        _kelurahanIds = kelurahanIds;
        _wordCounts = new int[words.Count];
        foreach (var id in _nameWords)
        {
            _wordCounts[id]++;
        }
        (_nikSlots, _nikFilter) = HashNiks(_rows);
    }

    public static RegistryIndex Empty { get; } = Build([]);

    public int Count => _rows.Length;

    /// <summary>Memory held by the index, estimated from its arrays and interned strings.</summary>
    public long ApproximateBytes =>
        _rows.Length * 16L + _birthDays.Length * 4L + _sexes.Length + _segments.Length + _statuses.Length
        + _birthDateInNik.Length + _lastPaid.Length * 4L + _kelurahan.Length * 4L + _nameStarts.Length * 4L
        + _nameWords.Length * 4L + _nikSlots.Length * 4L + _nikFilter.Length * 8L
        + _wordCounts.Length * 4L + _words.ApproximateBytes + _kelurahanIds.Count * 80L;

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
            if (!NikNumber.TryParse(list[i].Nik, out byNik[i]))
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
            columns.BirthDays[position] = (int)(keys[position] >> 32);
            columns.Sexes[position] = checked((byte)participant.Sex);
            columns.Segments[position] = checked((byte)participant.Segment);
            columns.Statuses[position] = checked((byte)participant.Status);
            columns.BirthDateInNik[position] = participant.BirthDate is { } birthDate && NikNumber.CarriesBirthDate(nik, birthDate);
            columns.LastPaid[position] = participant.LastPaidMonth?.Ordinal ?? NeverPaid;
            columns.Kelurahan[position] = string.IsNullOrWhiteSpace(participant.KelurahanCode)
                ? 0
                : InternKelurahan(kelurahanIds, participant.KelurahanCode.Trim());
            columns.NameStarts[position] = nameWords.Count;
            var wordCount = words.Intern(participant.FullName ?? "", ids);
            var signature = 0UL;
            foreach (var id in ids[..wordCount])
            {
                nameWords.Add(id);
                signature |= words[id].BlockBit;
            }
            columns.Rows[position] = new Row(nik, signature);
        }
        columns.NameStarts[count] = nameWords.Count;
        columns.NameWords = [.. nameWords];
        return new RegistryIndex(columns, words, kelurahanIds);
    }

    /// <summary>
    /// The standing of the participant with this NIK today, or null when the registry lacks them:
    /// what a possible match turns into once BPJS confirms it.
    /// </summary>
    public (MatchOutcome Outcome, Segment Segment)? StandingOf(string nik, DateOnly today)
    {
        var position = NikNumber.TryParse(nik, out var number) ? Find(number) : -1;
        return position < 0 ? null : (Outcome(position, today), SegmentAt(position));
    }

    /// <summary>
    /// What the index knows of one participant, for BPJS's own review screens: the name comes back as
    /// the matcher's words (upper case, titles removed), not as BPJS wrote it. Null when absent.
    /// </summary>
    public Participant? Describe(string nik)
    {
        var position = NikNumber.TryParse(nik, out var number) ? Find(number) : -1;
        if (position < 0)
        {
            return null;
        }
        var tokens = new NameTokenBuffer();
        var count = ReadName(position, tokens);
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            words[i] = tokens[i].Text;
        }
        var day = _birthDays[position];
        var paid = _lastPaid[position];
        var kelurahan = _kelurahan[position];
        return new Participant
        {
            Nik = NikNumber.Format(number),
            FullName = string.Join(' ', words),
            BirthDate = day == NoBirthDay ? "" : DateOnly.FromDayNumber(day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Sex = SexAt(position),
            Segment = SegmentAt(position),
            Status = (ParticipantStatus)_statuses[position],
            LastPaidMonth = paid == NeverPaid ? "" : CalendarMonth.FromOrdinal(paid).ToString(),
            KelurahanCode = kelurahan == 0 ? "" : _kelurahanIds.First(k => k.Value == kelurahan).Key,
        };
    }

    internal NameTokenTable Words => _words;

    internal long NikAt(int position) => _rows[position].Nik;

    internal ulong SignatureAt(int position) => _rows[position].Signature;

    /// <summary>The day number of the birth date, or <see cref="int.MaxValue"/> when unknown.</summary>
    internal int BirthDayAt(int position) => _birthDays[position];

    /// <summary>Whether the participant's birth date is the one their NIK's date digits carry.</summary>
    internal bool BirthDateInNikAt(int position) => _birthDateInNik[position];

    internal Sex SexAt(int position) => (Sex)_sexes[position];

    internal Segment SegmentAt(int position) => (Segment)_segments[position];

    /// <summary>0 when BPJS does not know where the participant lives.</summary>
    internal int KelurahanAt(int position) => _kelurahan[position];

    internal MatchOutcome Outcome(int position, DateOnly today)
    {
        var paid = _lastPaid[position];
        return MembershipStanding.Outcome(
            (ParticipantStatus)_statuses[position], paid == NeverPaid ? null : CalendarMonth.FromOrdinal(paid), today);
    }

    /// <summary>Writes the participant's name words to <paramref name="tokens"/> and returns how many.</summary>
    internal int ReadName(int position, Span<NameToken> tokens)
    {
        var ids = _nameWords.AsSpan(_nameStarts[position].._nameStarts[position + 1]);
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
        var ids = _nameWords.AsSpan(_nameStarts[position].._nameStarts[position + 1]);
        var frequency = 1.0;
        for (var i = 0; i < ids.Length; i++)
        {
            if ((words & (1 << i)) != 0)
            {
                frequency *= (_wordCounts[ids[i]] + PriorWordShare * PriorParticipants) / (Count + PriorParticipants);
            }
        }
        return frequency;
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

    /// <summary>The position of the participant with this NIK, or -1.</summary>
    internal int Find(long nik)
    {
        if (!MayContain(nik))
        {
            return -1;
        }
        var mask = _nikSlots.Length - 1;
        for (var slot = Slot(nik, _nikSlots.Length); ; slot = (slot + 1) & mask)
        {
            var entry = _nikSlots[slot];
            if (entry == 0)
            {
                return -1;
            }
            if (_rows[entry - 1].Nik == nik)
            {
                return entry - 1;
            }
        }
    }

    /// <summary>Positions [start, end) of the participants born on this day.</summary>
    internal (int Start, int End) BornOn(int dayNumber) => (LowerBound(dayNumber), LowerBound(dayNumber + 1));

    private int LowerBound(int dayNumber)
    {
        int low = 0, high = _birthDays.Length;
        while (low < high)
        {
            var middle = (int)((uint)(low + high) >> 1);
            if (_birthDays[middle] < dayNumber)
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

    private bool MayContain(long nik)
    {
        var bit = FilterBit(nik, _nikFilter.Length);
        return (_nikFilter[bit >> 6] & (1UL << (int)(bit & 63))) != 0;
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

    // Load at most one half keeps linear probes short; 16 filter bits per NIK keep false hits near 6 %.
    private static (int[] Slots, ulong[] Filter) HashNiks(Row[] rows)
    {
        var slots = new int[(int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, rows.Length * 2))];
        var filter = new ulong[(int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, rows.Length / 4))];
        var mask = slots.Length - 1;
        for (var position = 0; position < rows.Length; position++)
        {
            var nik = rows[position].Nik;
            var slot = Slot(nik, slots.Length);
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            slots[slot] = position + 1;
            var bit = FilterBit(nik, filter.Length);
            filter[bit >> 6] |= 1UL << (int)(bit & 63);
        }
        return (slots, filter);
    }

    private static int Slot(long nik, int slotCount) =>
        (int)(((ulong)nik * 0x9E3779B97F4A7C15UL) >> (64 - BitOperations.Log2((uint)slotCount)));

    private static ulong FilterBit(long nik, int words) =>
        ((ulong)nik * 0xC2B2AE3D27D4EB4FUL) >> (64 - BitOperations.Log2((uint)words) - 6);

    /// <summary>What a NIK lookup and a block scan read, side by side.</summary>
    private readonly record struct Row(long Nik, ulong Signature);

    private sealed class Columns(int count)
    {
        public Row[] Rows { get; } = new Row[count];
        public int[] BirthDays { get; } = new int[count];
        public byte[] Sexes { get; } = new byte[count];
        public byte[] Segments { get; } = new byte[count];
        public byte[] Statuses { get; } = new byte[count];
        public bool[] BirthDateInNik { get; } = new bool[count];
        public int[] LastPaid { get; } = new int[count];
        public int[] Kelurahan { get; } = new int[count];
        public int[] NameStarts { get; } = new int[count + 1];
        public int[] NameWords { get; set; } = [];
    }
}
