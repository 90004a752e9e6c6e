using Exchange.Core.Validation;

namespace Exchange.Core.Tests.Validation;

public sealed class RecordInspectorTests
{
    private static readonly RecordInspector Inspector =
        new(new WorkerRecordValidator(new ValidationRules(), BogorClock.StartAt(BogorClock.JustAfterMidnight)));

    [Fact]
    public void Clean_record_has_no_findings()
    {
        Assert.Empty(Inspector.Inspect(WorkerRecords.Complete()));
        Assert.Empty(Inspector.Inspect(WorkerRecords.Minimal()));
    }

    [Fact]
    public void Findings_carry_field_code_severity_and_arguments_in_rule_order()
    {
        var record = WorkerRecords.Complete();
        record.Nik = "3201012107850001";
        record.Phone = "0251-8321234";
        record.BirthDate = "2010-01-01";

        var findings = Inspector.Inspect(record);

        Assert.Collection(findings,
            f => AssertFinding(f, "nik", ViolationCodes.NikRegionOutsideCity, FindingSeverity.Warning, "3201", "Kota Bogor"),
            f => AssertFinding(f, "birth_date", ViolationCodes.AgeOutsideWorkingAge, FindingSeverity.Error, "15", "18", "65"),
            f => AssertFinding(f, "phone", ViolationCodes.PhoneInvalid, FindingSeverity.Error));
    }

    [Fact]
    public void Inspecting_again_gives_the_same_findings()
    {
        var record = WorkerRecords.Complete();
        record.Sex = Jamsostek.Exchange.V1.Sex.Female;

        var first = Inspector.Inspect(record);
        var second = Inspector.Inspect(record);

        AssertFinding(Assert.Single(first), "nik", ViolationCodes.NikSexMismatch, FindingSeverity.Warning);
        AssertFinding(Assert.Single(second), "nik", ViolationCodes.NikSexMismatch, FindingSeverity.Warning);
    }

    private static void AssertFinding(Finding finding, string field, string code, FindingSeverity severity, params string[] arguments)
    {
        Assert.Equal((field, code, severity), (finding.Field, finding.Code, finding.Severity));
        Assert.Equal(arguments, finding.Arguments);
    }
}
