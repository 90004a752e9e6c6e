using System.Collections.Frozen;
using System.Reflection;

namespace Exchange.Core.Reference;

/// <summary>
/// Kemendagri area codes of one city (Kota Bogor ships with the gateway). Codes are the key: some
/// names are spelled differently between editions of the list.
/// </summary>
public sealed class Wilayah
{
    private readonly FrozenDictionary<string, Kelurahan> _kelurahanByCode;

    private Wilayah(string cityCode, string cityName, IReadOnlyList<Kelurahan> kelurahan,
        IReadOnlyDictionary<string, string> kecamatanNames)
    {
        CityCode = cityCode;
        CityName = cityName;
        AllKelurahan = kelurahan;
        KecamatanNames = kecamatanNames;
        _kelurahanByCode = kelurahan.ToFrozenDictionary(k => k.Code, StringComparer.Ordinal);
    }

    /// <summary>Kota Bogor, from the reference file embedded in this assembly.</summary>
    public static Wilayah KotaBogor { get; } = LoadEmbedded("Exchange.Core.Reference.kota_bogor_wilayah.csv");

    /// <summary>The city's code, dotted (32.71).</summary>
    public string CityCode { get; }

    public string CityName { get; }

    /// <summary>The city's code without dots (3271): the first four digits of a NIK registered there.</summary>
    public string CityNikPrefix => CityCode.Replace(".", "", StringComparison.Ordinal);

    public IReadOnlyList<Kelurahan> AllKelurahan { get; }

    /// <summary>Kecamatan names by dotted code.</summary>
    public IReadOnlyDictionary<string, string> KecamatanNames { get; }

    /// <summary>
    /// Finds a kelurahan by its code, dotted (32.71.01.1001) or plain (3271011001); surrounding
    /// whitespace is ignored.
    /// </summary>
    public bool TryFindKelurahan(string? code, out Kelurahan kelurahan)
    {
        kelurahan = null!;
        if (code is null)
        {
            return false;
        }
        var dotted = ToDottedCode(code.Trim());
        return dotted is not null && _kelurahanByCode.TryGetValue(dotted, out kelurahan!);
    }

    /// <summary>
    /// A kelurahan or desa code in its dotted form (32.71.01.1001), from dotted or plain (3271011001)
    /// input; null when it has neither shape. Says nothing about whether the code exists.
    /// </summary>
    public static string? ToDottedCode(string code)
    {
        if (code.Length == 13 && code[2] == '.' && code[5] == '.' && code[8] == '.')
        {
            return code;
        }
        if (code.Length == 10 && code.All(char.IsAsciiDigit))
        {
            return $"{code[..2]}.{code[2..4]}.{code[4..6]}.{code[6..]}";
        }
        return null;
    }

    /// <summary>Reads a list in the shape of the shipped CSV: kode,nama,level (kota, kecamatan, kelurahan).</summary>
    public static Wilayah Parse(TextReader reader)
    {
        string? cityCode = null, cityName = null;
        var kecamatan = new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = new List<(string Code, string Name)>();
        var header = reader.ReadLine();
        if (header?.Trim() != "kode,nama,level")
        {
            throw new InvalidDataException($"Unexpected header in wilayah reference data: '{header}'.");
        }
        string? line;
        var lineNumber = 1;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            var parts = line.Split(',');
            if (parts.Length != 3)
            {
                throw new InvalidDataException($"Wilayah reference data line {lineNumber} does not have 3 columns.");
            }
            var (code, name, level) = (parts[0].Trim(), parts[1].Trim(), parts[2].Trim());
            switch (level)
            {
                case "kota":
                case "kabupaten":
                    (cityCode, cityName) = (code, name);
                    break;
                case "kecamatan":
                    kecamatan[code] = name;
                    break;
                case "kelurahan":
                case "desa":
                    rows.Add((code, name));
                    break;
                default:
                    throw new InvalidDataException($"Wilayah reference data line {lineNumber} has unknown level '{level}'.");
            }
        }
        if (cityCode is null || cityName is null)
        {
            throw new InvalidDataException("Wilayah reference data names no city.");
        }
        var kelurahan = rows
            .Select(r =>
            {
                var kecamatanCode = r.Code[..8];
                if (!kecamatan.TryGetValue(kecamatanCode, out var kecamatanName))
                {
                    throw new InvalidDataException($"Kelurahan {r.Code} lies in unknown kecamatan {kecamatanCode}.");
                }
                return new Kelurahan(r.Code, r.Name, kecamatanCode, kecamatanName);
            })
            .ToList();
        return new Wilayah(cityCode, cityName, kelurahan, kecamatan);
    }

    private static Wilayah LoadEmbedded(string resourceName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded resource {resourceName} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}
