using System.Globalization;
using Exchange.Synthetic;
using Jamsostek.Exchange.V1;

namespace Exchange.Synthetic.Tests;

public sealed class RegistryTests(SyntheticSet set) : IClassFixture<SyntheticSet>
{
    [Fact]
    public void Registry_has_the_configured_size()
    {
        Assert.Equal(SyntheticSet.Options.RegistrySize, set.Registry.Count);
        Assert.Equal(SyntheticSet.Options.RegistrySize, set.Data.Registry.Count);
        Assert.Equal(SyntheticSet.Options.SubmittedCount, set.Data.Submitted.Count);
    }

    [Fact]
    public void Standings_of_submitted_people_match_the_configured_shares()
    {
        var shares = SyntheticSet.Options.Shares;
        var count = (MatchOutcome outcome) => set.Data.Submitted.Count(r => r.Truth.ExpectedOutcome == outcome);
        var n = set.Data.Submitted.Count;

        Assert.InRange(count(MatchOutcome.Active), n * shares.Active - 1, n * shares.Active + 1);
        Assert.InRange(count(MatchOutcome.Grace), n * shares.Grace - 1, n * shares.Grace + 1);
        Assert.InRange(count(MatchOutcome.Lapsed), n * shares.Lapsed - 1, n * shares.Lapsed + 1);
        Assert.InRange(count(MatchOutcome.Deceased), n * shares.Deceased - 1, n * shares.Deceased + 1);
        Assert.True(count(MatchOutcome.Deceased) > 0);
        Assert.InRange(count(MatchOutcome.NotRegistered), n * shares.Absent - 2, n * shares.Absent + 2);
    }

    [Fact]
    public void Custom_shares_are_honoured()
    {
        var data = SyntheticGenerator.Generate(SyntheticSet.Options with
        {
            SubmittedCount = 1_000, RegistrySize = 2_000, Shares = new RegistryShares(Active: 0.5, Grace: 0.15, Lapsed: 0.3, Deceased: 0.05),
        });

        Assert.Equal(500, data.Submitted.Count(r => r.Truth.ExpectedOutcome == MatchOutcome.Active));
        Assert.Equal(150, data.Submitted.Count(r => r.Truth.ExpectedOutcome == MatchOutcome.Grace));
        Assert.Equal(300, data.Submitted.Count(r => r.Truth.ExpectedOutcome == MatchOutcome.Lapsed));
        Assert.Equal(50, data.Submitted.Count(r => r.Truth.ExpectedOutcome == MatchOutcome.Deceased));
        Assert.Equal(2_000, data.Registry.Count);
    }

    [Fact]
    public void Ground_truth_points_at_a_participant_with_that_standing()
    {
        var asOf = Month(SyntheticSet.Options.AsOf);
        foreach (var (_, truth) in set.Data.Submitted)
        {
            if (truth.ExpectedOutcome == MatchOutcome.NotRegistered)
            {
                Assert.Null(truth.ParticipantNik);
                Assert.Equal(Segment.Unspecified, truth.ExpectedSegment);
                Assert.False(set.RegistryByNik.ContainsKey(truth.Person.Nik));
                continue;
            }
            Assert.Equal(truth.Person.Nik, truth.ParticipantNik);
            var participant = set.RegistryByNik[truth.ParticipantNik!];
            var monthsUnpaid = asOf - Month(participant.LastPaidMonth);
            switch (truth.ExpectedOutcome)
            {
                case MatchOutcome.Active:
                    Assert.Equal(ParticipantStatus.Active, participant.Status);
                    Assert.True(monthsUnpaid <= 0, $"ACTIVE but {monthsUnpaid} months unpaid");
                    break;
                case MatchOutcome.Grace:
                    Assert.Equal(ParticipantStatus.Active, participant.Status);
                    Assert.InRange(monthsUnpaid, 1, 3);
                    break;
                case MatchOutcome.Lapsed:
                    Assert.Equal(ParticipantStatus.Ended, participant.Status);
                    Assert.True(monthsUnpaid > 3);
                    break;
                case MatchOutcome.Deceased:
                    Assert.Equal(ParticipantStatus.Deceased, participant.Status);
                    break;
                default:
                    Assert.Fail($"Unexpected outcome {truth.ExpectedOutcome}");
                    break;
            }
            Assert.Equal(truth.ExpectedSegment, participant.Segment);
            Assert.NotEqual(Segment.Unspecified, participant.Segment);
            Assert.Equal(truth.Person.FullName.ToUpperInvariant(), participant.FullName);
            Assert.Equal(truth.Person.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), participant.BirthDate);
            Assert.Equal(truth.Person.Sex, participant.Sex);
        }
    }

    [Fact]
    public void Registry_holds_every_segment_and_status()
    {
        Assert.All(Enum.GetValues<Segment>().Where(s => s != Segment.Unspecified),
            segment => Assert.Contains(set.Registry, p => p.Segment == segment));
        Assert.Contains(set.Registry, p => p.Status == ParticipantStatus.Active);
        Assert.Contains(set.Registry, p => p.Status == ParticipantStatus.Ended);
        Assert.Contains(set.Registry, p => p.Status == ParticipantStatus.Deceased);
        Assert.Contains(set.Registry, p => p.KelurahanCode.Length == 0);
    }

    [Fact]
    public void Member_addresses_on_file_are_current_stale_or_missing_in_the_configured_shares()
    {
        var addresses = SyntheticSet.Options.MemberAddresses;
        var members = set.Data.Submitted.Where(r => r.Truth.ParticipantNik is not null)
            .Select(r => (Lives: r.Truth.Person.KelurahanCode, OnFile: set.RegistryByNik[r.Truth.ParticipantNik!].KelurahanCode))
            .ToList();
        var share = (Func<(string Lives, string OnFile), bool> match) => members.Count(match) / (double)members.Count;
        var tolerance = 4 * Math.Sqrt(0.25 / members.Count);

        Assert.InRange(share(m => m.OnFile.Length > 0), addresses.Known - tolerance, addresses.Known + tolerance);
        Assert.InRange(share(m => m.OnFile.Length > 0 && m.OnFile != m.Lives), addresses.Stale - tolerance, addresses.Stale + tolerance);
    }

    private static int Month(DateOnly date) => date.Year * 12 + date.Month - 1;

    private static int Month(string yearMonth)
    {
        var date = DateOnly.ParseExact(yearMonth + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Month(date);
    }
}
