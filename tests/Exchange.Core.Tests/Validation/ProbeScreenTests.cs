using Exchange.Core.Batches;
using Exchange.Core.Matching;
using Exchange.Core.Validation;
using Exchange.Synthetic;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Tests.Validation;

/// <summary>
/// The membership-probe screen (issue 7): a sweep over a NIK's neighbours and a flood of possible matches are
/// flagged; real submissions, in file order or sorted by NIK, and small batches are not.
/// </summary>
public sealed class ProbeScreenTests
{
    private static readonly ProbeScreeningRules Rules = new();

    private static readonly RecordVerdict NotRegistered = new([], MatchOutcome.NotRegistered, Segment.Unspecified, 0, []);

    private static readonly RecordVerdict PossibleMatch = new([], MatchOutcome.PossibleMatch, Segment.Unspecified, 0, []);

    private static readonly RecordVerdict Active = new([], MatchOutcome.Active, Segment.Pu, 0, []);

    private static WorkerRecord Worker(string nik) => new() { Nik = nik };

    private static ProbeSuspicion? Screen(IEnumerable<(string Nik, RecordVerdict Verdict)> records)
    {
        var screen = new ProbeScreen(Rules);
        foreach (var (nik, verdict) in records)
        {
            screen.Add(Worker(nik), verdict);
        }
        return screen.Conclude();
    }

    private static List<string> NeighboursOf(string nik)
    {
        Assert.True(NikNumber.TryParsePacked(nik, out var packed));
        var neighbours = new long[NikNumber.MaxNeighbours];
        return [.. neighbours[..NikNumber.Neighbours(packed, neighbours)].Select(NikNumber.FormatPacked)];
    }

    [Fact]
    public void The_neighbours_of_a_nik_are_flagged_whatever_they_matched()
    {
        var sweep = NeighboursOf("3271011705850012");
        Assert.InRange(sweep.Count, 120, 144);

        // One registered neighbour among them, the rest not registered: the shares are normal, the shape is not.
        var suspicion = Screen(sweep.Select((nik, i) => (nik, i == 7 ? PossibleMatch : NotRegistered)));

        Assert.NotNull(suspicion);
        Assert.Equal((sweep.Count, 1L), (suspicion.Records, suspicion.PossibleMatches));
        Assert.True(suspicion.MostAroundOneNik >= Rules.RecordsAroundOneNik, suspicion.Describe());
        Assert.StartsWith(ProbeSuspicion.Marker, suspicion.Describe(), StringComparison.Ordinal);
        Assert.DoesNotMatch("[0-9]{16}", suspicion.Describe());
    }

    [Fact]
    public void A_sweep_hidden_among_real_records_and_small_chunks_is_still_flagged()
    {
        var real = SyntheticGenerator.Generate(SyntheticProfile.Bogor.Options with { SubmittedCount = 400, RegistrySize = 4000 })
            .Submitted.Select(s => s.Record.Nik).Where(n => NikNumber.TryParsePacked(n, out _)).Distinct().ToList();
        var sweep = NeighboursOf("3271011705850012");
        var mixed = real.Take(200).Concat(sweep).Concat(real.Skip(200)).Select(nik => (nik, NotRegistered));

        Assert.NotNull(Screen(mixed));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Real_submissions_are_not_flagged_in_file_order_or_sorted_by_nik(bool sorted)
    {
        var data = SyntheticGenerator.Generate(SyntheticProfile.Bogor.Options with { SubmittedCount = 20_000, RegistrySize = 200_000 });
        var niks = data.Submitted.Select(s => s.Record.Nik).Where(n => NikNumber.TryParsePacked(n, out _)).Distinct().ToList();
        if (sorted)
        {
            niks.Sort(StringComparer.Ordinal);
        }

        // Possible matches at three times the benchmark's rate: still normal.
        var suspicion = Screen(niks.Select((nik, i) => (nik, i % 11 == 0 ? PossibleMatch : i % 2 == 0 ? Active : NotRegistered)));

        Assert.Null(suspicion);
    }

    [Fact]
    public void Far_more_possible_matches_than_normal_are_flagged_once_the_batch_is_large_enough()
    {
        // Distinct regions and dates: nothing around one NIK, only the share of possible matches stands out.
        static string Nik(int i) => Workers.Nik(i % 9000 + 1, new DateOnly(1970, 1, 1).AddDays(i), region: $"3271{i % 6 + 1:00}");
        static RecordVerdict Verdict(int i) => i % 4 == 0 ? PossibleMatch : NotRegistered;

        var small = Enumerable.Range(0, Rules.MinimumRecords - 1).Select(i => (Nik(i), Verdict(i)));
        var large = Enumerable.Range(0, Rules.MinimumRecords).Select(i => (Nik(i), Verdict(i)));

        Assert.Null(Screen(small));
        var suspicion = Screen(large);
        Assert.NotNull(suspicion);
        Assert.Equal(((long)Rules.MinimumRecords, (long)Rules.MinimumRecords / 4), (suspicion.Records, suspicion.PossibleMatches));
    }

    [Fact]
    public void Rejected_records_tell_nothing_and_are_not_counted()
    {
        var rejected = new RecordVerdict([Finding.Error("nik", ViolationCodes.NikMalformed)], MatchOutcome.Unspecified, Segment.Unspecified, 0, []);

        var suspicion = Screen(NeighboursOf("3271011705850012").Select(nik => (nik, rejected)));

        Assert.Null(suspicion);
    }
}
