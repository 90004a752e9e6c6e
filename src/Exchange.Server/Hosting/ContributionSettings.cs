using Exchange.Core.Contributions;

namespace Exchange.Server.Hosting;

/// <summary>The section <see cref="ContributionOptions.Section"/>, read once at start: rates or a rule that are wrong refuse the start.</summary>
public static class ContributionSettings
{
    /// <exception cref="GatewayStartRefusedException">
    /// The section does not bind (a misspelt key, a value of the wrong type), or <see cref="ContributionOptions.Problems"/> finds something.
    /// </exception>
    public static ContributionOptions Read(IConfiguration configuration)
    {
        ContributionOptions options;
        try
        {
            // Strict: otherwise a misspelt key, or a list item the binder cannot convert (a date that is not one, an occupation the
            // gateway does not know), is dropped without a word and the budget is priced on defaults nobody configured.
            options = configuration.GetSection(ContributionOptions.Section).Get<ContributionOptions>(binder => binder.ErrorOnUnknownConfiguration = true)
                ?? new ContributionOptions();
        }
        catch (InvalidOperationException e)
        {
            throw new GatewayStartRefusedException($"{ContributionOptions.Section} cannot be read: {e.InnerException?.Message ?? e.Message}");
        }
        return options.Problems() is { Count: > 0 } problems
            ? throw new GatewayStartRefusedException($"{ContributionOptions.Section} is not valid: {string.Join("; ", problems)}.")
            : options;
    }
}
