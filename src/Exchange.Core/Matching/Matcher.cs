using System.Collections.ObjectModel;
using Exchange.Core.Names;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Matching;

/// <summary>
/// Matches an accepted worker against the registry, as one model (docs/architecture.md): the
/// <see cref="CandidateSources"/> offer candidates, each gets a <see cref="ComparisonVector"/> weighed
/// by <see cref="MatchModel"/>, and <see cref="DecisionTable"/> decides. Thread-safe and
/// allocation-free on the common path; the same index, decisions, subject and day always give the
/// same result.
/// </summary>
public static class Matcher
{
    // Every bit set: every word of a name, for RegistryIndex.NameFrequency.
    private const int AllWords = -1;

    // Participants BPJS decided on for one worker that a match applies.
    private const int MaxReviewedParticipants = 8;

    private static readonly IReadOnlyList<MatchReason> NoCandidate = Array.AsReadOnly([MatchReason.NoCandidate]);

    private static readonly ReadOnlyCollection<MatchReason>[] ReasonSets = BuildReasonSets();

    // Whether a NIK this far off can lead anywhere with a name that does not even partly agree.
    private static readonly bool[] ProposesWithoutAName = BuildProposesWithoutAName();

    public static MatchResult Match(MatchSubject subject, RegistryIndex index, DateOnly today) =>
        Match(subject, index, ReviewedPairs.Empty, today);

    public static MatchResult Match(MatchSubject subject, RegistryIndex index, ReviewedPairs reviewed, DateOnly today) =>
        Match(subject, index, reviewed, today, exhaustive: false);

    /// <param name="exhaustive">Ask every source, skipping none: what the shortcuts must agree with.</param>
    internal static MatchResult Match(MatchSubject subject, RegistryIndex index, ReviewedPairs reviewed, DateOnly today, bool exhaustive)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(reviewed);
        var nameBuffer = new NameTokenBuffer();
        var candidateBuffer = new NameTokenBuffer();
        ReadOnlySpan<NameToken> words = ((Span<NameToken>)nameBuffer)[..index.Words.Read(subject.FullName ?? "", nameBuffer)];
        var probe = new Probe(subject, index, words);
        var weigher = new Weigher(index, probe, words, candidateBuffer, stackalloc Candidate[DecisionTable.Rows.Count], stackalloc int[MaxReviewedParticipants]);

        OfferReviewed(subject, reviewed, index, probe, words, ref weigher);
        CandidateSources.ExactNik(index, probe, ref weigher);
        // Most members end here: their own NIK and name (DecisionTable.Settles).
        if (weigher.IsSettled && !exhaustive)
        {
            return weigher.Decide(subject, today);
        }
        CandidateSources.OneEditNik(index, probe, ref weigher);
        CandidateSources.RedatedNik(index, probe, ref weigher);
        // The sources below offer no NIK near the worker's (the same, one edit away, re-dated), and
        // only such NIKs reach automatic or one-edit rows: an automatic match standing now is the match.
        if (weigher.StandingAutomatic >= 0 && !exhaustive)
        {
            return weigher.Decide(subject, today);
        }
        CandidateSources.SwappedDateNik(index, probe, ref weigher);
        CandidateSources.BirthDateAndNameWord(index, probe, ref weigher);
        return weigher.Decide(subject, today);
    }

    /// <summary>
    /// The worker against one participant, whatever the sources would have offered: the comparison
    /// vector and the row it reaches on its own (no rivals, no BPJS decision). Null when the registry
    /// has no such participant. For explaining why someone was or was not proposed.
    /// </summary>
    public static (ComparisonVector Vector, string Rung)? Compare(MatchSubject subject, RegistryIndex index, string participantNik)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (!NikNumber.TryParsePacked(participantNik, out var nik) || index.Find(nik) is not (var position and >= 0))
        {
            return null;
        }
        var nameBuffer = new NameTokenBuffer();
        var candidateBuffer = new NameTokenBuffer();
        ReadOnlySpan<NameToken> words = ((Span<NameToken>)nameBuffer)[..index.Words.Read(subject.FullName ?? "", nameBuffer)];
        var weigher = new Weigher(index, new Probe(subject, index, words), words, candidateBuffer,
            stackalloc Candidate[DecisionTable.Rows.Count], stackalloc int[MaxReviewedParticipants]);
        var vector = weigher.Vector(position);
        return (vector, DecisionTable.Rows[DecisionTable.RowOf(new CandidateFacts(vector, ReviewDecision.Unspecified))].Name);
    }

    /// <summary>
    /// Whether the participant with this packed NIK, weighed against the worker on their own (no BPJS
    /// decision), reaches a row that proposes anything: only such a participant can be the worker's
    /// match or a rival to it, whatever source offers them. False when the registry lacks them.
    /// </summary>
    internal static bool MayConcern(MatchSubject subject, RegistryIndex index, long participantNik)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.Find(participantNik) is not (var position and >= 0))
        {
            return false;
        }
        var nameBuffer = new NameTokenBuffer();
        var candidateBuffer = new NameTokenBuffer();
        ReadOnlySpan<NameToken> words = ((Span<NameToken>)nameBuffer)[..index.Words.Read(subject.FullName ?? "", nameBuffer)];
        var weigher = new Weigher(index, new Probe(subject, index, words), words, candidateBuffer,
            stackalloc Candidate[DecisionTable.Rows.Count], stackalloc int[MaxReviewedParticipants]);
        return weigher.Proposes(position);
    }

    /// <summary>
    /// The participants BPJS decided on for this very worker (same NIK, name and birth date), while
    /// their identity is as it was then: the first candidate source.
    /// </summary>
    private static void OfferReviewed(MatchSubject subject, ReviewedPairs reviewed, RegistryIndex index, in Probe probe,
        ReadOnlySpan<NameToken> words, ref Weigher weigher)
    {
        if (!probe.HasNik)
        {
            return;
        }
        var pairs = reviewed.For(probe.Nik);
        if (pairs.IsEmpty)
        {
            return;
        }
        var worker = new WorkerIdentity(subject.Nik, Join(words), WorkerIdentity.Date(subject.BirthDate));
        foreach (var pair in pairs)
        {
            if (pair.Worker == worker && NikNumber.TryParsePacked(pair.ParticipantNik, out var nik)
                && index.Find(nik) is var position and >= 0 && index.IdentityOf(position) == pair.ParticipantIdentity)
            {
                weigher.OfferReviewed(position, pair.Decision);
            }
        }
    }

    private static string Join(ReadOnlySpan<NameToken> words)
    {
        var texts = new string[words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            texts[i] = words[i].Text;
        }
        return string.Join(' ', texts);
    }

    /// <summary>One weighed candidate: where it sits, its vector and score, the row it took.</summary>
    /// <remarks>The default value is no candidate, so a fresh buffer of them needs no filling.</remarks>
    private readonly record struct Candidate(int PositionPlusOne, long ParticipantNik, ComparisonVector Vector, double Score, int Row, bool Reviewed)
    {
        public static Candidate None => default;

        public bool Exists => PositionPlusOne > 0;

        public int Position => PositionPlusOne - 1;

        // Higher score first, then the lower NIK: the order of the registry never matters.
        public bool IsBetterThan(Candidate other) =>
            Exists && (!other.Exists || Score > other.Score || (Score == other.Score && ParticipantNik < other.ParticipantNik));
    }

    /// <summary>
    /// Weighs every candidate the sources offer and keeps, per decision row, the best candidate on it
    /// and how many stood on the one-edit rows: all the decision needs, whatever order they came in.
    /// </summary>
    private ref struct Weigher : ICandidateSink
    {
        private readonly RegistryIndex _index;
        private readonly Probe _probe;
        private readonly ReadOnlySpan<NameToken> _words;
        private readonly Span<NameToken> _candidateWords;
        private readonly Span<Candidate> _bestByRow;
        private int _oneEditCandidates;
        // Participants offered with BPJS's decision: no other source offers them again.
        private readonly Span<int> _reviewed;
        private int _reviewedCount;

        public Weigher(RegistryIndex index, in Probe probe, ReadOnlySpan<NameToken> words, Span<NameToken> candidateWords,
            Span<Candidate> bestByRow, Span<int> reviewed)
        {
            _index = index;
            _probe = probe;
            _words = words;
            _candidateWords = candidateWords;
            _bestByRow = bestByRow;
            _reviewed = reviewed;
        }

        /// <summary>A participant BPJS decided on for this worker; a worker with more decided participants than there is room for has the first ones applied.</summary>
        public void OfferReviewed(int position, ReviewDecision decision)
        {
            if (_reviewedCount < _reviewed.Length && !_reviewed[.._reviewedCount].Contains(position))
            {
                _reviewed[_reviewedCount++] = position;
                Weigh(position, decision, prune: false);
            }
        }

        public void Offer(int position)
        {
            if (_reviewedCount == 0 || !_reviewed[.._reviewedCount].Contains(position))
            {
                Weigh(position, ReviewDecision.Unspecified, prune: true);
            }
        }

        /// <summary>
        /// Compares one participant. A candidate that could not reach a proposal even with an exact
        /// name at its rarest is dropped before the names are compared (the cheap fields settle most
        /// of a birth-date block), and so is one none of whose words can agree when its NIK needs an
        /// agreeing name; both bounds come from the decision table.
        /// </summary>
        private void Weigh(int position, ReviewDecision reviewed, bool prune)
        {
            if (Vector(position, prune) is not { } vector)
            {
                return;
            }
            var participantNik = _index.NikAt(position);
            var row = DecisionTable.RowOf(new CandidateFacts(vector, reviewed));
            var rung = DecisionTable.Row(row);
            if (rung.Proposal == Proposal.None)
            {
                return;
            }
            _oneEditCandidates += rung.IsOneEdit ? 1 : 0;
            var candidate = new Candidate(position + 1, participantNik, vector, vector.Score, row, reviewed != ReviewDecision.Unspecified);
            if (candidate.IsBetterThan(_bestByRow[row]))
            {
                _bestByRow[row] = candidate;
            }
        }

        public readonly bool IsSettled
        {
            get
            {
                for (var row = 0; row < _bestByRow.Length; row++)
                {
                    if (_bestByRow[row].Exists)
                    {
                        return DecisionTable.Settles(row);
                    }
                }
                return false;
            }
        }

        public readonly ComparisonVector Vector(int position) => Vector(position, prune: false)!.Value;

        /// <summary>Whether the participant, with no BPJS decision, reaches a row that proposes anything: what <see cref="Weigh"/> keeps.</summary>
        public readonly bool Proposes(int position) =>
            Vector(position, prune: true) is { } vector
            && DecisionTable.Row(DecisionTable.RowOf(new CandidateFacts(vector, ReviewDecision.Unspecified))).Proposal != Proposal.None;

        // Null when pruned.
        private readonly ComparisonVector? Vector(int position, bool prune)
        {
            var index = _index;
            var (nik, birthDate, sex) = ComparisonVector.Identity(
                _probe.Nik, _probe.HasNik, _probe.BirthDateInNik, _probe.RedatedNik, _probe.BirthDay, _probe.Sex,
                index.NikAt(position), index.BirthDateInNikAt(position), index.BirthDayAt(position), index.SexAt(position));
            var kelurahan = ComparisonVector.CompareKelurahan(_probe.Kelurahan, index.KelurahanAt(position));
            if (prune)
            {
                var least = DecisionTable.LeastNameWeight(nik, birthDate, sex, kelurahan);
                if (!double.IsNegativeInfinity(least)
                    && MatchModel.Weight(NameAgreement.Exact, index.NameFrequency(position, AllWords)) < least)
                {
                    return null;
                }
            }
            var participantWords = _candidateWords[..index.ReadName(position, _candidateWords)];
            if (prune && !ProposesWithoutAName[(int)nik] && !NameComparer.MayAgree(_words, participantWords))
            {
                return null;
            }
            var name = NameComparer.Compare(_words, participantWords, out var agreeing).Agreement;
            return new ComparisonVector(nik, name, index.NameFrequency(position, agreeing), birthDate, sex, kelurahan);
        }

        /// <summary>
        /// The first row, in table order, whose best candidate proposes an automatic match that its
        /// rival rule lets stand; failing that, the best candidate of any row for review.
        /// </summary>
        public readonly MatchResult Decide(MatchSubject subject, DateOnly today)
        {
            if (StandingAutomatic is var automatic and >= 0)
            {
                return Automatic(_bestByRow[automatic], DecisionTable.Row(automatic), subject, today);
            }
            var review = Candidate.None;
            var blocked = false;
            for (var row = 0; row < _bestByRow.Length; row++)
            {
                var candidate = _bestByRow[row];
                if (!candidate.Exists)
                {
                    continue;
                }
                var rung = DecisionTable.Row(row);
                if (candidate.IsBetterThan(review))
                {
                    review = candidate;
                    blocked = rung.Proposal == Proposal.Automatic;
                }
            }
            if (!review.Exists)
            {
                return new MatchResult(MatchOutcome.NotRegistered, Segment.Unspecified, 0, NoCandidate, null, MatchExplanation.None);
            }
            return new MatchResult(MatchOutcome.PossibleMatch, Segment.Unspecified, Round(review.Score), Reasons(review.Vector, reviewed: false),
                NikText(review, subject), MatchExplanation.Of(DecisionTable.Rows[review.Row].Name, blocked, review.Vector, _oneEditCandidates));
        }

        /// <summary>The first row, in table order, whose best candidate proposes an automatic match that its rival rule lets stand; -1 when none does.</summary>
        public readonly int StandingAutomatic
        {
            get
            {
                for (var row = 0; row < _bestByRow.Length; row++)
                {
                    if (_bestByRow[row].Exists && DecisionTable.Row(row) is { Proposal: Proposal.Automatic } rung && RivalsAllow(rung.Rivals))
                    {
                        return row;
                    }
                }
                return -1;
            }
        }

        private readonly bool RivalsAllow(RivalRule rule) => rule switch
        {
            RivalRule.NoOneEditCandidate => _oneEditCandidates == 0,
            RivalRule.OnlyOneEditCandidate => _oneEditCandidates == 1,
            _ => true,
        };

        private readonly MatchResult Automatic(Candidate candidate, DecisionRow rung, MatchSubject subject, DateOnly today) =>
            new(_index.Outcome(candidate.Position, today), _index.SegmentAt(candidate.Position), Round(candidate.Score),
                Reasons(candidate.Vector, candidate.Reviewed), NikText(candidate, subject),
                MatchExplanation.Of(rung.Name, false, candidate.Vector, _oneEditCandidates));
    }

    private static bool[] BuildProposesWithoutAName()
    {
        var proposes = new bool[Enum.GetValues<NikLevel>().Length];
        foreach (var nik in Enum.GetValues<NikLevel>())
        {
            foreach (var name in new[] { NameAgreement.Missing, NameAgreement.Disagree })
            {
                foreach (var birthDate in Enum.GetValues<BirthDateLevel>())
                {
                    foreach (var sex in Enum.GetValues<SexLevel>())
                    {
                        foreach (var kelurahan in Enum.GetValues<KelurahanLevel>())
                        {
                            var facts = new CandidateFacts(new ComparisonVector(nik, name, 1, birthDate, sex, kelurahan), ReviewDecision.Unspecified);
                            proposes[(int)nik] |= DecisionTable.Rows[DecisionTable.RowOf(facts)].Proposal != Proposal.None;
                        }
                    }
                }
            }
        }
        return proposes;
    }

    // The subject's own string when it is the same NIK: no allocation on the common path.
    private static string NikText(Candidate candidate, MatchSubject subject) =>
        candidate.Vector.Nik == NikLevel.Exact ? subject.Nik : NikNumber.FormatPacked(candidate.ParticipantNik);

    private static double Round(double score) => Math.Round(score, 2, MidpointRounding.ToEven);

    // One shared, read-only list per combination of reasons: results allocate none.
    private static IReadOnlyList<MatchReason> Reasons(ComparisonVector vector, bool reviewed)
    {
        var nik = vector.Nik switch { NikLevel.Exact => 1, NikLevel.OneEdit or NikLevel.OneEditInSerial => 2, _ => 0 };
        var name = vector.Name switch { NameAgreement.Missing => 0, NameAgreement.Disagree => 2, _ => 1 };
        var birthDate = vector.BirthDate switch { BirthDateLevel.Missing => 0, BirthDateLevel.Exact or BirthDateLevel.AsNiksSay => 1, _ => 2 };
        var sex = vector.Sex switch { SexLevel.Agree or SexLevel.AsNiksSay => 1, SexLevel.Disagree => 2, _ => 0 };
        var kelurahan = vector.Kelurahan == KelurahanLevel.Agree ? 1 : 0;
        return ReasonSets[ReasonKey(nik, name, birthDate, sex, kelurahan, reviewed ? 1 : 0)];
    }

    private static int ReasonKey(int nik, int name, int birthDate, int sex, int kelurahan, int reviewed) =>
        ((((nik * 3 + name) * 3 + birthDate) * 3 + sex) * 2 + kelurahan) * 2 + reviewed;

    private static ReadOnlyCollection<MatchReason>[] BuildReasonSets()
    {
        var sets = new ReadOnlyCollection<MatchReason>[3 * 3 * 3 * 3 * 2 * 2];
        MatchReason[][] options =
        [
            [],
            [MatchReason.NikExact],
            [MatchReason.NikOneEdit],
        ];
        for (var nik = 0; nik < 3; nik++)
        {
            for (var name = 0; name < 3; name++)
            {
                for (var birthDate = 0; birthDate < 3; birthDate++)
                {
                    for (var sex = 0; sex < 3; sex++)
                    {
                        for (var kelurahan = 0; kelurahan < 2; kelurahan++)
                        {
                            for (var reviewed = 0; reviewed < 2; reviewed++)
                            {
                                var reasons = new List<MatchReason>(options[nik]);
                                reasons.AddRange(Pick(name, MatchReason.NameAgrees, MatchReason.NameDisagrees));
                                reasons.AddRange(Pick(birthDate, MatchReason.BirthDateAgrees, MatchReason.BirthDateDisagrees));
                                reasons.AddRange(Pick(sex, MatchReason.SexAgrees, MatchReason.SexDisagrees));
                                if (kelurahan == 1)
                                {
                                    reasons.Add(MatchReason.KelurahanAgrees);
                                }
                                if (reviewed == 1)
                                {
                                    reasons.Add(MatchReason.Reviewed);
                                }
                                sets[ReasonKey(nik, name, birthDate, sex, kelurahan, reviewed)] = reasons.AsReadOnly();
                            }
                        }
                    }
                }
            }
        }
        return sets;
    }

    private static MatchReason[] Pick(int code, MatchReason agrees, MatchReason disagrees) => code switch
    {
        1 => [agrees],
        2 => [disagrees],
        _ => [],
    };
}
