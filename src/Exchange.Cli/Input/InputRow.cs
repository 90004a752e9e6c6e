namespace Exchange.Cli.Input;

/// <summary>
/// One line of a file on its way to a record: its values by field, and the problems found so far. A line
/// whose problem is the line itself (wrong field count, broken JSON) has no values worth reading.
/// </summary>
internal sealed class InputRow
{
    private readonly Cell[] _cells;
    private readonly RecordSchema _schema;
    private readonly ColumnMap _columns;
    private List<LineProblem>? _problems;

    public InputRow(int lineNumber, RecordSchema schema, ColumnMap columns)
    {
        LineNumber = lineNumber;
        _schema = schema;
        _columns = columns;
        _cells = new Cell[schema.Fields.Count];
        Array.Fill(_cells, Cell.Empty);
    }

    public int LineNumber { get; }

    /// <summary>The line itself is broken: its values are not read.</summary>
    public bool IsUnreadable { get; private set; }

    public IReadOnlyList<LineProblem> Problems => _problems ?? (IReadOnlyList<LineProblem>)[];

    public Cell this[FieldSpec field] => _cells[_schema.IndexOf(field)];

    public void Set(int field, Cell cell) => _cells[field] = cell;

    /// <summary>The column name the file gives <paramref name="field"/>, for a fix that names it.</summary>
    public string ColumnOf(FieldSpec field) => _columns.ColumnOf(_schema.IndexOf(field), _schema);

    public void Report(FieldSpec field, string code, string message) => (_problems ??= []).Add(new LineProblem(field.Name, code, message));

    public void Report(int field, string code, string message) => Report(_schema.Fields[field], code, message);

    public void ReportLine(string code, string message)
    {
        IsUnreadable = true;
        (_problems ??= []).Add(new LineProblem("", code, message));
    }

    /// <summary><paramref name="record"/>, or null when the line has a problem: such a line is never sent.</summary>
    public T? Complete<T>(Func<InputRow, T> build) where T : class
    {
        if (IsUnreadable)
        {
            return null;
        }
        var record = build(this);
        return _problems is null ? record : null;
    }
}
