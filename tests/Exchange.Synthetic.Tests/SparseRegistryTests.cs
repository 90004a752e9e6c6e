using Exchange.Synthetic;

namespace Exchange.Synthetic.Tests;

public sealed class SparseRegistryTests
{
    [Fact]
    public void Bpjs_knows_few_members_kelurahan_and_more_of_those_are_stale()
    {
        var profile = SyntheticProfile.SparseRegistry.Options;
        var data = ProfileSets.Of(SyntheticProfile.SparseRegistry);
        var registry = data.Registry.ToDictionary(p => p.Nik, StringComparer.Ordinal);
        var members = data.Submitted.Where(r => r.Truth.ParticipantNik is not null)
            .Select(r => (Lives: r.Truth.Person.KelurahanCode, OnFile: registry[r.Truth.ParticipantNik!].KelurahanCode))
            .ToList();
        var onFile = members.Where(m => m.OnFile.Length > 0).ToList();
        var known = onFile.Count / (double)members.Count;
        var stale = onFile.Count(m => m.OnFile != m.Lives) / (double)onFile.Count;

        Assert.InRange(known, profile.MemberAddresses.Known - 4 * Sd(0.1, members.Count), profile.MemberAddresses.Known + 4 * Sd(0.1, members.Count));
        var staleShare = profile.MemberAddresses.Stale / profile.MemberAddresses.Known;
        Assert.InRange(stale, staleShare - 4 * Sd(staleShare, onFile.Count), staleShare + 4 * Sd(staleShare, onFile.Count));
        Assert.True(staleShare > 3 * SyntheticProfile.Bogor.Options.MemberAddresses.Stale / SyntheticProfile.Bogor.Options.MemberAddresses.Known);
    }

    [Fact]
    public void Bpjs_knows_the_kelurahan_of_few_participants_never_submitted_either()
    {
        var options = SyntheticProfile.SparseRegistry.Options;
        var data = ProfileSets.Of(SyntheticProfile.SparseRegistry);
        var members = data.Submitted.Count(r => r.Truth.ParticipantNik is not null);
        var expected = (members * options.MemberAddresses.Known + (data.Registry.Count - members) * options.OtherAddresses.Known) / data.Registry.Count;

        var known = data.Registry.Count(p => p.KelurahanCode.Length > 0) / (double)data.Registry.Count;

        Assert.InRange(known, expected - 4 * Sd(expected, data.Registry.Count), expected + 4 * Sd(expected, data.Registry.Count));
        Assert.True(known < 0.1, $"{known:F3} of the registry has a kelurahan");
    }

    [Theory]
    [InlineData(NoiseKinds.NikDigitTypo)]
    [InlineData(NoiseKinds.NikAdjacentSwap)]
    [InlineData(NoiseKinds.NikBirthDateDigits)]
    public void Nik_noise_comes_at_its_configured_rate(NoiseKinds kind)
    {
        var share = ProfileSets.Of(SyntheticProfile.SparseRegistry).Submitted.Count(r => r.Truth.Noise.HasFlag(kind)) / (double)ProfileSets.SubmittedCount;
        var rate = SyntheticProfile.SparseRegistry.Options.Noise.RateOf(kind);

        Assert.InRange(share, rate - 4 * Sd(rate, ProfileSets.SubmittedCount) - 0.005, rate + 4 * Sd(rate, ProfileSets.SubmittedCount));
    }

    private static double Sd(double p, int n) => Math.Sqrt(p * (1 - p) / n);
}
