using System.Collections.ObjectModel;
using Exchange.Core.Names;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Matching;

/// <summary>
/// Matches an accepted worker against the registry. Thread-safe and allocation-free on the common
/// path; the same index, subject and day always give the same result.
/// </summary>
/// <remarks>
/// The ladder (DESIGN.md, Matching), with the Fellegi-Sunter score of <see cref="MatchWeights"/>:
/// <list type="number">
/// <item>Exact NIK. Automatic when the name agrees (at least partly) or the birth date is exact, and
/// name, birth date and sex together do not weigh against it (their weights sum to 0 or more: a
/// partial name with a wrong birth date, or an agreeing name with both birth date and sex wrong, goes
/// to review). Otherwise POSSIBLE_MATCH: a mistyped NIK can land on another real person. The NIK
/// carries the birth date and a mistyped serial lands on someone registered in the same kecamatan
/// on the same day, so the birth date only corroborates when the worker's NIK digits do not
/// already say it (a corrected birth date).</item>
/// <item>NIK one digit or one adjacent swap away. Automatic when the whole name agrees (exactly or
/// with typos), the birth date is exact, sex does not disagree, the score reaches
/// <see cref="MatchWeights.AutomaticThreshold"/>, and no other participant around the NIK fits as
/// well; otherwise POSSIBLE_MATCH from <see cref="MatchWeights.ReviewThreshold"/>. A first-rung
/// match resting on a partial name or the birth date alone gives way when such a participant
/// exists: the NIK was mistyped onto someone born the same day. If that participant does not reach
/// the threshold, both go to review.</item>
/// <item>Same birth date and a name sharing a word. Never automatic. POSSIBLE_MATCH when the whole
/// name, the birth date and the kelurahan agree (however common the name), or when the name agrees
/// at least partly and the score reaches <see cref="MatchWeights.ReviewThreshold"/>.</item>
/// <item>Nothing: NOT_REGISTERED with NO_CANDIDATE.</item>
/// </list>
/// Among review proposals the highest score wins; equal scores go to the lower NIK.
/// </remarks>
public static class Matcher
{
    private const int NoBirthDay = int.MaxValue;

    // Every bit set: every word of a name, for RegistryIndex.NameFrequency.
    private const int AllWords = -1;

    private static readonly IReadOnlyList<MatchReason> NoCandidate = Array.AsReadOnly([MatchReason.NoCandidate]);

    private static readonly ReadOnlyCollection<MatchReason>[] ReasonSets = BuildReasonSets();

    public static MatchResult Match(MatchSubject subject, RegistryIndex index, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(index);
        var nameBuffer = new NameTokenBuffer();
        var candidateBuffer = new NameTokenBuffer();
        Span<NameToken> candidateWords = candidateBuffer;
        ReadOnlySpan<NameToken> words = ((Span<NameToken>)nameBuffer)[..index.Words.Read(subject.FullName ?? "", nameBuffer)];
        var probe = new Probe(subject, index, words);

        var possible = Candidate.None;
        // An automatic exact-NIK match resting on a partial name or on the birth date alone.
        var weak = Candidate.None;
        if (probe.HasNik)
        {
            var exact = index.Find(probe.Nik);
            if (exact >= 0)
            {
                var candidate = Evaluate(index, exact, probe, words, candidateWords, needsReview: false);
                if (candidate.Verdict == Verdict.Automatic && candidate.Name >= NameAgreement.Fuzzy)
                {
                    return Automatic(candidate, index, subject, today);
                }
                if (candidate.Verdict == Verdict.Automatic)
                {
                    weak = candidate;
                }
                else
                {
                    possible = candidate;
                }
            }
            // A weak first-rung match needs every rival weighed, however unlikely to reach review.
            var rung = new OneEditRung(needsReview: weak.Position < 0);
            // Without a shared word the name cannot agree, and this rung needs it to.
            if (probe.Signature != 0)
            {
                WeighOneEditNeighbours(index, probe, words, candidateWords, ref rung);
            }
            if (rung.Automatics == 1 && rung.Rivals == 1)
            {
                return Automatic(rung.Automatic, index, subject, today);
            }
            if (rung.Rivals == 0 && weak.Position >= 0)
            {
                return Automatic(weak, index, subject, today);
            }
            possible = Candidate.Better(Candidate.Better(Candidate.Better(possible, rung.Possible), rung.Automatic), weak);
        }
        if (probe.BirthDay != NoBirthDay && probe.Signature != 0)
        {
            var (start, end) = index.BornOn(probe.BirthDay);
            for (var position = start; position < end; position++)
            {
                // Exact and one-edit NIKs were weighed above, with their own rules.
                if ((index.SignatureAt(position) & probe.Signature) == 0
                    || (probe.HasNik && NikNumber.Compare(probe.Nik, index.NikAt(position)) >= NikAgreement.OneEdit))
                {
                    continue;
                }
                var candidate = Evaluate(index, position, probe, words, candidateWords, needsReview: true);
                if (candidate.Verdict != Verdict.Reject)
                {
                    possible = Candidate.Better(possible, candidate);
                }
            }
        }
        return possible.Position < 0
            ? new MatchResult(MatchOutcome.NotRegistered, Segment.Unspecified, 0, NoCandidate, null)
            : new MatchResult(MatchOutcome.PossibleMatch, Segment.Unspecified, Round(possible.Score), Reasons(possible), NikText(possible, subject));
    }

    /// <summary>
    /// Weighs every registered NIK one edit away from the worker's that shares a name word. Someone
    /// whose NIK carries their birth date sits in the block of that date: those whose NIK names the
    /// date the worker's NIK names (the same date digits, or the day's other sex) are read off the one
    /// or two blocks of that date, a digit comparison each. The others are looked up one candidate NIK
    /// at a time: in the small table of participants whose NIK does not carry their birth date, and
    /// in the blocks once a filter says the NIK may be registered to someone sharing a name word. When
    /// the worker's NIK carries their birth date too, the filter holds only the participants that
    /// <see cref="MayReviewAcrossBirthDates"/> lets them be proposed: anyone else is rejected whatever
    /// their name.
    /// </summary>
    private static void WeighOneEditNeighbours(
        RegistryIndex index, in Probe probe, ReadOnlySpan<NameToken> words, Span<NameToken> candidateWords, ref OneEditRung rung)
    {
        Span<int> days = stackalloc int[index.MaxCarriedDays];
        foreach (var day in days[..index.CarriedDays(probe.Nik, days)])
        {
            var (start, end) = index.BornOn(day);
            for (var position = start; position < end; position++)
            {
                var nik = index.NikAt(position);
                if ((index.SignatureAt(position) & probe.Signature) != 0 && index.BirthDateInNikAt(position)
                    && NikNumber.IsOneEdit(nik, probe.Nik) && NikNumber.IsPlausible(nik))
                {
                    rung.Weigh(Evaluate(index, position, probe, words, candidateWords, rung.NeedsReview));
                }
            }
        }
        Span<long> acrossDates = stackalloc long[NikNumber.MaxDateNeighbours];
        var across = 0;
        if (index.HasOffBlockParticipants)
        {
            Span<long> neighbours = stackalloc long[NikNumber.MaxNeighbours];
            var carriedDate = NikNumber.CarriedDate(probe.Nik);
            foreach (var nik in neighbours[..NikNumber.Neighbours(probe.Nik, neighbours)])
            {
                if (index.FindOffBlock(nik) is var position and >= 0)
                {
                    WeighIfNamesake(index, position, probe, words, candidateWords, ref rung);
                }
                else if (!NikNumber.SameDateDigits(nik, probe.Nik) && (carriedDate < 0 || NikNumber.CarriedDate(nik) != carriedDate))
                {
                    acrossDates[across++] = nik;
                }
            }
        }
        else
        {
            across = NikNumber.NeighboursNamingOtherDates(probe.Nik, acrossDates);
        }
        Span<bool> found = stackalloc bool[across];
        if (probe.BirthDateInNik)
        {
            index.MarkNamesakesAcrossBirthDates(acrossDates[..across], probe.Kelurahan, probe.Signature, found);
        }
        else
        {
            index.MarkNamesakes(acrossDates[..across], probe.Signature, found);
        }
        for (var i = 0; i < across; i++)
        {
            if (found[i] && index.FindInBlock(acrossDates[i]) is var position and >= 0)
            {
                WeighIfNamesake(index, position, probe, words, candidateWords, ref rung);
            }
        }
    }

    private static void WeighIfNamesake(
        RegistryIndex index, int position, in Probe probe, ReadOnlySpan<NameToken> words, Span<NameToken> candidateWords, ref OneEditRung rung)
    {
        if ((index.SignatureAt(position) & probe.Signature) != 0)
        {
            rung.Weigh(Evaluate(index, position, probe, words, candidateWords, rung.NeedsReview));
        }
    }

    /// <summary>
    /// Whether a participant whose agreeing name words can at rarest be this common, with this
    /// kelurahan agreement, can be proposed for review to a worker one NIK edit away when both NIKs
    /// carry their holders' birth dates but name different dates. The NIKs then disagree (each names
    /// its own birth date, see <see cref="Evaluate"/>), the birth dates are at best near, and only
    /// the name, sex and kelurahan can make up the difference; such a participant is never automatic
    /// nor a rival. Summed in Evaluate's order, with a hair of slack, so rounding cannot put it below
    /// a real score.
    /// </summary>
    internal static bool MayReviewAcrossBirthDates(double leastNameFrequency, FieldAgreement kelurahan)
    {
        var rest = MatchWeights.Of(NikAgreement.Disagree) + MatchWeights.Of(BirthDateAgreement.Near)
            + MatchWeights.OfSex(FieldAgreement.Agree) + MatchWeights.OfKelurahan(kelurahan);
        var name = Math.Max(
            MatchWeights.OfName(NameAgreement.Exact, leastNameFrequency),
            Math.Max(MatchWeights.OfName(NameAgreement.Fuzzy, leastNameFrequency), MatchWeights.OfName(NameAgreement.Partial, leastNameFrequency)));
        return rest + name + 1e-9 >= MatchWeights.ReviewThreshold;
    }

    private enum Verdict
    {
        Reject,
        Possible,
        Automatic,
    }

    /// <summary>The worker's side, read once per match.</summary>
    private readonly struct Probe
    {
        public Probe(MatchSubject subject, RegistryIndex index, ReadOnlySpan<NameToken> words)
        {
            HasNik = NikNumber.TryParsePacked(subject.Nik, out var nik);
            Nik = nik;
            BirthDay = subject.BirthDate?.DayNumber ?? NoBirthDay;
            Sex = subject.Sex;
            BirthDateInNik = HasNik && subject.BirthDate is { } date && NikNumber.CarriesBirthDate(nik, date);
            Kelurahan = index.KelurahanId(subject.KelurahanCode);
            foreach (var word in words)
            {
                Signature |= word.BlockBit;
            }
        }

        public bool HasNik { get; }

        /// <summary>Packed, as <see cref="NikNumber"/> compares it.</summary>
        public long Nik { get; }

        public int BirthDay { get; }

        public Sex Sex { get; }

        /// <summary>The NIK's date digits give the stated birth date.</summary>
        public bool BirthDateInNik { get; }

        /// <summary>As <see cref="RegistryIndex.KelurahanId"/>: 0 none, -1 a code no participant has.</summary>
        public int Kelurahan { get; }

        public ulong Signature { get; }
    }

    /// <summary>What the participants one edit away add up to; the order they are weighed in does not matter.</summary>
    private struct OneEditRung(bool needsReview)
    {
        public readonly bool NeedsReview => needsReview;

        /// <summary>The best automatic candidate.</summary>
        public Candidate Automatic { get; private set; } = Candidate.None;

        public int Automatics { get; private set; }

        /// <summary>Candidates that fit the rung whatever their score.</summary>
        public int Rivals { get; private set; }

        public Candidate Possible { get; private set; } = Candidate.None;

        public void Weigh(Candidate candidate)
        {
            Rivals += candidate.FitsOneEditRung ? 1 : 0;
            if (candidate.Verdict == Verdict.Automatic)
            {
                Automatics++;
                Automatic = Candidate.Better(Automatic, candidate);
            }
            else if (candidate.Verdict == Verdict.Possible)
            {
                Possible = Candidate.Better(Possible, candidate);
            }
        }
    }

    private readonly record struct Candidate(
        int Position,
        long ParticipantNik,
        NikAgreement Nik,
        NameAgreement Name,
        BirthDateAgreement BirthDate,
        FieldAgreement Sex,
        FieldAgreement Kelurahan,
        double Score,
        Verdict Verdict)
    {
        /// <summary>Name, birth date and sex as the one-edit rung asks, whatever the score.</summary>
        public bool FitsOneEditRung =>
            Nik == NikAgreement.OneEdit && Name >= NameAgreement.Fuzzy && BirthDate == BirthDateAgreement.Exact && Sex != FieldAgreement.Disagree;

        public static Candidate None { get; } = new(-1, 0, default, default, default, default, default, double.NegativeInfinity, Verdict.Reject);

        // Higher score first, then the lower NIK: the order of the registry never matters.
        public static Candidate Better(Candidate current, Candidate challenger) =>
            challenger.Position >= 0
            && (current.Position < 0
                || challenger.Score > current.Score
                || (challenger.Score == current.Score && challenger.ParticipantNik < current.ParticipantNik))
                ? challenger
                : current;
    }

    /// <summary>
    /// Weighs one participant. With <paramref name="needsReview"/>, a participant whose score could not
    /// reach <see cref="MatchWeights.ReviewThreshold"/> even if every word of their name agreed, and who
    /// cannot meet the last rung, is rejected before the names are compared: the cheap fields and word
    /// counts settle most of a birth-date block. Short of an exact NIK, so is a participant none of
    /// whose words could agree with the worker's (<see cref="NameComparer.MayAgree"/>).
    /// </summary>
    private static Candidate Evaluate(
        RegistryIndex index, int position, in Probe probe, ReadOnlySpan<NameToken> words, Span<NameToken> candidateWords, bool needsReview)
    {
        var participantNik = index.NikAt(position);
        var participantBirthDay = index.BirthDayAt(position);
        var nik = probe.HasNik ? NikNumber.Compare(probe.Nik, participantNik) : NikAgreement.Missing;
        var birthDate = CompareBirthDays(probe.BirthDay, participantBirthDay);
        var sex = CompareSex(probe.Sex, index.SexAt(position));
        var kelurahan = CompareKelurahan(probe.Kelurahan, index.KelurahanAt(position));
        // Both people have the birth date their NIK carries: the NIKs' date digits and the birth dates
        // then tell the same story. Same digits in NIKs the NIK weight already credits (at most two
        // digits apart): agreeing on birth date and sex adds nothing. Other digits: the NIKs differ
        // because the birth dates do, which no typo explains, so a NIK one or two digits away is just
        // another person's.
        var ownDates = probe.BirthDateInNik && index.BirthDateInNikAt(position);
        var implied = ownDates && nik >= NikAgreement.TwoEdits && NikNumber.SameDateDigits(probe.Nik, participantNik);
        if (ownDates && !implied && nik is NikAgreement.OneEdit or NikAgreement.TwoEdits)
        {
            nik = NikAgreement.Disagree;
        }
        var rest = MatchWeights.Of(nik)
            + (implied && birthDate == BirthDateAgreement.Exact ? 0 : MatchWeights.Of(birthDate))
            + (implied && sex == FieldAgreement.Agree ? 0 : MatchWeights.OfSex(sex))
            + MatchWeights.OfKelurahan(kelurahan);
        var mayMeetLastRung = birthDate == BirthDateAgreement.Exact && !implied && kelurahan == FieldAgreement.Agree && sex != FieldAgreement.Disagree;
        if (needsReview && !mayMeetLastRung
            && rest + MatchWeights.OfName(NameAgreement.Exact, index.NameFrequency(position, AllWords)) < MatchWeights.ReviewThreshold)
        {
            return Candidate.None;
        }
        var participantWords = candidateWords[..index.ReadName(position, candidateWords)];
        // Without a partly agreeing name only an exact NIK gets anywhere (Decide).
        if (nik != NikAgreement.Exact && !NameComparer.MayAgree(words, participantWords))
        {
            return Candidate.None;
        }
        var name = NameComparer.Compare(words, participantWords, out var agreeing).Agreement;
        var score = rest + MatchWeights.OfName(name, index.NameFrequency(position, agreeing));
        var candidate = new Candidate(position, participantNik, nik, name, birthDate, sex, kelurahan, score, Verdict.Reject);
        return candidate with { Verdict = Decide(candidate, implied) };
    }

    private static Verdict Decide(Candidate candidate, bool birthDateImplied)
    {
        var (nik, name, birthDate, sex) = (candidate.Nik, candidate.Name, candidate.BirthDate, candidate.Sex);
        if (nik == NikAgreement.Exact)
        {
            var corroborated = name >= NameAgreement.Partial || (birthDate == BirthDateAgreement.Exact && !birthDateImplied);
            var consistent = MatchWeights.Of(name) + MatchWeights.Of(birthDate) + MatchWeights.OfSex(sex) >= 0;
            return corroborated && consistent ? Verdict.Automatic : Verdict.Possible;
        }
        if (candidate.FitsOneEditRung && candidate.Score >= MatchWeights.AutomaticThreshold)
        {
            return Verdict.Automatic;
        }
        // The ladder's last rung: the whole name, the birth date and the kelurahan agree. However
        // common the name, BPJS looks at it; it is never automatic.
        var nameBirthDateAndKelurahan = name >= NameAgreement.Fuzzy && birthDate == BirthDateAgreement.Exact && !birthDateImplied
            && candidate.Kelurahan == FieldAgreement.Agree && sex != FieldAgreement.Disagree;
        return nameBirthDateAndKelurahan || (name >= NameAgreement.Partial && candidate.Score >= MatchWeights.ReviewThreshold)
            ? Verdict.Possible
            : Verdict.Reject;
    }

    private static MatchResult Automatic(Candidate candidate, RegistryIndex index, MatchSubject subject, DateOnly today) =>
        new(index.Outcome(candidate.Position, today), index.SegmentAt(candidate.Position), Round(candidate.Score), Reasons(candidate), NikText(candidate, subject));

    // The subject's own string when it is the same NIK: no allocation on the common path.
    private static string NikText(Candidate candidate, MatchSubject subject) =>
        candidate.Nik == NikAgreement.Exact ? subject.Nik : NikNumber.FormatPacked(candidate.ParticipantNik);

    private static double Round(double score) => Math.Round(score, 2, MidpointRounding.ToEven);

    private static BirthDateAgreement CompareBirthDays(int subject, int participant)
    {
        if (subject == NoBirthDay || participant == NoBirthDay)
        {
            return BirthDateAgreement.Missing;
        }
        if (subject == participant)
        {
            return BirthDateAgreement.Exact;
        }
        var a = DateOnly.FromDayNumber(subject);
        var b = DateOnly.FromDayNumber(participant);
        var swapped = a.Year == b.Year && a.Month == b.Day && a.Day == b.Month;
        var digits = DigitsDiffering(a.Year, b.Year) + DigitsDiffering(a.Month, b.Month) + DigitsDiffering(a.Day, b.Day);
        return swapped || digits == 1 ? BirthDateAgreement.Near : BirthDateAgreement.Disagree;
    }

    private static int DigitsDiffering(int a, int b)
    {
        var count = 0;
        for (; a != 0 || b != 0; a /= 10, b /= 10)
        {
            count += a % 10 == b % 10 ? 0 : 1;
        }
        return count;
    }

    private static FieldAgreement CompareSex(Sex subject, Sex participant) =>
        subject == Sex.Unspecified || participant == Sex.Unspecified ? FieldAgreement.Missing
        : subject == participant ? FieldAgreement.Agree
        : FieldAgreement.Disagree;

    private static FieldAgreement CompareKelurahan(int subject, int participant) =>
        subject == 0 || participant == 0 ? FieldAgreement.Missing
        : subject == participant ? FieldAgreement.Agree
        : FieldAgreement.Disagree;

    // One shared, read-only list per combination of reasons: results allocate none.
    private static IReadOnlyList<MatchReason> Reasons(Candidate candidate)
    {
        var nik = candidate.Nik switch { NikAgreement.Exact => 1, NikAgreement.OneEdit => 2, _ => 0 };
        var name = candidate.Name switch { NameAgreement.Missing => 0, NameAgreement.Disagree => 2, _ => 1 };
        var birthDate = candidate.BirthDate switch { BirthDateAgreement.Missing => 0, BirthDateAgreement.Exact => 1, _ => 2 };
        var sex = candidate.Sex switch { FieldAgreement.Agree => 1, FieldAgreement.Disagree => 2, _ => 0 };
        var kelurahan = candidate.Kelurahan == FieldAgreement.Agree ? 1 : 0;
        return ReasonSets[ReasonKey(nik, name, birthDate, sex, kelurahan)];
    }

    private static int ReasonKey(int nik, int name, int birthDate, int sex, int kelurahan) =>
        (((nik * 3 + name) * 3 + birthDate) * 3 + sex) * 2 + kelurahan;

    private static ReadOnlyCollection<MatchReason>[] BuildReasonSets()
    {
        var sets = new ReadOnlyCollection<MatchReason>[3 * 3 * 3 * 3 * 2];
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
                            var reasons = new List<MatchReason>(options[nik]);
                            reasons.AddRange(Pick(name, MatchReason.NameAgrees, MatchReason.NameDisagrees));
                            reasons.AddRange(Pick(birthDate, MatchReason.BirthDateAgrees, MatchReason.BirthDateDisagrees));
                            reasons.AddRange(Pick(sex, MatchReason.SexAgrees, MatchReason.SexDisagrees));
                            if (kelurahan == 1)
                            {
                                reasons.Add(MatchReason.KelurahanAgrees);
                            }
                            sets[ReasonKey(nik, name, birthDate, sex, kelurahan)] = reasons.AsReadOnly();
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
