using System.Globalization;
using MiniExcelLibs;

namespace Exchange.Cli.Input;

/// <summary>
/// The first sheet of an Excel workbook, streamed row by row (MiniExcel): the header is its first
/// non-empty row, line numbers are sheet row numbers. Cells keep their type, so a NIK typed into a
/// number cell is recognised as one even though the cell shows it in full.
/// </summary>
internal sealed class XlsxSource : RowSource
{
    private readonly IReadOnlyList<string> _columnKeys;
    private readonly int _headerRow;

    public XlsxSource(string path, RecordSchema schema)
        : base(path, schema)
    {
        try
        {
            foreach (var (index, cells) in Rows(path).Index())
            {
                if (IsBlank(cells))
                {
                    continue;
                }
                _headerRow = index + 1;
                _columnKeys = [.. cells.Keys];
                Columns = ColumnMap.Create([.. cells.Values.Select(value => ToCell(value).Text)], schema, path);
                return;
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Xml.XmlException or InvalidOperationException)
        {
            throw new InputFileException($"{path} cannot be read as an Excel workbook ({e.Message}): open it in the spreadsheet and save it again as .xlsx or as CSV UTF-8", e);
        }
        throw new InputFileException($"the first sheet of {path} is empty: put the header row and the records on the first sheet");
    }

    public override InputFormat Format => InputFormat.Xlsx;

    public override IEnumerable<InputRow> ReadRows()
    {
        foreach (var (index, cells) in Rows(Path).Index())
        {
            if (index < _headerRow || IsBlank(cells))
            {
                continue;
            }
            var row = new InputRow(index + 1, Schema, Columns);
            for (var column = 0; column < _columnKeys.Count; column++)
            {
                if (Columns.FieldByColumn[column] is var field and >= 0)
                {
                    row.Set(field, ToCell(cells.TryGetValue(_columnKeys[column], out var value) ? value : null));
                }
            }
            yield return row;
        }
    }

    /// <summary>Every row of the first sheet, empty ones included, so the index is the sheet row number less one.</summary>
    private static IEnumerable<IDictionary<string, object?>> Rows(string path) =>
        MiniExcel.Query(path, useHeaderRow: false, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>();

    private static bool IsBlank(IDictionary<string, object?> cells) => cells.Values.All(value => ToCell(value).IsEmpty);

    private static Cell ToCell(object? value) => value switch
    {
        null => Cell.Empty,
        string text => Cell.Of(text),
        double number => Cell.Of(
            number == Math.Floor(number) && Math.Abs(number) < 1e17 ? number.ToString("0", CultureInfo.InvariantCulture) : number.ToString("R", CultureInfo.InvariantCulture),
            CellKind.SpreadsheetNumber),
        DateTime date => Cell.Of(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), CellKind.SpreadsheetDate),
        bool flag => Cell.Of(flag ? "TRUE" : "FALSE"),
        IFormattable other => Cell.Of(other.ToString(null, CultureInfo.InvariantCulture)),
        _ => Cell.Of(value.ToString()),
    };
}
