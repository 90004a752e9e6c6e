using Exchange.Core.Validation;
using FluentValidation.TestHelper;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Tests.Validation;

public sealed class OpenBatchValidatorTests
{
    private static readonly OpenBatchValidator Validator = new();

    [Theory]
    [InlineData("dinkop-umkm:2025-06.pasar_anyar")]
    [InlineData("a")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._")] // 64 characters
    public void Well_formed_open_is_accepted(string batchId)
    {
        var result = Validator.TestValidate(new OpenBatch { BatchId = batchId, Purpose = Purpose.CoverageMatching });

        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Missing_batch_id_is_rejected()
    {
        var result = Validator.TestValidate(new OpenBatch { Purpose = Purpose.ApbdEnrollment });

        result.ShouldHaveValidationErrorFor("batch_id").WithErrorCode(ViolationCodes.BatchIdRequired);
        Assert.Single(result.Errors);
    }

    [Theory]
    [InlineData("batch 1")]
    [InlineData("batch/1")]
    [InlineData("batch-1\n")]
    [InlineData("bätch")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:")] // 65 characters
    public void Malformed_batch_id_is_rejected(string batchId)
    {
        var result = Validator.TestValidate(new OpenBatch { BatchId = batchId, Purpose = Purpose.CoverageMatching });

        result.ShouldHaveValidationErrorFor("batch_id").WithErrorCode(ViolationCodes.BatchIdMalformed);
        Assert.Single(result.Errors);
    }

    [Fact]
    public void Unstated_purpose_is_rejected()
    {
        var result = Validator.TestValidate(new OpenBatch { BatchId = "b1" });

        result.ShouldHaveValidationErrorFor("purpose").WithErrorCode(ViolationCodes.PurposeRequired);
        Assert.Single(result.Errors);
    }

    [Fact]
    public void Undefined_purpose_is_rejected_naming_its_number()
    {
        var result = Validator.TestValidate(new OpenBatch { BatchId = "b1", Purpose = (Purpose)9 });

        result.ShouldHaveValidationErrorFor("purpose")
            .WithErrorCode(ViolationCodes.PurposeUnknown)
            .WithCustomState(new[] { "9" }, StringArrays.Equal);
        Assert.Single(result.Errors);
    }

    [Fact]
    public void Findings_name_the_proto_fields()
    {
        var findings = Findings.From(Validator.Validate(new OpenBatch { BatchId = "batch 1" }));

        Assert.Collection(findings,
            f => AssertFinding(f, "batch_id", ViolationCodes.BatchIdMalformed, FindingSeverity.Error),
            f => AssertFinding(f, "purpose", ViolationCodes.PurposeRequired, FindingSeverity.Error));
    }

    private static void AssertFinding(Finding finding, string field, string code, FindingSeverity severity)
    {
        Assert.Equal((field, code, severity), (finding.Field, finding.Code, finding.Severity));
        Assert.Empty(finding.Arguments);
    }
}
