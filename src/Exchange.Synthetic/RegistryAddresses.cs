namespace Exchange.Synthetic;

/// <summary>
/// How well BPJS knows where a group of its participants live: <paramref name="Known"/> is the share with a
/// kelurahan on file, <paramref name="Stale"/> (part of it) the share whose kelurahan on file is one they
/// have since moved away from. The rest have none on file.
/// </summary>
public sealed record RegistryAddresses(double Known, double Stale)
{
    /// <summary>Share whose kelurahan on file is where they live now.</summary>
    public double Current => Known - Stale;

    internal void Validate(string name)
    {
        if (!(Stale >= 0 && Stale <= Known && Known <= 1))
        {
            throw new ArgumentOutOfRangeException(name, this, "Addresses need 0 <= stale <= known <= 1.");
        }
    }
}
