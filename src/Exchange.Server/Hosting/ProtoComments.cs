using System.Xml.Linq;
using Google.Protobuf.Reflection;

namespace Exchange.Server.Hosting;

/// <summary>
/// The comments of the .proto files, as the C# generator copied them into the contracts' XML documentation
/// (Exchange.Contracts.xml beside the assembly): what an OpenAPI document says of each operation, message and field. Empty
/// when the file is not there; the document is then made without descriptions.
/// </summary>
public sealed class ProtoComments
{
    private readonly Dictionary<string, string> _members;

    private ProtoComments(Dictionary<string, string> members) => _members = members;

    /// <summary>Those of the assembly the contracts are compiled into.</summary>
    public static ProtoComments Load()
    {
        var path = Path.ChangeExtension(typeof(Jamsostek.Exchange.V1.ReportService).Assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            return new ProtoComments([]);
        }
        var members = XDocument.Load(path).Descendants("member")
            .Where(member => member.Attribute("name") is not null && member.Element("summary") is not null)
            .GroupBy(member => member.Attribute("name")!.Value, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => Text(group.First().Element("summary")!), StringComparer.Ordinal);
        return new ProtoComments(members);
    }

    public string? Of(MessageDescriptor message) => Find("T:" + Name(message.ClrType));

    public string? Of(EnumDescriptor enumeration) => Find("T:" + Name(enumeration.ClrType));

    public string? Of(FieldDescriptor field) => Find($"P:{Name(field.ContainingType.ClrType)}.{field.PropertyName}");

    /// <summary>The comment on the rpc: the service base class's method, whatever its parameters.</summary>
    public string? Of(MethodDescriptor method)
    {
        var service = method.Service;
        var prefix = $"M:{service.File.GetOptions()?.CsharpNamespace ?? service.File.Package}.{service.Name}.{service.Name}Base.{method.Name}(";
        return _members.FirstOrDefault(member => member.Key.StartsWith(prefix, StringComparison.Ordinal)).Value;
    }

    private string? Find(string member) => _members.GetValueOrDefault(member);

    // Nested types are Outer+Inner to reflection and Outer.Inner to the documentation file.
    private static string Name(Type type) => type.FullName!.Replace('+', '.');

    // The generator writes a line per comment line, XML-escaped; one paragraph reads best in OpenAPI tools.
    private static string Text(XElement summary) =>
        string.Join(' ', summary.Value.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
