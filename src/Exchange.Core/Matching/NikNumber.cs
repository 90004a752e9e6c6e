using System.Globalization;
using System.Numerics;
using Exchange.Core.Identity;

namespace Exchange.Core.Matching;

/// <summary>
/// A NIK held as a number: 8 bytes instead of a 56-byte string. The registry keys NIKs by their decimal
/// value; matching packs them one digit per four bits (digit i of the written NIK in bits 60 - 4i to
/// 63 - 4i), which sorts the same way and shows the digits two NIKs differ in after one XOR.
/// </summary>
internal static class NikNumber
{
    public const int Digits = 16;

    /// <summary>
    /// No NIK: every digit 0xF, which no packed NIK has. Not a sign test: a NIK from province 81 or
    /// above packs to a negative number.
    /// </summary>
    public const long None = -1;

    /// <summary>Enough room for every neighbour.</summary>
    public const int MaxNeighbours = Digits * 9 + Digits - 1;

    /// <summary>Enough room for every neighbour whose date digits differ: six substituted, seven swaps.</summary>
    public const int MaxDateNeighbours = 6 * 9 + 7;

    // PP KK CC DD MM YY SSSS: DD MM YY are digits 6 to 11.
    private const long DateDigits = 0x0000_00FF_FFFF_0000;

    // The lowest bit of each digit, and of each serial digit.
    private const ulong DigitLowBits = 0x1111_1111_1111_1111;
    private const ulong SerialLowBits = 0x0000_0000_0000_1111;

    private const int ProvinceShift = 56;
    private const int DayShift = 32;
    private const int MonthShift = 24;
    private const int YearShift = 16;

    // Indexed by a packed two-digit field (0x32 is "32"): a province in use, a day of 1-31 (41-71 for
    // women), a month.
    private static readonly bool[] KnownProvinces = BuildProvinces();
    private static readonly bool[] PlausibleDays = BuildFieldTable(value => value is (>= 1 and <= 31) or (>= 41 and <= 71));
    private static readonly bool[] PlausibleMonths = BuildFieldTable(value => value is >= 1 and <= 12);

    /// <summary>Reads 16 digits as a decimal number, the registry's key.</summary>
    public static bool TryParse(string? text, out long nik)
    {
        nik = 0;
        if (text is not { Length: Digits })
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            nik = nik * 10 + (c - '0');
        }
        return true;
    }

    public static string Format(long nik) => nik.ToString("D16", CultureInfo.InvariantCulture);

    /// <summary>Reads 16 digits packed four bits each, the form matching compares.</summary>
    public static bool TryParsePacked(string? text, out long packed)
    {
        packed = 0;
        if (text is not { Length: Digits })
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            packed = (packed << 4) | (uint)(c - '0');
        }
        return true;
    }

    /// <summary>The packed form of a NIK held as its value (<see cref="TryParse"/>): the last digit in the lowest four bits.</summary>
    public static long Pack(long nik)
    {
        var packed = 0L;
        for (var shift = 0; shift < Digits * 4; shift += 4)
        {
            packed |= (nik % 10) << shift;
            nik /= 10;
        }
        return packed;
    }

    public static string FormatPacked(long packed) => string.Create(Digits, packed, static (text, value) =>
    {
        for (var i = 0; i < Digits; i++)
        {
            text[i] = (char)('0' + DigitAt(value, i));
        }
    });

    public static NikLevel Compare(long first, long second)
    {
        if (first == second)
        {
            return NikLevel.Exact;
        }
        var differing = DifferingDigits(first, second);
        return BitOperations.PopCount(differing) switch
        {
            1 => OneEdit(differing),
            2 => IsAdjacentSwap(first, second, differing) ? OneEdit(differing) : NikLevel.TwoEdits,
            _ => NikLevel.Disagree,
        };
    }

    // Within the serial (the last four digits) or not.
    private static NikLevel OneEdit(ulong differing) => (differing & ~SerialLowBits) == 0 ? NikLevel.OneEditInSerial : NikLevel.OneEdit;

    /// <summary>Exactly one digit substituted, or two adjacent digits swapped: <see cref="Compare"/> says OneEdit or OneEditInSerial.</summary>
    public static bool IsOneEdit(long first, long second)
    {
        var differing = DifferingDigits(first, second);
        return differing != 0 && ((differing & (differing - 1)) == 0 || IsAdjacentSwap(first, second, differing));
    }

    /// <summary>
    /// Writes the structurally possible NIKs one substituted digit or one adjacent swap away from
    /// <paramref name="nik"/> (at most 159; fewer once impossible provinces, days, months and serial
    /// 0000 are left out) and returns how many.
    /// </summary>
    public static int Neighbours(long nik, Span<long> neighbours) => Neighbours(nik, neighbours, plausibleOnly: true);

    /// <summary>
    /// As <see cref="Neighbours"/>, impossible ones too: the NIKs a worker may have written, which the
    /// gateway accepts with a warning, one edit from a registered one.
    /// </summary>
    public static int EveryNeighbour(long nik, Span<long> neighbours) => Neighbours(nik, neighbours, plausibleOnly: false);

    private static int Neighbours(long nik, Span<long> neighbours, bool plausibleOnly)
    {
        var count = 0;
        for (var i = 0; i < Digits; i++)
        {
            var shift = Shift(i);
            var cleared = nik & ~(0xFL << shift);
            var original = DigitAt(nik, i);
            for (var digit = 0L; digit <= 9; digit++)
            {
                var neighbour = cleared | (digit << shift);
                if (digit != original && (!plausibleOnly || IsPlausible(neighbour)))
                {
                    neighbours[count++] = neighbour;
                }
            }
        }
        for (var i = 0; i + 1 < Digits; i++)
        {
            if (Swap(nik, i) is var swapped && swapped != nik && (!plausibleOnly || IsPlausible(swapped)))
            {
                neighbours[count++] = swapped;
            }
        }
        return count;
    }

    /// <summary>
    /// As <see cref="Neighbours"/>, only those whose DD MM YY digits differ from the NIK's and, when
    /// the NIK names a date (<see cref="CarriedDate"/>), name another one: not the day's other sex.
    /// At most <see cref="MaxDateNeighbours"/>.
    /// </summary>
    public static int NeighboursNamingOtherDates(long nik, Span<long> neighbours)
    {
        var count = 0;
        var carried = CarriedDate(nik);
        // A substituted date digit leaves the province, the serial and the other date fields as they were.
        if (KnownProvinces[Field(nik, ProvinceShift)] && (nik & 0xFFFF) != 0)
        {
            var dayPlausible = PlausibleDays[Field(nik, DayShift)];
            var monthPlausible = PlausibleMonths[Field(nik, MonthShift)];
            for (var i = 6; i <= 11; i++)
            {
                var shift = Shift(i);
                var cleared = nik & ~(0xFL << shift);
                var original = DigitAt(nik, i);
                for (var digit = 0L; digit <= 9; digit++)
                {
                    var neighbour = cleared | (digit << shift);
                    // A month or year changed names another date; a day may name the same for the other sex.
                    var keep = digit != original && i switch
                    {
                        <= 7 => monthPlausible && PlausibleDays[Field(neighbour, DayShift)] && (carried < 0 || CarriedDate(neighbour) != carried),
                        <= 9 => dayPlausible && PlausibleMonths[Field(neighbour, MonthShift)],
                        _ => dayPlausible && monthPlausible,
                    };
                    if (keep)
                    {
                        neighbours[count++] = neighbour;
                    }
                }
            }
        }
        for (var i = 5; i <= 11; i++)
        {
            if (Swap(nik, i) is var swapped && swapped != nik && IsPlausible(swapped) && (carried < 0 || CarriedDate(swapped) != carried))
            {
                neighbours[count++] = swapped;
            }
        }
        return count;
    }

    /// <summary>PP KK CC DD MM YY SSSS: a known province, a day of 1-31 (41-71 for women), a month, serial from 0001.</summary>
    public static bool IsPlausible(long packed) =>
        KnownProvinces[Field(packed, ProvinceShift)] && PlausibleDays[Field(packed, DayShift)]
        && PlausibleMonths[Field(packed, MonthShift)] && (packed & 0xFFFF) != 0;

    /// <summary>Whether the DD MM YY digits (day plus 40 for women) give this date's day, month and year of century.</summary>
    public static bool CarriesBirthDate(long packed, DateOnly date)
    {
        var (day, month, year) = DateFields(packed);
        return (day == date.Day || day == date.Day + 40) && month == date.Month && year == date.Year % 100;
    }

    /// <summary>
    /// The day of month, month and year of century that the DD MM YY digits give anyone born on a
    /// date the NIK carries, or false when no date has them.
    /// </summary>
    public static bool TryReadBirthDate(long packed, out int day, out int month, out int yearOfCentury)
    {
        (day, month, yearOfCentury) = DateFields(packed);
        day -= day > 40 ? 40 : 0;
        return day is >= 1 and <= 31 && month is >= 1 and <= 12;
    }

    /// <summary>
    /// The day, month and year of century the DD MM YY digits name, whatever the sex they give, as
    /// one number; -1 when they name none. Two NIKs name one date when these are equal and not -1.
    /// </summary>
    public static int CarriedDate(long packed) =>
        TryReadBirthDate(packed, out var day, out var month, out var year) ? (year * 100 + month) * 100 + day : -1;

    /// <summary>Whether two NIKs have the same DD MM YY digits (birth date and sex).</summary>
    public static bool SameDateDigits(long first, long second) => ((first ^ second) & DateDigits) == 0;

    /// <summary>Whether the day digits are a woman's (the day plus 40).</summary>
    public static bool IsFemale(long packed) => Field(packed, DayShift) >= 0x40;

    /// <summary>Whether two NIKs have the same region and serial digits, whatever their DD MM YY.</summary>
    public static bool SameOutsideDateDigits(long first, long second) => ((first ^ second) & ~DateDigits) == 0;

    /// <summary>The NIK with its DD MM YY digits saying <paramref name="date"/> (day plus 40 for a woman).</summary>
    public static long WithBirthDate(long packed, DateOnly date, bool female) =>
        WithDateDigits(packed, date.Day + (female ? 40 : 0), date.Month, date.Year % 100);

    /// <summary>
    /// The NIK with its day and month swapped (the woman's 40 staying on the day), or <see cref="None"/> when that
    /// names no date or the same one: what a DD/MM, MM/DD mix-up makes of it.
    /// </summary>
    public static long WithDayAndMonthSwapped(long packed) =>
        TryReadBirthDate(packed, out var day, out var month, out var year) && day <= 12 && day != month
            ? WithDateDigits(packed, month + (IsFemale(packed) ? 40 : 0), day, year)
            : None;

    private static long WithDateDigits(long packed, int day, int month, int year)
    {
        var digits = ((long)(day / 10) << 20) | ((long)(day % 10) << 16) | ((long)(month / 10) << 12) | ((long)(month % 10) << 8)
            | ((long)(year / 10) << 4) | (long)(year % 10);
        return (packed & ~DateDigits) | (digits << 16);
    }

    // One bit (the digit's lowest) per digit in which the NIKs differ.
    private static ulong DifferingDigits(long first, long second)
    {
        var difference = (ulong)(first ^ second);
        return (difference | (difference >> 1) | (difference >> 2) | (difference >> 3)) & DigitLowBits;
    }

    // Two differing digits, side by side, each holding what the other NIK has in the other.
    private static bool IsAdjacentSwap(long first, long second, ulong differing)
    {
        var low = BitOperations.TrailingZeroCount(differing);
        return differing == (0x11UL << low)
            && ((first >> low) & 0xF) == ((second >> (low + 4)) & 0xF)
            && ((first >> (low + 4)) & 0xF) == ((second >> low) & 0xF);
    }

    private static (int Day, int Month, int Year) DateFields(long packed) =>
        (Decimal(Field(packed, DayShift)), Decimal(Field(packed, MonthShift)), Decimal(Field(packed, YearShift)));

    // Digits i and i + 1 swapped.
    private static long Swap(long packed, int i)
    {
        var (left, right) = (DigitAt(packed, i), DigitAt(packed, i + 1));
        return (packed & ~(0xFFL << Shift(i + 1))) | (right << Shift(i)) | (left << Shift(i + 1));
    }

    private static int Shift(int i) => (Digits - 1 - i) * 4;

    private static long DigitAt(long packed, int i) => (packed >> Shift(i)) & 0xF;

    private static int Field(long packed, int shift) => (int)((packed >> shift) & 0xFF);

    private static int Decimal(int field) => (field >> 4) * 10 + (field & 0xF);

    private static bool[] BuildFieldTable(Func<int, bool> plausible)
    {
        var table = new bool[256];
        for (var value = 0; value < 100; value++)
        {
            table[((value / 10) << 4) | (value % 10)] = plausible(value);
        }
        return table;
    }

    private static bool[] BuildProvinces()
    {
        var known = new HashSet<int>();
        foreach (var code in Nik.ProvinceCodes)
        {
            known.Add(int.Parse(code, CultureInfo.InvariantCulture));
        }
        return BuildFieldTable(known.Contains);
    }
}
