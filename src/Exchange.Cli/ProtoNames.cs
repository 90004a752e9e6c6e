using System.Collections.Concurrent;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace Exchange.Cli;

/// <summary>
/// Contract enum values as operators read and type them: the proto name without its prefix
/// (MATCH_OUTCOME_NOT_REGISTERED is NOT_REGISTERED), the same words the gateway's docs use.
/// </summary>
public static class ProtoNames
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<int, string>> Names = new();

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        NamesOf(typeof(TEnum)).TryGetValue(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture), out var name) ? name : value.ToString();

    /// <summary>Every value but the unspecified one, as <see cref="Of"/> names it.</summary>
    public static IEnumerable<string> All<TEnum>() where TEnum : struct, Enum =>
        NamesOf(typeof(TEnum)).Where(pair => pair.Key != 0).Select(pair => pair.Value);

    /// <summary>A value typed by an operator (not_registered, NOT-REGISTERED, MATCH_OUTCOME_NOT_REGISTERED); null when none is called that.</summary>
    public static TEnum? Parse<TEnum>(string text) where TEnum : struct, Enum
    {
        var wanted = text.Trim().Replace('-', '_').ToUpperInvariant();
        foreach (var (number, name) in NamesOf(typeof(TEnum)))
        {
            if (number != 0 && (name == wanted || OriginalName(typeof(TEnum), number) == wanted))
            {
                return (TEnum)Enum.ToObject(typeof(TEnum), number);
            }
        }
        return null;
    }

    private static IReadOnlyDictionary<int, string> NamesOf(Type type) => Names.GetOrAdd(type, static t =>
    {
        var prefix = string.Concat(t.Name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString())) + "_";
        return Enum.GetValues(t).Cast<object>().Select(Convert.ToInt32).Distinct().ToDictionary(n => n, n =>
        {
            var original = OriginalName(t, n);
            return original.StartsWith(prefix, StringComparison.Ordinal) ? original[prefix.Length..] : original;
        });
    });

    private static string OriginalName(Type type, int number)
    {
        var field = type.GetField(Enum.GetName(type, number)!, BindingFlags.Public | BindingFlags.Static)!;
        return field.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? field.Name;
    }
}
