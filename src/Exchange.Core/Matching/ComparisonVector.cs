using Exchange.Core.Names;
using PersonSex = Jamsostek.Exchange.V1.Sex;

namespace Exchange.Core.Matching;

/// <summary>The fields a worker and a participant are compared on.</summary>
public enum MatchField : byte
{
    Nik,
    Name,
    BirthDate,
    Sex,
    Kelurahan,
}

/// <summary>
/// How two NIKs relate, weakest first. Stored explanations keep the numbers: a new level goes where
/// its weight puts it, with the next free number.
/// </summary>
public enum NikLevel : byte
{
    /// <summary>The worker's NIK is not 16 digits.</summary>
    Missing = 0,
    Disagree = 1,
    /// <summary>
    /// One or two digits apart, each NIK carrying its holder's own birth date, and the two naming
    /// different dates: the NIKs differ because the people were born on different days, which no typo explains.
    /// </summary>
    OtherBirthDate = 2,
    /// <summary>
    /// Unrelated, and the worker's NIK does not carry their stated birth date either: most likely
    /// another number from the worker's papers (the family card's, a relative's NIK), so unrelated
    /// NIKs say little.
    /// </summary>
    OtherNumber = 10,
    /// <summary>Two digits differ (not as an adjacent swap).</summary>
    TwoEdits = 3,
    /// <summary>
    /// Equal once day and month are swapped, and the worker's stated birth date is their NIK's: the
    /// record's date was read the wrong way round (DD/MM for MM/DD), in the NIK and the birth date alike.
    /// </summary>
    DayMonthSwapped = 4,
    /// <summary>
    /// The worker's NIK does not carry their stated birth date; with that date's digits put in, it is
    /// one digit or swap from the participant's, which carries the date: date digits and one more slip.
    /// </summary>
    RedatedOneEdit = 5,
    /// <summary>
    /// One digit differs, or two adjacent digits are swapped, within the serial: the NIKs of people
    /// born the same day in the same kecamatan, twins among them.
    /// </summary>
    OneEditInSerial = 6,
    /// <summary>One digit differs, or two adjacent digits are swapped, in the region or date digits.</summary>
    OneEdit = 7,
    /// <summary>
    /// Two or more birth-date digits differ and nothing else, and the participant's NIK carries the
    /// worker's stated birth date: the worker's NIK has its date digits mistyped (day and month
    /// swapped, a carry, a year slipped).
    /// </summary>
    OtherDateDigits = 8,
    Exact = 9,
}

/// <summary>How two birth dates relate.</summary>
public enum BirthDateLevel : byte
{
    /// <summary>One side has no birth date.</summary>
    Missing = 0,
    Disagree,
    /// <summary>One digit of YYYYMMDD differs, or day and month are swapped.</summary>
    Near,
    Exact,
    /// <summary>
    /// Exact, and both NIKs carry it in the same digits (equal, or one or two digits apart elsewhere): the NIK's
    /// level already says so, this adds nothing.
    /// </summary>
    AsNiksSay,
}

/// <summary>How two sexes relate.</summary>
public enum SexLevel : byte
{
    /// <summary>One side does not state it.</summary>
    Missing = 0,
    Disagree,
    Agree,
    /// <summary>Agree, and both NIKs carry it in the same day digits: already counted.</summary>
    AsNiksSay,
}

/// <summary>How two kelurahan of domicile relate.</summary>
public enum KelurahanLevel : byte
{
    /// <summary>One side does not state it.</summary>
    Missing = 0,
    Disagree,
    Agree,
}

/// <summary>
/// One worker against one participant, field by field: the level each field agrees at, and how
/// common the agreeing name words are. Everything the decision looks at besides the rivals.
/// </summary>
/// <param name="NameFrequency">Share of registry names bearing the agreeing words (1 when none agree).</param>
public readonly record struct ComparisonVector(
    NikLevel Nik,
    NameAgreement Name,
    double NameFrequency,
    BirthDateLevel BirthDate,
    SexLevel Sex,
    KelurahanLevel Kelurahan)
{
    /// <summary>One digit or one swap apart, anywhere.</summary>
    public bool NikOneEdit => Nik is NikLevel.OneEdit or NikLevel.OneEditInSerial;

    public bool BirthDateAgrees => BirthDate is BirthDateLevel.Exact or BirthDateLevel.AsNiksSay;

    /// <summary>The name's weight, worked out once: the score and the explanation both need it.</summary>
    public double NameWeight { get; } = MatchModel.Weight(Name, NameFrequency);

    /// <summary>Every field's weight but the name's.</summary>
    public double WeightBesideName =>
        MatchModel.Weight(Nik) + MatchModel.Weight(BirthDate) + MatchModel.Weight(Sex) + MatchModel.Weight(Kelurahan);

    /// <summary>The Fellegi-Sunter score: the sum of every field's weight, in bits.</summary>
    public double Score => WeightBesideName + NameWeight;

    /// <summary>
    /// The NIK, birth date and sex levels, which depend on each other: the NIK carries the birth date
    /// (DD MM YY) and the sex (day plus 40). When both people have the birth date their NIK carries,
    /// two NIKs one or two digits apart with the same date digits make an agreeing birth date and sex
    /// certain, so those weigh nothing (<see cref="BirthDateLevel.AsNiksSay"/>); when the NIKs name
    /// different dates they differ because the birth dates do (<see cref="NikLevel.OtherBirthDate"/>).
    /// Day digits 40 apart name the same date for the other sex: a typo in the NIK, not another day.
    /// NIKs alike but for several date digits, the participant's carrying the worker's stated birth
    /// date, are <see cref="NikLevel.OtherDateDigits"/>, or <see cref="NikLevel.RedatedOneEdit"/> with
    /// one more slip: the birth date is then part of the NIK's level.
    /// A stated birth date that the worker's own NIK does not carry, beside NIKs one or two digits
    /// apart, leaves two birth dates on the worker's side: the nearer to the participant's speaks
    /// (AS_NIKS_SAY when it is the NIK's and agrees).
    /// </summary>
    internal static (NikLevel Nik, BirthDateLevel BirthDate, SexLevel Sex) Identity(
        long workerNik, bool workerHasNik, bool workerDateInNik, long redatedNik, int workerBirthDay, PersonSex workerSex,
        long participantNik, bool participantDateInNik, int participantBirthDay, PersonSex participantSex)
    {
        var nik = workerHasNik ? NikNumber.Compare(workerNik, participantNik) : NikLevel.Missing;
        var birthDate = CompareBirthDays(workerBirthDay, participantBirthDay);
        var sex = CompareSex(workerSex, participantSex);
        if (nik is NikLevel.TwoEdits or NikLevel.Disagree && !workerDateInNik && participantDateInNik
            && birthDate == BirthDateLevel.Exact && NikNumber.SameOutsideDateDigits(workerNik, participantNik))
        {
            // The participant's NIK is the worker's with the date digits of the stated birth date, which it therefore carries.
            return (NikLevel.OtherDateDigits, BirthDateLevel.AsNiksSay, sex);
        }
        if (workerDateInNik && participantDateInNik && participantNik == NikNumber.WithDayAndMonthSwapped(workerNik))
        {
            return (NikLevel.DayMonthSwapped, BirthDateLevel.AsNiksSay, sex == SexLevel.Agree ? SexLevel.AsNiksSay : sex);
        }
        if (nik is NikLevel.TwoEdits or NikLevel.Disagree && redatedNik != NikNumber.None && participantDateInNik
            && NikNumber.IsOneEdit(redatedNik, participantNik))
        {
            // The slip outside the date digits leaves the stated date the participant's, which the re-dated NIK
            // already carries; one in them leaves the two dates apart, compared as they are.
            return (NikLevel.RedatedOneEdit, birthDate == BirthDateLevel.Exact ? BirthDateLevel.AsNiksSay : birthDate, sex);
        }
        if (!workerDateInNik && participantDateInNik && nik is NikLevel.OneEdit or NikLevel.OneEditInSerial or NikLevel.TwoEdits
            && NikNumber.SameDateDigits(workerNik, participantNik))
        {
            // The worker's stated birth date is not the one their own NIK carries, which is the
            // participant's: with the NIKs this close, the stated date is the slip.
            return (nik, BirthDateLevel.AsNiksSay, sex == SexLevel.Agree ? SexLevel.AsNiksSay : sex);
        }
        if (!workerDateInNik && nik is NikLevel.OneEdit or NikLevel.OneEditInSerial or NikLevel.TwoEdits
            && ImpliedBirthDay(workerNik, participantBirthDay) is var implied and >= 0
            && CompareBirthDays(implied, participantBirthDay) is var byNik && byNik > birthDate)
        {
            // The worker's two birth dates, stated and in their NIK, disagree: either may be the slip,
            // so the nearer one speaks. A date read off the NIK is the NIK's evidence, not news.
            return (nik, byNik == BirthDateLevel.Exact ? BirthDateLevel.AsNiksSay : byNik, sex);
        }
        if (workerDateInNik && participantDateInNik && nik is NikLevel.Exact or NikLevel.OneEdit or NikLevel.OneEditInSerial or NikLevel.TwoEdits)
        {
            if (NikNumber.CarriedDate(workerNik) != NikNumber.CarriedDate(participantNik))
            {
                nik = NikLevel.OtherBirthDate;
            }
            else
            {
                birthDate = birthDate == BirthDateLevel.Exact ? BirthDateLevel.AsNiksSay : birthDate;
                // Day digits 40 apart say different sexes: then an agreeing sex is news.
                sex = sex == SexLevel.Agree && NikNumber.SameDateDigits(workerNik, participantNik) ? SexLevel.AsNiksSay : sex;
            }
        }
        if (nik == NikLevel.Disagree && !workerDateInNik && workerBirthDay != NoBirthDay)
        {
            nik = NikLevel.OtherNumber;
        }
        return (nik, birthDate, sex);
    }

    // The day the NIK's date digits name in the participant's century, or -1.
    private static int ImpliedBirthDay(long nik, int participantBirthDay)
    {
        if (participantBirthDay == NoBirthDay || !NikNumber.TryReadBirthDate(nik, out var day, out var month, out var yearOfCentury))
        {
            return -1;
        }
        var year = DateOnly.FromDayNumber(participantBirthDay).Year / 100 * 100 + yearOfCentury;
        return year is >= 1 and <= 9999 && day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day).DayNumber : -1;
    }

    internal static KelurahanLevel CompareKelurahan(int worker, int participant) =>
        worker == 0 || participant == 0 ? KelurahanLevel.Missing
        : worker == participant ? KelurahanLevel.Agree
        : KelurahanLevel.Disagree;

    /// <summary>Sorts after every real day number: no birth date.</summary>
    internal const int NoBirthDay = int.MaxValue;

    private static BirthDateLevel CompareBirthDays(int worker, int participant)
    {
        if (worker == NoBirthDay || participant == NoBirthDay)
        {
            return BirthDateLevel.Missing;
        }
        if (worker == participant)
        {
            return BirthDateLevel.Exact;
        }
        var a = DateOnly.FromDayNumber(worker);
        var b = DateOnly.FromDayNumber(participant);
        var swapped = a.Year == b.Year && a.Month == b.Day && a.Day == b.Month;
        var digits = DigitsDiffering(a.Year, b.Year) + DigitsDiffering(a.Month, b.Month) + DigitsDiffering(a.Day, b.Day);
        return swapped || digits == 1 ? BirthDateLevel.Near : BirthDateLevel.Disagree;
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

    private static SexLevel CompareSex(PersonSex worker, PersonSex participant) =>
        worker == PersonSex.Unspecified || participant == PersonSex.Unspecified ? SexLevel.Missing
        : worker == participant ? SexLevel.Agree
        : SexLevel.Disagree;
}
