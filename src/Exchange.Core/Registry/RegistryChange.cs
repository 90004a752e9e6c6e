using Exchange.Core.Matching;

namespace Exchange.Core.Registry;

/// <summary>A new registry version served: the index before and after, and the packed NIKs whose participant was inserted, updated or removed.</summary>
public sealed record RegistryChange(RegistryIndex Previous, RegistryIndex Current, IReadOnlyList<long> ChangedNiks);
