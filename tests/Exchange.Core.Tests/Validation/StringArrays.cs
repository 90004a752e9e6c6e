using System.Collections;

namespace Exchange.Core.Tests.Validation;

/// <summary>Compares a failure's state (a string array) by content, for WithCustomState.</summary>
internal sealed class StringArrays : IEqualityComparer
{
    public static StringArrays Equal { get; } = new();

    public new bool Equals(object? x, object? y) =>
        x is string[] a && y is string[] b ? a.SequenceEqual(b) : object.Equals(x, y);

    public int GetHashCode(object obj) => 0;
}
