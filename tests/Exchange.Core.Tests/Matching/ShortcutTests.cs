using Exchange.Core.Matching;
using Exchange.Core.Registry;
using Exchange.Synthetic;

namespace Exchange.Core.Tests.Matching;

/// <summary>
/// The matcher stops asking candidate sources once the decision cannot change (DecisionTable.Settles,
/// an automatic match that later sources cannot reach): on every profile's noise, that gives exactly
/// what asking every source gives.
/// </summary>
public class ShortcutTests
{
    public static TheoryData<string> Profiles => [.. SyntheticProfile.All.Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Stopping_early_gives_what_asking_every_source_gives(string profileName)
    {
        var options = SyntheticProfile.Named(profileName).With(seed: 17, submittedCount: 4_000, registrySize: 40_000);
        var data = SyntheticGenerator.Generate(options);
        var index = RegistryIndex.Build(data.Registry.Select(RegistryMapping.ToRegistryParticipant));
        var compared = 0;
        foreach (var labelled in data.Submitted.Where(r => !r.Truth.IsInvalid))
        {
            var subject = RegistryMapping.ToMatchSubject(labelled.Record);

            var quick = Matcher.Match(subject, index, ReviewedPairs.Empty, options.AsOf, exhaustive: false);
            var full = Matcher.Match(subject, index, ReviewedPairs.Empty, options.AsOf, exhaustive: true);

            Assert.True(Decision(quick) == Decision(full), $"{profileName} seed 17, {labelled.Truth.Noise}: {Decision(quick)} against {Decision(full)}");
            compared++;
        }
        Assert.True(compared > 3_000, $"{profileName}: only {compared} records");
    }

    // Everything a decision says; the count of one-edit rivals is left out, as a settled match never looks for them.
    private static string Decision(MatchResult result) =>
        $"{result.Outcome} {result.Segment} {result.Score} [{string.Join(",", result.Reasons)}] {result.ParticipantNik} " +
        $"{result.Explanation.Rung} blocked={result.Explanation.BlockedByRivals} {result.Explanation.Vector}";
}
