using System.Collections.Frozen;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace Exchange.Cli.Input;

/// <summary>
/// The words an operator's file may use for the values of one contract enum: the enum's own names (the
/// C# PedagangKakiLima, the proto OCCUPATION_PEDAGANG_KAKI_LIMA and PEDAGANG_KAKI_LIMA) and the labels
/// and short forms in Indonesian and English. Words are compared by their letters and digits alone.
/// </summary>
internal sealed class Vocabulary<TEnum> where TEnum : struct, Enum
{
    private readonly FrozenDictionary<string, TEnum> _byKey;

    /// <param name="code">The problem code of a word not in the vocabulary.</param>
    /// <param name="fix">What a message about such a word tells the operator to write.</param>
    /// <param name="words">Labels and short forms beyond the enum's own names.</param>
    public Vocabulary(string code, string fix, IEnumerable<(TEnum Value, string Word)> words)
    {
        Code = code;
        Fix = fix;
        var byKey = new Dictionary<string, TEnum>(StringComparer.Ordinal);
        foreach (var (value, word) in EnumNames().Concat(words))
        {
            var key = Words.Key(word);
            if (byKey.TryGetValue(key, out var other) && !other.Equals(value))
            {
                throw new InvalidOperationException($"'{word}' would mean both {other} and {value}");
            }
            byKey[key] = value;
        }
        _byKey = byKey.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public string Code { get; }

    public string Fix { get; }

    public bool TryFind(string text, out TEnum value) => _byKey.TryGetValue(Words.Key(text), out value);

    private static IEnumerable<(TEnum, string)> EnumNames() =>
        from field in typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static)
        let value = (TEnum)field.GetValue(null)!
        from name in new[] { field.Name, field.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? field.Name }
        select (value, name);
}

/// <summary>How words from a file are compared.</summary>
internal static class Words
{
    /// <summary>Lower-case letters and digits only: "Ketua RT/RW", "KETUA_RT_RW" and "KetuaRtRw" are one word.</summary>
    public static string Key(string text) => string.Concat(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant));
}
