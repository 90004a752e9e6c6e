using Exchange.Core.Matching;
using Exchange.Core.Names;
using Jamsostek.Exchange.V1;
using static Exchange.Core.Tests.Matching.Registry;

namespace Exchange.Core.Tests.Matching;

/// <summary>Every row of the decision table, each with a worker and a registry that land on it.</summary>
public class DecisionTableTests
{
    // Male, born 21 July 1985, first registered in Bogor Selatan.
    private const string AsepNik = "3271012107850001";
    private static readonly RegistryParticipant Asep = Participant(AsepNik, "Asep Saepudin", "1985-07-21");

    private static readonly RegistryParticipant SingleName = Participant(AsepNik, "Asep", "1985-07-21");

    // A rarer name: one NIK edit away it clears the automatic threshold.
    private static readonly RegistryParticipant Rare = Participant("3271012107850021", "Asep Saepudin Wiranatakusumah", "1985-07-21");

    /// <summary>Row name → (registry, worker, reviewed pairs, outcome expected).</summary>
    public static readonly Dictionary<string, Func<(RegistryParticipant[] Registry, MatchSubject Worker, ReviewDecision Reviewed, MatchOutcome Outcome)>> Cases = new()
    {
        ["REVIEWED_SAME_PERSON"] = () => ([Asep], Worker("3201234508920007", "Asep Saepudin", "1985-07-21"), ReviewDecision.SamePerson, MatchOutcome.Active),
        ["REVIEWED_DIFFERENT_PERSON"] = () => ([Asep], Worker("3201234508920007", "Asep Saepudin", "1985-07-21"), ReviewDecision.DifferentPerson, MatchOutcome.NotRegistered),
        ["EXACT_NIK"] = () => ([Asep], Worker(AsepNik, "H. Asep Saepudin", "1985-07-21"), default, MatchOutcome.Active),
        ["EXACT_NIK_CORROBORATED"] = () => ([Asep], Worker(AsepNik, "Asep", null), default, MatchOutcome.Active),
        ["EXACT_NIK_UNCONFIRMED"] = () => ([Asep], Worker(AsepNik, "Ujang Sutisna", "1990-01-02"), default, MatchOutcome.PossibleMatch),
        ["ONE_EDIT_NIK"] = () => ([Rare], Worker("3271012107850027", "Asep Saepudin Wiranatakusumah", "1985-07-21"), default, MatchOutcome.Active),
        // The serial mistyped, a common name, BPJS has another kelurahan: below every threshold, still a member.
        ["ONE_EDIT_NIK_REVIEW"] = () => ([SingleName], Worker("3271012107850004", "Asep", "1985-07-21", kelurahan: "32.71.05.1001"), default, MatchOutcome.PossibleMatch),
        ["NAME_BIRTH_DATE_KELURAHAN"] = () => ([Participant("3271064402880013", "Euis", "1988-02-04", Sex.Female)],
            Worker("3271060402880006", "Euis", "1988-02-04", Sex.Female), default, MatchOutcome.PossibleMatch),
        ["EVIDENCE"] = () => ([Participant("3271012107850001", "Asep Saepudin Wiranatakusumah", "1985-07-21", kelurahan: null)],
            Worker("3201234508920007", "Asep Saepudin Wiranatakusumah", "1985-07-21"), default, MatchOutcome.PossibleMatch),
        ["NOT_ENOUGH"] = () => ([Participant("3271011203850002", "Asep", "1985-03-12")], Worker("3271010107900005", "Asep", "1990-07-01"), default, MatchOutcome.NotRegistered),
    };

    public static TheoryData<string> RowNames() => [.. DecisionTable.Rows.Select(row => row.Name)];

    [Fact]
    public void Every_row_has_a_case() => Assert.Equal(DecisionTable.Rows.Select(r => r.Name).Order(), Cases.Keys.Order());

    [Theory]
    [MemberData(nameof(RowNames))]
    public void Each_row_decides_its_case(string row)
    {
        var (registry, worker, reviewed, outcome) = Cases[row]();
        var index = Index(registry);
        var pairs = reviewed == ReviewDecision.Unspecified
            ? ReviewedPairs.Empty
            : ReviewedPairs.Of([new ReviewedPair(WorkerIdentity.Of(worker), registry[0].Nik, index.IdentityOf(registry[0].Nik)!, reviewed)]);

        var result = Matcher.Match(worker, index, pairs, Today);

        Assert.Equal(outcome, result.Outcome);
        // A row that turns its candidate down leaves the worker without one.
        var expectedRung = DecisionTable.Rows.Single(r => r.Name == row).Proposal == Proposal.None ? DecisionTable.NoCandidate : row;
        Assert.Equal(expectedRung, result.Explanation.Rung);
    }

    [Fact]
    public void An_automatic_row_blocked_by_a_rival_goes_to_review_and_says_so()
    {
        // The worker's NIK is Kurniawan's, only part of the name agrees; Yusuf Hidayat, born the same day, is one digit away.
        var kurniawan = Participant("3271020608890002", "Yusuf Hidayat Kurniawan", "1989-08-06");
        var hidayat = Participant("3271020608890001", "Yusuf Hidayat", "1989-08-06");

        var result = Match(Worker("3271020608890002", "Yusuf Hidayat", "1989-08-06", kelurahan: null), kurniawan, hidayat);

        Assert.Equal(MatchOutcome.PossibleMatch, result.Outcome);
        Assert.Equal(1, result.Explanation.OneEditCandidates);
    }

    [Fact]
    public void The_explanation_adds_up_to_the_score()
    {
        var result = Match(Worker("3271012107850004", "Asep", "1985-07-21", kelurahan: "32.71.05.1001"), SingleName);

        var explanation = result.Explanation;
        Assert.Equal((NikLevel.OneEditInSerial, NameAgreement.Exact, BirthDateLevel.AsNiksSay, SexLevel.AsNiksSay, KelurahanLevel.Disagree),
            (explanation.Vector.Nik, explanation.Vector.Name, explanation.Vector.BirthDate, explanation.Vector.Sex, explanation.Vector.Kelurahan));
        Assert.Equal(0, explanation.Weights.BirthDate);
        Assert.Equal(MatchModel.Weight(NikLevel.OneEditInSerial), explanation.Weights.Nik);
        Assert.Equal(result.Score, Math.Round(explanation.Score, 2));
        Assert.True(explanation.Score < MatchModel.ReviewThreshold, "the case must lie below every threshold to show the recall rule");
    }

    [Fact]
    public void Pruning_bounds_turn_down_only_what_the_table_turns_down()
    {
        // Any other levels, any exact name weight: below the bound no row proposes, at or above it one does.
        var random = new Random(42);
        for (var i = 0; i < 20_000; i++)
        {
            var nik = (NikLevel)random.Next(Enum.GetValues<NikLevel>().Length);
            var birthDate = (BirthDateLevel)random.Next(5);
            var sex = (SexLevel)random.Next(4);
            var kelurahan = (KelurahanLevel)random.Next(3);
            var frequency = Math.Pow(10, -7 * random.NextDouble());
            var vector = new ComparisonVector(nik, NameAgreement.Exact, frequency, birthDate, sex, kelurahan);
            var proposes = DecisionTable.Rows[DecisionTable.RowOf(new CandidateFacts(vector, ReviewDecision.Unspecified))].Proposal != Proposal.None;
            Assert.True(proposes == DecisionTable.MayPropose(nik, birthDate, sex, kelurahan, frequency),
                $"seed 42, case {i}: {vector} proposes {proposes}, bound {DecisionTable.LeastNameWeight(nik, birthDate, sex, kelurahan)}");
        }
    }

    [Fact]
    public void Every_level_of_every_field_has_its_probabilities_and_reason()
    {
        var levels = new (MatchField Field, Type Levels)[]
        {
            (MatchField.Nik, typeof(NikLevel)), (MatchField.Name, typeof(NameAgreement)), (MatchField.BirthDate, typeof(BirthDateLevel)),
            (MatchField.Sex, typeof(SexLevel)), (MatchField.Kelurahan, typeof(KelurahanLevel)),
        };
        foreach (var (field, type) in levels)
        {
            foreach (var value in Enum.GetValues(type).Cast<object>().Select(Convert.ToInt32))
            {
                if (value == 0)
                {
                    continue; // Missing weighs nothing.
                }
                var level = Assert.Single(MatchModel.Levels, l => l.Field == field && l.Value == value);
                Assert.False(string.IsNullOrWhiteSpace(level.Source));
                Assert.InRange(level.M, 0, 1);
            }
        }
    }

    // The matcher stops after the NIK-near sources (exact, one edit, re-dated) once an automatic match
    // stands: that holds only while no other NIK level reaches an automatic row.
    [Fact]
    public void Only_a_NIK_near_the_workers_reaches_an_automatic_row_without_a_decision_by_BPJS()
    {
        NikLevel[] near = [NikLevel.OneEditInSerial, NikLevel.OneEdit, NikLevel.OtherDateDigits, NikLevel.Exact];
        var reached = new HashSet<NikLevel>();
        foreach (var nik in Enum.GetValues<NikLevel>())
        foreach (var name in Enum.GetValues<NameAgreement>())
        foreach (var frequency in new[] { 1e-7, 1e-4, 1e-2, 0.5 })
        foreach (var birthDate in Enum.GetValues<BirthDateLevel>())
        foreach (var sex in Enum.GetValues<SexLevel>())
        foreach (var kelurahan in Enum.GetValues<KelurahanLevel>())
        {
            var facts = new CandidateFacts(new ComparisonVector(nik, name, frequency, birthDate, sex, kelurahan), ReviewDecision.Unspecified);
            if (DecisionTable.Rows[DecisionTable.RowOf(facts)].Proposal == Proposal.Automatic)
            {
                reached.Add(nik);
            }
        }
        Assert.Equal(near, reached.Order().ToArray());
    }
}
