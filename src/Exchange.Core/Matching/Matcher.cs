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
            Span<long> neighbours = stackalloc long[NikNumber.MaxNeighbours];
            var automatic = Candidate.None;
            var automatics = 0;
            var rivals = 0;
            foreach (var nik in neighbours[..NikNumber.Neighbours(probe.Nik, neighbours)])
            {
                var position = index.Find(nik);
                // Without a shared word the name cannot agree, and this rung needs it to.
                if (position < 0 || (index.SignatureAt(position) & probe.Signature) == 0)
                {
                    continue;
                }
                // A weak first-rung match needs every rival weighed, however unlikely to reach review.
                var candidate = Evaluate(index, position, probe, words, candidateWords, needsReview: weak.Position < 0);
                rivals += candidate.FitsOneEditRung ? 1 : 0;
                if (candidate.Verdict == Verdict.Automatic)
                {
                    automatics++;
                    automatic = Candidate.Better(automatic, candidate);
                }
                else if (candidate.Verdict == Verdict.Possible)
                {
                    possible = Candidate.Better(possible, candidate);
                }
            }
            if (automatics == 1 && rivals == 1)
            {
                return Automatic(automatic, index, subject, today);
            }
            if (rivals == 0 && weak.Position >= 0)
            {
                return Automatic(weak, index, subject, today);
            }
            possible = Candidate.Better(Candidate.Better(possible, automatic), weak);
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
            HasNik = NikNumber.TryParse(subject.Nik, out var nik);
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

        public long Nik { get; }

        public int BirthDay { get; }

        public Sex Sex { get; }

        /// <summary>The NIK's date digits give the stated birth date.</summary>
        public bool BirthDateInNik { get; }

        /// <summary>As <see cref="RegistryIndex.KelurahanId"/>: 0 none, -1 a code no participant has.</summary>
        public int Kelurahan { get; }

        public ulong Signature { get; }
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
    /// counts settle most of a birth-date block.
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
        var name = NameComparer.Compare(words, candidateWords[..index.ReadName(position, candidateWords)], out var agreeing).Agreement;
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
        candidate.Nik == NikAgreement.Exact ? subject.Nik : NikNumber.Format(candidate.ParticipantNik);

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
