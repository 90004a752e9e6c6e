using Exchange.Core.Matching;
using Jamsostek.Exchange.V1;
using static Exchange.Core.Tests.Matching.Registry;

namespace Exchange.Core.Tests.Matching;

public class DeterminismTests
{
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Registry_order_does_not_change_any_result(int shuffleSeed)
    {
        var participants = SyntheticRegistry.Generate(2_000, seed: 7);
        var workers = SyntheticRegistry.NoisyWorkers(participants, seed: 8).Take(500).ToList();
        var order = new Random(shuffleSeed);
        var shuffled = participants.OrderBy(_ => order.Next()).ToList();

        var first = RegistryIndex.Build(participants);
        var second = RegistryIndex.Build(shuffled);

        foreach (var worker in workers)
        {
            var a = Matcher.Match(worker, first, Today);
            var b = Matcher.Match(worker, second, Today);
            Assert.Equal((a.Outcome, a.Segment, a.Score, a.ParticipantNik), (b.Outcome, b.Segment, b.Score, b.ParticipantNik));
            Assert.Equal(a.Reasons, b.Reasons);
        }
    }

    [Fact]
    public void Matching_twice_gives_the_same_result()
    {
        var index = Index(Participant("3271012107850001", "Asep Saepudin", "1985-07-21"));
        var worker = Worker("3271012107850004", "Asep Saefudin", "1985-07-21");

        Assert.Equal(Matcher.Match(worker, index, Today), Matcher.Match(worker, index, Today));
    }

    [Fact]
    public void Equal_candidates_are_broken_by_nik_order_whatever_the_registry_order()
    {
        var low = Participant("3271011203850002", "Asep", "1985-03-12");
        var high = Participant("3271021203850009", "Asep", "1985-03-12");
        var worker = Worker("3171051203850007", "Asep", "1985-03-12");

        Assert.Equal("3271011203850002", Match(worker, low, high).ParticipantNik);
        Assert.Equal("3271011203850002", Match(worker, high, low).ParticipantNik);
    }

    [Fact]
    public void Matching_is_thread_safe()
    {
        var participants = SyntheticRegistry.Generate(2_000, seed: 11);
        var index = RegistryIndex.Build(participants);
        var workers = SyntheticRegistry.NoisyWorkers(participants, seed: 12).Take(1_000).ToArray();
        var expected = workers.Select(worker => Matcher.Match(worker, index, Today)).ToArray();

        var parallel = new MatchResult[workers.Length];
        Parallel.For(0, workers.Length, i => parallel[i] = Matcher.Match(workers[i], index, Today));

        Assert.Equal(expected.Select(r => (r.Outcome, r.ParticipantNik)), parallel.Select(r => (r.Outcome, r.ParticipantNik)));
    }

    [Fact]
    public void Only_matches_carry_a_segment() =>
        Assert.Equal(Segment.Unspecified, Match(Worker("3171011203850004", "Asep", "1985-03-12"), Participant("3271011203850002", "Asep", "1985-03-12")).Segment);
}
