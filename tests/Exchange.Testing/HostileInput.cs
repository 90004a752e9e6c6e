using System.Globalization;
using System.Text;
using Exchange.Core.Reference;
using Jamsostek.Exchange.V1;

namespace Exchange.Testing;

/// <summary>
/// Seeded, deterministic generator of hostile field values: invalid UTF-16 (lone surrogates), control
/// characters and NULs, 100,000-character strings, digits of other scripts, RTL and zero-width marks,
/// scientific notation, NIK-like texts of every length, dates of every shape, enum values out of range,
/// numbers at the ends of their types, kelurahan codes of every shape. The same seed always gives the
/// same values, so a failure names its seed and index and can be replayed.
/// </summary>
public sealed class HostileInput(int seed, DateOnly today)
{
    /// <summary>Length of a "huge" string: far beyond every limit of the proto's documentation.</summary>
    public const int HugeLength = 100_000;

    private readonly Random _random = new(seed);

    // Characters that break naive code: controls, NUL, bidi and zero-width marks, lone surrogates,
    // non-characters, digits of other scripts, homoglyphs, apostrophes the name folder knows, braces.
    private static readonly char[] Nasty =
    [
        '\0', '\u0001', '\u0007', '\b', '\t', '\n', '\v', '\f', '\r', '\u001B', '\u007F', '\u0085', '\u009F',
        '\u00A0', '\u00AD', '\u034F', '\u061C', '\u180E', '\u200B', '\u200C', '\u200D', '\u200E', '\u200F',
        '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u2028', '\u2029',
        '\u3000', '\uFEFF', '\uFFFD', '\uFFFE', '\uFFFF', '\uD800', '\uDBFF', '\uDC00', '\uDFFF',
        '\u0660', '\u0669', '\u06F0', '\u06F9', '\u0966', '\u0E50', '\uFF10', '\uFF19', '\u00B2', '\u00B9', '\u2070',
        '\u2160', '\u2460', '\uFF21', '\u00C0', '\u00D7', '\u00DF', '\u00F7', '\u00FF', '\u0130', '\u0131',
        '\u0410', '\u03A9', '\u0627', '\u4E2D', '\u0301', '\u0308', '\u2018', '\u2019', '\u02BC', '`', '\u00B4',
        '\'', '.', ',', '-', '_', ':', '{', '}', '%', '"', '\\', '/', '+', 'E', 'e', '0', '1', '5', '8', '9',
    ];

    private static readonly string[] Whitespace = [" ", "\t", "\n", "\r\n", "\u00A0", "\u2007", "\u3000", "\u200B", "\uFEFF", "\u0085"];

    private static readonly string[] ProvinceCodes = [.. Exchange.Core.Identity.Nik.ProvinceCodes.Order(StringComparer.Ordinal)];

    // Astral characters: a valid surrogate pair each (emoji, mathematical bold digit, CJK extension B).
    private static readonly string[] Astral = ["\U0001F600", "\U0001D7CE", "\U0001D7D7", "\U00020000", "\U0001F1EE\U0001F1E9"];

    // First code point of the ten digits of scripts char.IsDigit accepts.
    private static readonly char[] DigitZeros = ['0', '\u0660', '\u06F0', '\u0966', '\u09E6', '\u0E50', '\u1040', '\uFF10'];

    private static readonly string[] NameWords =
    [
        "H.", "Hj.", "Drs.", "Dra.", "K.H.", "KH", "Tb.", "R.", "Bapak", "Ibu", "Bu", "Ny.", "Alm.", "Dr.", "Ir.", "Prof.",
        "Asep", "Siti", "St.", "Muhammad", "Moch.", "M.", "Mhd", "Nur", "Noer", "bin", "binti", "Saepudin", "Saefudin",
        "Dede", "Euis", "Komariah", "Djoko", "Dj0ko", "Khairul", "Ma'ruf", "Abd.", "Achmad", "Nurhayati", "Setiawan",
        "S.Pd.", "S.Pd.I", "A.Md.", "A. Md. Kep.", "M.M.", "S.E", "SE", "SH", "S.H.", "M.Kes", "Ph.D", "Ma", "Apt.",
        ",", ".", "-", "'", "A", "B.", "X", "Ä", "Ñ", "É", "İ", "Ö", "ß", "ÿ", "Çelik", "Ахмад", "محمد", "中",
    ];

    private static readonly string[] Injections =
    [
        "{0}", "{1}", "{", "}", "{{}}", "{0:D99999}", "%s%s%n", "%00", "'; DROP TABLE chunks;--", "\" OR 1=1 --",
        "\"}]},{\"x\":", "<script>", "../../etc/passwd", "${jndi:ldap://x}", "\\u0000", "null", "NaN", "-0", "1e309",
        "\u202Eabc", "ab\u0000cd", "\r\ngrpc-status: 0", "x-api-key: exk_test_dinsos",
    ];

    private static readonly string[] ScientificNotations =
    [
        "3.27101E+15", "3,27101E+15", "3.27101e15", "3.27101E15", "3.271012E+015", "3E+15", "3.27101E-15", "3.27101E+",
        "E+15", "3.2E", "e5", "1e0", "-3.27101E+15", "+3.27101E+15", " 3.27101E+15 ", "3.27101E+15\0", "3.27101E+1\u0665",
        "3.27101E+15E+2", "3..271E+15", ".E1", ",E1", "3271012107850001E0", "3.27101\uFF25+15", "3.27101E\u202E+15",
        "1E999999999999999999999", "0E0", "∞", "NaN", "3.27101×10^15",
    ];

    private static readonly string[] DateShapes =
    [
        "21-07-1985", "1985/07/21", "19850721", "1985-7-21", "85-07-21", "1985-07-21T00:00:00Z", "1985-07-21 ", " 1985-07-21",
        "1985\u201007\u201021", "1985-07", "1985", "21 Juli 1985", "yyyy-mm-dd", "YYYY-MM-DD", "+1985-07-21", "-001-01-01",
        "1985-07-21\0", "1985-07-2\u0661", "0000-00-00", "0000-01-01", "0001-01-01", "9999-12-31", "1900-02-29", "2000-02-29",
        "2100-02-29", "1985-02-30", "1985-04-31", "1985-13-01", "1985-00-10", "1985-01-00", "1985-01-32", "----------",
        "1985--07-21", "1985-07-21-", "  -  -    ", "1985-0x-21", "1985-07-21\uD800",
    ];

    private static readonly string[] Phones =
    [
        "081234567890", "0812-3456-7890", "+6281234567890", "+62 812 3456 7890", "+62-812", "08", "0812345678", "08123456789012",
        "62812345678", "+6208123456789", "081234567890\0", "\u0660\u0668\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660",
        "\uFF10\uFF18\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18\uFF19", " 081234567890 ", "0812 3456\n7890", "0251-8321234",
        "+628123456789012345", "08--12345678", "tel:081234567890",
    ];

    /// <summary>The random source, for choices a test makes itself.</summary>
    public Random Random => _random;

    public bool Chance(double probability) => _random.NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>Any text: mostly short and nasty, sometimes a realistic name, rarely 100,000 characters.</summary>
    public string Text()
    {
        if (Chance(1.0 / 5000))
        {
            return Huge();
        }
        return _random.Next(12) switch
        {
            0 => "",
            1 => Repeat(() => Pick(Whitespace), _random.Next(1, 6)),
            2 => Chars(_random.Next(1, 40), () => Pick(Nasty)),
            3 => Chars(_random.Next(1, 40), () => (char)_random.Next(0, 0x10000)),
            4 => Name(),
            5 => ManyPieces(),
            6 => UnicodeDigits(_random.Next(1, 20)),
            7 => Pick(ScientificNotations),
            8 => Pick(Injections),
            9 => Boundary(),
            10 => Insert(Name(), Nasty),
            _ => Repeat(() => Pick(Astral), _random.Next(1, 5)) + Chars(_random.Next(0, 5), () => Pick(Nasty)),
        };
    }

    /// <summary>A string of <see cref="HugeLength"/> characters in one of several patterns.</summary>
    public string Huge() => _random.Next(6) switch
    {
        0 => new string('A', HugeLength),
        1 => new string('7', HugeLength),
        2 => string.Concat(Enumerable.Repeat("A. ", HugeLength / 3)),
        3 => new string('\uD800', HugeLength),
        4 => Chars(HugeLength, () => (char)_random.Next(0, 0x10000)),
        _ => string.Concat(Enumerable.Repeat("3.27101E+15", HugeLength / 11)),
    };

    /// <summary>A name as forms write them, titles and degrees included, sometimes with a nasty character.</summary>
    public string Name()
    {
        var words = Enumerable.Range(0, _random.Next(1, 9)).Select(_ => Pick(NameWords));
        var separator = Pick<string>([" ", " ", " ", "", ".", ", ", "  ", "\t", "\u00A0"]);
        var name = string.Join(separator, words);
        return Chance(0.2) ? Insert(name, Nasty) : name;
    }

    /// <summary>A name-shaped text with more pieces and words than any limit of the name code.</summary>
    public string ManyPieces()
    {
        var count = _random.Next(13, 400);
        return _random.Next(5) switch
        {
            0 => string.Concat(Enumerable.Repeat("A.", count)),
            1 => string.Join(' ', Enumerable.Repeat("H.", count)) + " Asep",
            2 => string.Join(' ', Enumerable.Range(0, count).Select(i => "W" + (char)('a' + i % 26))),
            3 => string.Join(", ", Enumerable.Repeat("S.Pd.", count)),
            _ => string.Concat(Enumerable.Repeat("M ", count)) + new string('A', _random.Next(0, 300)),
        };
    }

    /// <summary>A NIK-like text: valid in structure, of every length, in other digits, as a number, or anything.</summary>
    public string Nik()
    {
        if (Chance(1.0 / 5000))
        {
            return _random.Next(2) == 0 ? new string('3', HugeLength) : Huge();
        }
        switch (_random.Next(10))
        {
            case 0:
            case 1:
                return StructuredNik();
            case 2:
                return Digits(_random.Next(0, 41));
            case 3:
            {
                var nik = StructuredNik().ToCharArray();
                nik[_random.Next(nik.Length)] = Pick(Nasty);
                return new string(nik);
            }
            case 4:
                return UnicodeDigits(16);
            case 5:
                return Pick(ScientificNotations);
            case 6:
            {
                var nik = StructuredNik();
                return _random.Next(9) switch
                {
                    0 => $"{nik[..4]}-{nik[4..8]}-{nik[8..12]}-{nik[12..]}",
                    1 => $"{nik[..4]} {nik[4..8]} {nik[8..12]} {nik[12..]}",
                    2 => $" {nik} ",
                    3 => nik + "\n",
                    4 => "+" + nik,
                    5 => "-" + nik,
                    6 => nik + ".0",
                    7 => "0" + nik,
                    _ => nik + "\0",
                };
            }
            case 7:
                return Pick<string>(["9223372036854775807", "-9223372036854775808", "9999999999999999", "0000000000000000",
                    "1000000000000000", "9900000000000000", "3271000000000000", "3271014107000001", "3271017113990001"]);
            case 8:
                return StructuredNik().Replace(Pick<string>(["0", "1", "3", "7"]), Pick(Nasty).ToString(), StringComparison.Ordinal);
            default:
                return Text();
        }
    }

    /// <summary>16 ASCII digits shaped like a NIK: known or unknown province, possible or impossible date digits, any serial.</summary>
    public string StructuredNik()
    {
        var province = Chance(0.8) ? Pick(ProvinceCodes) : Two(_random.Next(100));
        var regency = Chance(0.6) ? "71" : Two(_random.Next(100));
        var district = Two(Chance(0.8) ? _random.Next(1, 7) : _random.Next(100));
        var day = Chance(0.8) ? _random.Next(1, 32) + (Chance(0.5) ? 40 : 0) : _random.Next(100);
        var month = Chance(0.8) ? _random.Next(1, 13) : _random.Next(100);
        var serial = Chance(0.05) ? 0 : _random.Next(10_000);
        return $"{province}{regency}{district}{Two(day)}{Two(month)}{Two(_random.Next(100))}{serial:D4}";
    }

    /// <summary>A date text of some shape: ISO with any numbers, near today, at the working-age edges, or other formats.</summary>
    public string Date()
    {
        switch (_random.Next(9))
        {
            case 0:
            case 1:
                return Iso(_random.Next(0, 10_000), _random.Next(0, 14), _random.Next(0, 33));
            case 2:
            {
                var date = today.AddDays(_random.Next(-3, 4));
                return Iso(date.Year, date.Month, date.Day);
            }
            case 3:
            {
                var age = Pick<int>([17, 18, 19, 64, 65, 66, 0, 1, 120]);
                var date = today.AddYears(-age).AddDays(_random.Next(-2, 3));
                return Iso(date.Year, date.Month, date.Day);
            }
            case 4:
                return Iso(_random.Next(1, 10_000), 2, 29);
            case 5:
                return Pick(DateShapes);
            case 6:
            {
                // The hand-written reader's path: dashes in place, anything between them.
                var text = Chars(10, () => Chance(0.7) ? (char)('0' + _random.Next(10)) : Pick(Nasty)).ToCharArray();
                text[4] = '-';
                text[7] = '-';
                return new string(text);
            }
            case 7:
                return UnicodeDigits(4) + "-" + UnicodeDigits(2) + "-" + UnicodeDigits(2);
            default:
                return Text();
        }
    }

    /// <summary>A kelurahan code: real (dotted or plain, maybe padded), of another city, or any shape.</summary>
    public string Kelurahan()
    {
        var real = Pick(Wilayah.KotaBogor.AllKelurahan).Code;
        var plain = real.Replace(".", "", StringComparison.Ordinal);
        return _random.Next(10) switch
        {
            0 or 1 => real,
            2 => plain,
            3 => Pick(Whitespace) + real + Pick(Whitespace),
            4 => "32.01" + real[5..],
            5 => DottedShape(),
            6 => UnicodeDigits(10),
            7 => Pick<string>([real + ".1", real.ToLowerInvariant() + "a", real[..^1], plain + "0", ".............", "32.71.01.100\uD800",
                "3271011001\0", "32 71 01 1001", "32.71.01.1001\u202E", "0000000000", "99.99.99.9999", "32.71"]),
            8 => Digits(_random.Next(0, 20)),
            _ => Text(),
        };
    }

    public string Phone() => _random.Next(4) switch
    {
        0 => Pick(Phones),
        1 => (Chance(0.5) ? "08" : "+628") + Digits(_random.Next(0, 16)),
        2 => Insert(Pick(Phones), Nasty),
        _ => Text(),
    };

    /// <summary>An enum or int32 value: defined ones, the next undefined one, negatives and the ends of int.</summary>
    public int EnumValue(int lastDefined) => _random.Next(8) switch
    {
        0 or 1 or 2 => _random.Next(0, lastDefined + 1),
        3 => lastDefined + 1,
        4 => -1,
        5 => int.MinValue,
        6 => int.MaxValue,
        _ => _random.Next(int.MinValue, int.MaxValue),
    };

    public int Int32Value(int first, int last) => _random.Next(7) switch
    {
        0 or 1 => _random.Next(first, last + 1),
        2 => Pick<int>([first - 1, last + 1, 0, first, last]),
        3 => int.MinValue,
        4 => int.MaxValue,
        5 => -1,
        _ => _random.Next(int.MinValue, int.MaxValue),
    };

    public long Int64Value() => _random.Next(6) switch
    {
        0 or 1 => _random.NextInt64(0, 20_000_000),
        2 => Pick<long>([long.MinValue, long.MinValue + 1, -1, 0, 1, 1_000_000_000, 1_000_000_001, long.MaxValue - 1, long.MaxValue]),
        3 => _random.NextInt64(long.MinValue, long.MaxValue),
        4 => -_random.NextInt64(1, 1_000_000),
        _ => _random.NextInt64(1_000_000_000, long.MaxValue),
    };

    /// <summary>
    /// A worker record in which each field is, by chance, valid or hostile: valid fields let the later
    /// rules (NIK against birth date and sex, titles stripped from long names) meet hostile neighbours.
    /// </summary>
    public WorkerRecord WorkerRecord()
    {
        var valid = ValidWorker();
        // How hostile this record is: from one bad field in twenty to nearly every field bad.
        var p = Pick<double>([0.03, 0.1, 0.25, 0.5, 0.8]);
        var record = new WorkerRecord
        {
            Nik = Chance(p) ? Nik() : valid.Nik,
            FullName = Chance(p) ? Text() : valid.FullName,
            BirthDate = Chance(p) ? Date() : valid.BirthDate,
            Sex = Chance(p) ? (Sex)EnumValue(2) : valid.Sex,
            KelurahanCode = Chance(p) ? Kelurahan() : valid.KelurahanCode,
            Address = Chance(p) ? Text() : valid.Address,
            Phone = Chance(p) ? Phone() : valid.Phone,
            Occupation = Chance(p) ? (Occupation)EnumValue(25) : valid.Occupation,
            FundingSource = Chance(p) ? (FundingSource)EnumValue(4) : valid.FundingSource,
        };
        if (Chance(0.6))
        {
            record.KtpOccupationCode = Chance(p) ? Int32Value(1, 89) : _random.Next(1, 90);
        }
        if (Chance(0.6))
        {
            record.MonthlyIncomeRupiah = Chance(p) ? Int64Value() : _random.NextInt64(0, 10_000_000);
        }
        if (Chance(0.6))
        {
            record.WelfareDecile = Chance(p) ? Int32Value(1, 10) : _random.Next(1, 11);
        }
        return record;
    }

    /// <summary>A valid record of working age whose NIK carries its birth date and sex.</summary>
    public WorkerRecord ValidWorker()
    {
        var birthDate = today.AddYears(-_random.Next(19, 64)).AddDays(-_random.Next(0, 365));
        var sex = Chance(0.5) ? Sex.Male : Sex.Female;
        var day = birthDate.Day + (sex == Sex.Female ? 40 : 0);
        var nik = $"327101{Two(day)}{Two(birthDate.Month)}{Two(birthDate.Year % 100)}{_random.Next(1, 10_000):D4}";
        return new WorkerRecord
        {
            Nik = nik,
            FullName = Pick<string>(["Asep Saepudin", "H. Asep Saepudin, S.Pd.", "Siti Aminah", "Euis Komariah", "Moch. Nur Hidayat"]),
            BirthDate = Iso(birthDate.Year, birthDate.Month, birthDate.Day),
            Sex = sex,
            KelurahanCode = Pick(Wilayah.KotaBogor.AllKelurahan).Code,
            Address = "Jl. Batu Tulis No. 5 RT 02/RW 03",
            Phone = "081234567890",
            Occupation = (Occupation)_random.Next(1, 26),
            FundingSource = (FundingSource)_random.Next(0, 5),
        };
    }

    public string Digits(int length) => Chars(length, () => (char)('0' + _random.Next(10)));

    /// <summary>Digits of one script other than ASCII, sometimes mixed with ASCII ones.</summary>
    public string UnicodeDigits(int length)
    {
        var zero = Pick(DigitZeros[1..]);
        var mixed = Chance(0.3);
        return Chars(length, () => (char)((mixed && Chance(0.5) ? '0' : zero) + _random.Next(10)));
    }

    private string Boundary()
    {
        var length = Pick<int>([59, 60, 61, 199, 200, 201, 255, 256, 257, 499, 500, 501, 1000]);
        var prefix = Chance(0.5) ? "Drs. H. " : "";
        var suffix = Chance(0.5) ? ", S.Pd., M.M." : "";
        var core = Math.Max(0, length - prefix.Length - suffix.Length);
        return prefix + Chars(core, () => Chance(0.15) ? ' ' : (char)('a' + _random.Next(26))) + suffix;
    }

    // Dots where a dotted code has them, anything between: passes the shape test, never the lookup.
    private string DottedShape()
    {
        var code = Chars(13, () => Pick(Nasty)).ToCharArray();
        code[2] = code[5] = code[8] = '.';
        return new string(code);
    }

    private string Insert(string text, char[] pool)
    {
        var at = _random.Next(text.Length + 1);
        return string.Concat(text.AsSpan(0, at), Pick(pool).ToString(), text.AsSpan(at));
    }

    private string Chars(int length, Func<char> next)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(next());
        }
        return builder.ToString();
    }

    private static string Repeat(Func<string> next, int count) => string.Concat(Enumerable.Range(0, count).Select(_ => next()));

    private static string Two(int value) => value.ToString("D2", CultureInfo.InvariantCulture);

    private static string Iso(int year, int month, int day) =>
        string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}-{day:D2}");
}
