using System.Globalization;
using Exchange.Core.Matching;
using Exchange.Core.Reference;
using FluentValidation;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Validation;

/// <summary>
/// Checks a participant BPJS syncs. The registry is BPJS's own data, so only what matching relies on
/// is checked: a usable NIK, a name, well-formed dates, and defined segment and status.
/// </summary>
public sealed class ParticipantValidator : AbstractValidator<Participant>
{
    public ParticipantValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(p => p.Nik)
            .Must(nik => NikNumber.TryParse(nik, out _))
                .WithErrorCode(ViolationCodes.NikMalformed)
            .OverridePropertyName("nik");

        RuleFor(p => p.FullName)
            .Must(name => !string.IsNullOrWhiteSpace(name))
                .WithErrorCode(ViolationCodes.NameRequired)
            .WithoutControlCharacters()
            .OverridePropertyName("full_name");

        RuleFor(p => p.BirthDate)
            .Must(date => date.Length == 0
                || DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                .WithErrorCode(ViolationCodes.BirthDateMalformed)
            .OverridePropertyName("birth_date");

        RuleFor(p => p.Sex)
            .Must(sex => Enum.IsDefined(sex))
                .WithErrorCode(ViolationCodes.SexUnknown)
                .WithState((_, sex) => Number(sex))
            .OverridePropertyName("sex");

        RuleFor(p => p.Segment)
            .NotEqual(Segment.Unspecified)
                .WithErrorCode(ViolationCodes.SegmentRequired)
            .Must(segment => Enum.IsDefined(segment))
                .WithErrorCode(ViolationCodes.SegmentUnknown)
                .WithState((_, segment) => Number(segment))
            .OverridePropertyName("segment");

        RuleFor(p => p.Status)
            .NotEqual(ParticipantStatus.Unspecified)
                .WithErrorCode(ViolationCodes.ParticipantStatusRequired)
            .Must(status => Enum.IsDefined(status))
                .WithErrorCode(ViolationCodes.ParticipantStatusUnknown)
                .WithState((_, status) => Number(status))
            .OverridePropertyName("status");

        RuleFor(p => p.LastPaidMonth)
            .Must(month => month.Length == 0 || CalendarMonth.TryParse(month, out _))
                .WithErrorCode(ViolationCodes.LastPaidMonthMalformed)
            .OverridePropertyName("last_paid_month");

        RuleFor(p => p.KelurahanCode)
            .WithoutControlCharacters()
            .Must(code => code.Length == 0 || Wilayah.ToDottedCode(code.Trim()) is not null)
                .WithErrorCode(ViolationCodes.KelurahanMalformed)
            .OverridePropertyName("kelurahan_code");
    }

    private static string[] Number<TEnum>(TEnum value) where TEnum : struct, Enum =>
        [Convert.ToInt32(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)];
}
