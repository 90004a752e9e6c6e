using System.Collections.Frozen;

namespace Exchange.Cli.Input;

/// <summary>The fields of one kind of record, and which field a column name means.</summary>
internal sealed class RecordSchema
{
    private readonly FieldSpec[] _fields;
    private readonly FrozenDictionary<string, int> _fieldByKey;

    public RecordSchema(params FieldSpec[] fields)
    {
        _fields = fields;
        _fieldByKey = fields.SelectMany((field, index) => field.ColumnNames.Select(name => (Key: Columns.Key(name), index)))
            .Distinct()
            .ToFrozenDictionary(pair => pair.Key, pair => pair.index, StringComparer.Ordinal);
    }

    public IReadOnlyList<FieldSpec> Fields => _fields;

    public int IndexOf(FieldSpec field) => Array.IndexOf(_fields, field);

    /// <summary>The index of the field a column name means, or -1.</summary>
    public int FieldOf(string columnName) => _fieldByKey.GetValueOrDefault(Columns.Key(columnName), -1);
}
