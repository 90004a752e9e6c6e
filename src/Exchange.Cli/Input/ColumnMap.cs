using System.Text.RegularExpressions;

namespace Exchange.Cli.Input;

/// <summary>
/// Which field each column of a header row means, and the columns ignored. Built once per file from its
/// header (CSV, workbook) or its first object (JSON Lines); refuses a header no record can be read with.
/// </summary>
internal sealed partial class ColumnMap
{
    private readonly string?[] _columnByField;

    private ColumnMap(int[] fieldByColumn, string?[] columnByField, IReadOnlyList<string> recognised, IReadOnlyList<string> ignored)
    {
        FieldByColumn = fieldByColumn;
        _columnByField = columnByField;
        Recognised = recognised;
        Ignored = ignored;
    }

    /// <summary>For each column of the header, the index of its field in the schema, or -1 when it is ignored.</summary>
    public int[] FieldByColumn { get; }

    /// <summary>The recognised column names, as the file writes them, in file order.</summary>
    public IReadOnlyList<string> Recognised { get; }

    /// <summary>The other non-empty column names, as the file writes them, in file order.</summary>
    public IReadOnlyList<string> Ignored { get; }

    /// <summary>The column name the file gives a field, or the field's own name when it has no column.</summary>
    public string ColumnOf(int field, RecordSchema schema) => _columnByField[field] ?? schema.Fields[field].Name;

    public static ColumnMap Create(IReadOnlyList<string> header, RecordSchema schema, string path)
    {
        var fieldByColumn = new int[header.Count];
        var columnByField = new string?[schema.Fields.Count];
        var recognised = new List<string>();
        var ignored = new List<string>();
        for (var column = 0; column < header.Count; column++)
        {
            var name = header[column].Trim();
            var field = schema.FieldOf(name);
            fieldByColumn[column] = field;
            if (field < 0)
            {
                if (name.Length > 0)
                {
                    ignored.Add(name);
                }
                continue;
            }
            if (columnByField[field] is { } earlier)
            {
                throw new InputFileException(
                    $"{path}: the columns \"{Shown.Value(earlier)}\" and \"{Shown.Value(name)}\" both give the {schema.Fields[field].Label}: keep one of them and remove or rename the other");
            }
            columnByField[field] = name;
            recognised.Add(name);
        }
        if (recognised.Count == 0)
        {
            throw new InputFileException(header.Any(name => LooksLikeData().IsMatch(name))
                ? $"{path} has no header row: its first line looks like data. Add a first line naming the columns, such as {Expected(schema)}"
                : $"{path}: none of its columns is one the CLI knows ({Listed(header)}): name them {Expected(schema)} (Indonesian or English names, in any order)");
        }
        if (columnByField[schema.IndexOf(Columns.Nik)] is null)
        {
            throw new InputFileException(
                $"{path} has no NIK column ({Listed(header)}): name the column that holds the NIKs \"nik\" (or no_nik, no_ktp)");
        }
        return new ColumnMap(fieldByColumn, columnByField, recognised, ignored);
    }

    private static string Expected(RecordSchema schema) =>
        string.Join(", ", schema.Fields.Select(field => field.Indonesian == field.Name ? field.Name : $"{field.Indonesian} or {field.Name}"));

    private static string Listed(IReadOnlyList<string> header) =>
        "found: " + string.Join(", ", header.Where(name => name.Trim().Length > 0).Take(12).Select(name => $"\"{Shown.Value(name.Trim())}\""));

    /// <summary>A NIK, a phone number or a date: a header cell never holds six digits in a row.</summary>
    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex LooksLikeData();
}
