using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Validation;

/// <summary>Checks the message that opens or resumes a batch; read its findings with <see cref="Findings.From"/>.</summary>
public sealed partial class OpenBatchValidator : AbstractValidator<OpenBatch>
{
    public OpenBatchValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(o => o.BatchId)
            .NotEmpty()
                .WithErrorCode(ViolationCodes.BatchIdRequired)
            .Must(id => BatchId().IsMatch(id))
                .WithErrorCode(ViolationCodes.BatchIdMalformed)
            .OverridePropertyName("batch_id");

        // UU PDP Art. 16: no processing without a stated purpose.
        RuleFor(o => o.Purpose)
            .NotEqual(Purpose.Unspecified)
                .WithErrorCode(ViolationCodes.PurposeRequired)
            .Must(purpose => Enum.IsDefined(purpose))
                .WithErrorCode(ViolationCodes.PurposeUnknown)
                .WithState((_, purpose) => new[] { ((int)purpose).ToString(CultureInfo.InvariantCulture) })
            .OverridePropertyName("purpose");
    }

    /// <summary>The code of what is wrong with a batch id (as every call that names a batch checks it), or null.</summary>
    public static string? BatchIdProblem(string batchId) =>
        string.IsNullOrWhiteSpace(batchId) ? ViolationCodes.BatchIdRequired
        : BatchId().IsMatch(batchId) ? null
        : ViolationCodes.BatchIdMalformed;

    [GeneratedRegex(@"^[A-Za-z0-9._:-]{1,64}\z")]
    private static partial Regex BatchId();
}
