namespace Exchange.Synthetic;

/// <summary>
/// Shares of the submitted people by their standing at BPJS as of the as-of date; the rest are absent from
/// the registry. The counts are exact (rounded), not drawn.
/// </summary>
/// <param name="Active">Participants paid up for the as-of month.</param>
/// <param name="Grace">Participants 1-3 months behind: status ACTIVE, still protected.</param>
/// <param name="Lapsed">Former participants: status ENDED.</param>
/// <param name="Deceased">
/// Participants who have died, status DECEASED: an agency's list outlives some of its people. Taken out of the former
/// participants' tenth, so the registry and everyone else are the same as before deceased people were generated.
/// </param>
public sealed record RegistryShares(double Active = 0.25, double Grace = 0.05, double Lapsed = 0.095, double Deceased = 0.005)
{
    /// <summary>Share of submitted people who are not in the registry at all.</summary>
    public double Absent => 1.0 - Active - Grace - Lapsed - Deceased;

    internal (int Active, int Grace, int Lapsed, int Deceased) CountsFor(int submitted)
    {
        // Rounding must not push the four past the total.
        var active = Math.Min((int)Math.Round(submitted * Active), submitted);
        var grace = Math.Min((int)Math.Round(submitted * Grace), submitted - active);
        var lapsed = Math.Min((int)Math.Round(submitted * Lapsed), submitted - active - grace);
        var deceased = Math.Min((int)Math.Round(submitted * Deceased), submitted - active - grace - lapsed);
        return (active, grace, lapsed, deceased);
    }

    internal void Validate()
    {
        if (Active < 0 || Grace < 0 || Lapsed < 0 || Deceased < 0 || Absent < -1e-9)
        {
            throw new ArgumentOutOfRangeException(nameof(SyntheticOptions.Shares), this,
                "Registry shares must be non-negative and add up to at most 1.");
        }
    }
}
