using System.Globalization;
using System.Text.RegularExpressions;
using Exchange.Core.Identity;
using Exchange.Core.Names;
using Exchange.Core.Time;
using FluentValidation;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Validation;

/// <summary>
/// Boundary checks of one worker record (README, Validation): errors reject the
/// record, warnings only inform. Fields are named as in the proto (<c>nik</c>, <c>birth_date</c>) so the
/// server can report <c>records[17].nik</c>. One instance is safe to share across all streams.
/// </summary>
public sealed partial class WorkerRecordValidator : AbstractValidator<WorkerRecord>
{
    // Dukcapil's KTP occupation list and DTSEN's deciles are fixed by their owners, not configuration.
    private const int KtpOccupationCodeFirst = 1;
    private const int KtpOccupationCodeLast = 89;
    private const int WelfareDecileFirst = 1;
    private const int WelfareDecileLast = 10;

    private const string FactsKey = "Exchange.Core.Validation.WorkerRecordValidator.Facts";

    private readonly ValidationRules _rules;
    private readonly TimeProvider _clock;

    public WorkerRecordValidator(ValidationRules rules, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(clock);
        if (rules.MinimumAge > rules.MaximumAge)
        {
            throw new ArgumentException(
                $"MinimumAge ({rules.MinimumAge}) is above MaximumAge ({rules.MaximumAge}).", nameof(rules));
        }
        _rules = rules;
        _clock = clock;

        var cityNikPrefix = rules.Wilayah.CityNikPrefix;
        var cityName = rules.Wilayah.CityName;
        var minimumAge = Text(rules.MinimumAge);
        var maximumAge = Text(rules.MaximumAge);

        // One error per field: once a field is wrong, its later checks would only restate the problem.
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(r => r.Nik)
            .Must((r, _, c) => NikIsNot(r, c, NikProblem.Missing))
                .WithErrorCode(ViolationCodes.NikRequired)
            .Must((r, _, c) => NikIsNot(r, c, NikProblem.ScientificNotation))
                .WithErrorCode(ViolationCodes.NikScientificNotation)
            .Must((r, _, c) => NikIsNot(r, c, NikProblem.Malformed))
                .WithErrorCode(ViolationCodes.NikMalformed)
            .Must((r, _, c) => NikIsNot(r, c, NikProblem.UnknownProvince))
                .WithErrorCode(ViolationCodes.NikUnknownProvince)
                .WithState((_, nik) => new[] { nik[..2] })
            .Must((r, _, c) => NikIsNot(r, c, NikProblem.ImpossibleBirthDate))
                .WithErrorCode(ViolationCodes.NikImpossibleBirthDate)
            .Must((r, _, c) => NikIsNot(r, c, NikProblem.SerialZero))
                .WithErrorCode(ViolationCodes.NikSerialZero)
            .OverridePropertyName("nik");

        // The NIK's digits may rightly disagree with a corrected birth date or sex: warn, never reject,
        // and only when both sides of the comparison are themselves valid.
        RuleFor(r => r.Nik)
            .Must((r, _, c) => FactsOf(r, c) is var facts && facts.Nik.AgreesWithBirthDate(facts.BirthDate))
            .When((r, c) => FactsOf(r, c) is { NikProblem: NikProblem.None, BirthDateProblem: BirthDateProblem.None })
            .WithErrorCode(ViolationCodes.NikBirthDateMismatch)
            .WithSeverity(Severity.Warning)
            .OverridePropertyName("nik");

        RuleFor(r => r.Nik)
            .Must((r, _, c) => FactsOf(r, c).Nik.IsFemale == (r.Sex == Sex.Female))
            .When((r, c) => r.Sex is Sex.Male or Sex.Female && FactsOf(r, c).NikProblem == NikProblem.None)
            .WithErrorCode(ViolationCodes.NikSexMismatch)
            .WithSeverity(Severity.Warning)
            .OverridePropertyName("nik");

        // People keep the NIK of their first registration when they move: domicile is the kelurahan.
        RuleFor(r => r.Nik)
            .Must(nik => nik.StartsWith(cityNikPrefix, StringComparison.Ordinal))
            .When((r, c) => FactsOf(r, c).NikProblem == NikProblem.None)
            .WithErrorCode(ViolationCodes.NikRegionOutsideCity)
            .WithSeverity(Severity.Warning)
            .WithState((_, nik) => new[] { nik[..4], cityName })
            .OverridePropertyName("nik");

        RuleFor(r => r.FullName)
            .NotEmpty()
                .WithErrorCode(ViolationCodes.NameRequired)
            .Must(name => name.Length <= rules.MaximumFullNameLength)
                .WithErrorCode(ViolationCodes.NameTooLong)
                .WithState((_, name) => new[] { Text(name.Length), Text(rules.MaximumFullNameLength) })
            .WithoutControlCharacters()
            // Digits are OCR confusions (0/O, 1/I, 5/S): guessing the letters here would corrupt names.
            .Must(name => !HasDigit(name))
                .WithErrorCode(ViolationCodes.NameHasDigits)
            .Must(name => FirstCharacterNamesDoNotHave(name) < 0)
                .WithErrorCode(ViolationCodes.NameCharacterNotAllowed)
                .WithState((_, name) => new[] { TextCharacters.Shown(name[FirstCharacterNamesDoNotHave(name)]) })
            .OverridePropertyName("full_name")
            .DependentRules(() => RuleFor(r => r.FullName)
                .Must(FitsWithoutTitles)
                .WithErrorCode(ViolationCodes.NameLongerThan60)
                .WithSeverity(Severity.Warning)
                .WithState((_, name) => new[]
                {
                    Text(PersonName.StripTitles(name).Length), Text(rules.MaximumNameLengthWithoutTitles),
                })
                .OverridePropertyName("full_name"));

        RuleFor(r => r.BirthDate)
            .Must((r, _, c) => BirthDateIsNot(r, c, BirthDateProblem.Missing))
                .WithErrorCode(ViolationCodes.BirthDateRequired)
            .Must((r, _, c) => BirthDateIsNot(r, c, BirthDateProblem.Malformed))
                .WithErrorCode(ViolationCodes.BirthDateMalformed)
            .Must((r, _, c) => BirthDateIsNot(r, c, BirthDateProblem.Impossible))
                .WithErrorCode(ViolationCodes.BirthDateImpossible)
            .Must((r, _, c) => BirthDateIsNot(r, c, BirthDateProblem.InFuture))
                .WithErrorCode(ViolationCodes.BirthDateInFuture)
            .Must((r, _, c) => BirthDateIsNot(r, c, BirthDateProblem.OutsideWorkingAge))
                .WithErrorCode(ViolationCodes.AgeOutsideWorkingAge)
                .WithState((r, _, c) => new[] { Text(FactsOf(r, c).Age), minimumAge, maximumAge })
            .OverridePropertyName("birth_date");

        RuleFor(r => r.Sex)
            .Must(sex => Enum.IsDefined(sex))
                .WithErrorCode(ViolationCodes.SexUnknown)
                .WithState((_, sex) => new[] { Text((int)sex) })
            .OverridePropertyName("sex");

        RuleFor(r => r.KelurahanCode)
            .NotEmpty()
                .WithErrorCode(ViolationCodes.KelurahanRequired)
            .WithoutControlCharacters()
            .Must(code => rules.Wilayah.TryFindKelurahan(code, out _))
                .WithErrorCode(ViolationCodes.KelurahanUnknown)
                .WithState(_ => new[] { cityName })
            .OverridePropertyName("kelurahan_code");

        RuleFor(r => r.Address)
            .Must(address => address.Length <= rules.MaximumAddressLength)
                .WithErrorCode(ViolationCodes.AddressTooLong)
                .WithState((_, address) => new[] { Text(address.Length), Text(rules.MaximumAddressLength) })
            .WithoutControlCharacters()
            .OverridePropertyName("address");

        // Controls first: the number is read trimmed, which would let a trailing newline or tab through.
        RuleFor(r => r.Phone)
            .WithoutControlCharacters()
            .Must(phone => string.IsNullOrWhiteSpace(phone) || MobileNumber().IsMatch(phone.AsSpan().Trim()))
                .WithErrorCode(ViolationCodes.PhoneInvalid)
            .OverridePropertyName("phone");

        RuleFor(r => r.Occupation)
            .NotEqual(Occupation.Unspecified)
                .WithErrorCode(ViolationCodes.OccupationRequired)
            .Must(occupation => Enum.IsDefined(occupation))
                .WithErrorCode(ViolationCodes.OccupationUnknown)
                .WithState((_, occupation) => new[] { Text((int)occupation) })
            .OverridePropertyName("occupation");

        RuleFor(r => r.KtpOccupationCode)
            .InclusiveBetween(KtpOccupationCodeFirst, KtpOccupationCodeLast)
            .When(r => r.HasKtpOccupationCode)
            .WithErrorCode(ViolationCodes.KtpOccupationCodeOutOfRange)
            .WithState((_, code) => new[] { Text(code) })
            .OverridePropertyName("ktp_occupation_code");

        RuleFor(r => r.MonthlyIncomeRupiah)
            .GreaterThanOrEqualTo(0)
                .WithErrorCode(ViolationCodes.IncomeNegative)
            .LessThanOrEqualTo(rules.MaximumMonthlyIncomeRupiah)
                .WithErrorCode(ViolationCodes.IncomeAbsurd)
                .WithState(_ => new[] { Text(rules.MaximumMonthlyIncomeRupiah) })
            .When(r => r.HasMonthlyIncomeRupiah)
            .OverridePropertyName("monthly_income_rupiah");

        RuleFor(r => r.WelfareDecile)
            .InclusiveBetween(WelfareDecileFirst, WelfareDecileLast)
            .When(r => r.HasWelfareDecile)
            .WithErrorCode(ViolationCodes.WelfareDecileOutOfRange)
            .WithState((_, decile) => new[] { Text(decile) })
            .OverridePropertyName("welfare_decile");

        // Unspecified is allowed: who pays may not be decided yet.
        RuleFor(r => r.FundingSource)
            .Must(source => Enum.IsDefined(source))
                .WithErrorCode(ViolationCodes.FundingSourceUnknown)
                .WithState((_, source) => new[] { Text((int)source) })
            .OverridePropertyName("funding_source");
    }

    private enum BirthDateProblem
    {
        None = 0,
        Missing,
        Malformed,
        Impossible,
        InFuture,
        OutsideWorkingAge,
    }

    /// <summary>
    /// The parsed NIK and birth date, worked out once per record and shared by every rule that reads
    /// them (kept in the validation context, as the validator itself is shared between threads).
    /// </summary>
    private sealed class Facts
    {
        public required NikProblem NikProblem { get; init; }
        public required Nik Nik { get; init; }
        public required BirthDateProblem BirthDateProblem { get; init; }
        public required DateOnly BirthDate { get; init; }
        public required int Age { get; init; }
    }

    private bool NikIsNot(WorkerRecord record, ValidationContext<WorkerRecord> context, NikProblem problem) =>
        FactsOf(record, context).NikProblem != problem;

    private bool BirthDateIsNot(WorkerRecord record, ValidationContext<WorkerRecord> context, BirthDateProblem problem) =>
        FactsOf(record, context).BirthDateProblem != problem;

    private Facts FactsOf(WorkerRecord record, ValidationContext<WorkerRecord> context)
    {
        if (context.RootContextData.TryGetValue(FactsKey, out var known))
        {
            return (Facts)known;
        }
        var nikProblem = Nik.Inspect(record.Nik, out var nik);
        var birthDateProblem = InspectBirthDate(record.BirthDate, out var birthDate, out var age);
        var facts = new Facts
        {
            NikProblem = nikProblem, Nik = nik, BirthDateProblem = birthDateProblem, BirthDate = birthDate, Age = age,
        };
        context.RootContextData[FactsKey] = facts;
        return facts;
    }

    private BirthDateProblem InspectBirthDate(string text, out DateOnly birthDate, out int age)
    {
        birthDate = default;
        age = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return BirthDateProblem.Missing;
        }
        // Read by hand: a general date parser costs more than all other checks of a record together.
        var date = text.AsSpan();
        if (date.Length != 10 || date[4] != '-' || date[7] != '-'
            || !Digits(date[..4], out var year) || !Digits(date[5..7], out var month) || !Digits(date[8..], out var day))
        {
            return BirthDateProblem.Malformed;
        }
        if (year == 0 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return BirthDateProblem.Impossible;
        }
        birthDate = new DateOnly(year, month, day);
        var today = Wib.Today(_clock);
        if (birthDate > today)
        {
            return BirthDateProblem.InFuture;
        }
        age = AgeOn(today, birthDate);
        return age < _rules.MinimumAge || age > _rules.MaximumAge ? BirthDateProblem.OutsideWorkingAge : BirthDateProblem.None;
    }

    // Whole years lived; someone born on 29 February turns a year older on 1 March in other years.
    private static int AgeOn(DateOnly today, DateOnly birthDate)
    {
        var age = today.Year - birthDate.Year;
        var birthdayToCome = today.Month < birthDate.Month || (today.Month == birthDate.Month && today.Day < birthDate.Day);
        return birthdayToCome ? age - 1 : age;
    }

    private bool FitsWithoutTitles(string name)
    {
        var limit = _rules.MaximumNameLengthWithoutTitles;
        // Stripping titles only removes characters, save one space after a dot ("M.Nur" reads "M. Nur"),
        // so most names are short enough to skip the costly strip.
        return name.Length + name.AsSpan().Count('.') <= limit || PersonName.StripTitles(name).Length <= limit;
    }

    private static bool Digits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return true;
    }

    /// <summary>
    /// Where the first character names do not have is, or -1. Names have letters of any script (with their combining
    /// accents), spaces, the zero-width marks matching ignores, and . , - and the apostrophes the name folder knows;
    /// a leading - is refused too, so no accepted name can be read as a formula (= + - @) by a spreadsheet.
    /// Control characters are refused before this rule runs.
    /// </summary>
    private static int FirstCharacterNamesDoNotHave(string name)
    {
        var first = true;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsWhiteSpace(c) || TextCharacters.IsZeroWidth(c))
            {
                continue;
            }
            var allowed = c == '-' ? !first : char.IsLetter(c) || c is '.' or ',' || NameTokenizer.IsApostrophe(c) || IsCombiningMark(c);
            if (!allowed)
            {
                return i;
            }
            first = false;
        }
        return -1;
    }

    private static bool IsCombiningMark(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.EnclosingMark;

    private static bool HasDigit(string text)
    {
        foreach (var c in text)
        {
            if (char.IsDigit(c))
            {
                return true;
            }
        }
        return false;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    // 08... or +628..., 10-13 digits counted in the national form (08...), a space or hyphen between any two.
    [GeneratedRegex(@"^(?:0|\+62[ -]?)8(?:[ -]?[0-9]){8,11}\z")]
    private static partial Regex MobileNumber();
}
