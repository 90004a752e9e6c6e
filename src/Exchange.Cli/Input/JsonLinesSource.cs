using System.Text.Json;

namespace Exchange.Cli.Input;

/// <summary>
/// JSON Lines: one object per line with the same keys as a CSV header. The columns are those of the
/// first object; a broken line is a problem of that line only.
/// </summary>
internal sealed class JsonLinesSource : RowSource
{
    private const string Example = "{\"nik\": \"3271...\", \"nama\": \"...\"}";

    public JsonLinesSource(string path, RecordSchema schema)
        : base(path, schema)
    {
        TextFile.EnsureUtf8(path);
        using var text = TextFile.OpenText(path);
        while (text.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    Columns = ColumnMap.Create(document.RootElement.EnumerateObject().Select(p => p.Name).ToList(), schema, path);
                    return;
                }
            }
            catch (JsonException)
            {
                // Reported with its line number when the lines are read.
            }
        }
        throw new InputFileException($"no line of {path} is a JSON object: a JSON Lines file has one object per line, such as {Example}");
    }

    public override InputFormat Format => InputFormat.JsonLines;

    public override IEnumerable<InputRow> ReadRows()
    {
        using var text = TextFile.OpenText(Path);
        var lineNumber = 0;
        while (text.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var row = new InputRow(lineNumber, Schema, Columns);
            Read(line, row);
            yield return row;
        }
    }

    private void Read(string line, InputRow row)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                row.ReportLine(ProblemCodes.JsonUnreadable,
                    $"this line is a JSON {Kind(root.ValueKind)}, not an object: each line must be one object, such as {Example}");
                return;
            }
            foreach (var property in root.EnumerateObject())
            {
                var field = Schema.FieldOf(property.Name);
                if (field < 0)
                {
                    continue;
                }
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        row.Set(field, Cell.Of(property.Value.GetString()));
                        break;
                    case JsonValueKind.Number:
                        row.Set(field, Cell.Of(property.Value.GetRawText(), CellKind.JsonNumber));
                        break;
                    case JsonValueKind.Null:
                        break;
                    default:
                        row.Report(field, ProblemCodes.ValueNotText,
                            $"\"{Shown.Value(property.Name)}\" is a JSON {Kind(property.Value.ValueKind)}: give it as a string (or a number), or null when it is not known");
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            row.ReportLine(ProblemCodes.JsonUnreadable,
                $"this line is not one complete JSON object (the problem is near character {(e.BytePositionInLine ?? 0) + 1}): each line must be one object, such as {Example}");
        }
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        _ => "true, false or null",
    };
}
