using System.Collections.Frozen;
using Exchange.Core.Identity;
using Exchange.Core.Matching;
using Exchange.Core.Registry;
using Exchange.Core.Tests.Matching;
using Exchange.Core.Tests.Validation;
using Exchange.Core.Validation;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Tests.Hostile;

/// <summary>
/// Generated hostile worker records through the submission path's inspector (issue 4, hostile input):
/// it never throws, and every finding names a field of the record with a code both languages explain.
/// </summary>
public sealed class RecordInspectorHostileTests
{
    private const int Seed = 20250615;

    private static readonly DateOnly Today = BogorClock.JustAfterMidnightDay;

    private static readonly RecordInspector Inspector =
        new(new WorkerRecordValidator(new ValidationRules(), BogorClock.StartAt(BogorClock.JustAfterMidnight)));

    private static readonly FrozenSet<string> RecordFields =
        WorkerRecord.Descriptor.Fields.InDeclarationOrder().Select(f => f.Name).ToFrozenSet(StringComparer.Ordinal);

    // Every code the record validator can give (NIK_DUPLICATE_IN_BATCH is the intake's).
    private static readonly string[] RecordCodes =
    [
        ViolationCodes.NikRequired, ViolationCodes.NikScientificNotation, ViolationCodes.NikMalformed, ViolationCodes.NikUnknownProvince,
        ViolationCodes.NikImpossibleBirthDate, ViolationCodes.NikSerialZero, ViolationCodes.NikBirthDateMismatch,
        ViolationCodes.NikSexMismatch, ViolationCodes.NikRegionOutsideCity, ViolationCodes.NameRequired, ViolationCodes.NameHasDigits,
        ViolationCodes.NameTooLong, ViolationCodes.NameLongerThan60, ViolationCodes.BirthDateRequired, ViolationCodes.BirthDateMalformed,
        ViolationCodes.BirthDateImpossible, ViolationCodes.BirthDateInFuture, ViolationCodes.AgeOutsideWorkingAge, ViolationCodes.SexUnknown,
        ViolationCodes.KelurahanRequired, ViolationCodes.KelurahanUnknown, ViolationCodes.AddressTooLong, ViolationCodes.PhoneInvalid,
        ViolationCodes.OccupationRequired, ViolationCodes.OccupationUnknown, ViolationCodes.KtpOccupationCodeOutOfRange,
        ViolationCodes.IncomeNegative, ViolationCodes.IncomeAbsurd, ViolationCodes.WelfareDecileOutOfRange,
        ViolationCodes.FundingSourceUnknown, ViolationCodes.TextControlCharacter, ViolationCodes.NameCharacterNotAllowed,
    ];

    // Accepted records are matched next on the submission path, so they meet a registry here too.
    private static readonly RegistryIndex Index = RegistryIndex.Build(SyntheticRegistry.Generate(300, Seed));

    /// <summary>100,000 generated records.</summary>
    [Fact]
    public void Inspect_never_throws_on_100_000_generated_records_and_every_finding_is_well_formed()
    {
        const int records = 100_000;
        var input = new HostileInput(Seed, Today);
        var tally = new FailureTally(nameof(RecordInspector), Seed);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var accepted = 0;
        for (var i = 0; i < records; i++)
        {
            var record = input.WorkerRecord();
            var before = i % 10 == 0 ? record.Clone() : null;
            try
            {
                var findings = Inspector.Inspect(record);
                seen.UnionWith(findings.Select(f => f.Code));
                HostileChecks.WellFormed(findings, RecordFields, tally, $"record {i}: {Show(record)}");
                if (before is not null)
                {
                    // Inspection reads, never writes, and says the same the second time.
                    if (!before.Equals(record))
                    {
                        tally.Add("the record changed while inspected", $"record {i}: {Show(before)}");
                    }
                    if (!HostileChecks.SameFindings(findings, Inspector.Inspect(record)))
                    {
                        tally.Add("a second inspection found something else", $"record {i}: {Show(record)}");
                    }
                }
                if (!findings.Any(f => f.Severity == FindingSeverity.Error))
                {
                    accepted++;
                    MatchLikeTheIntake(record, i, tally);
                }
            }
            catch (Exception exception)
            {
                tally.Threw(exception, $"record {i}: {Show(record)}");
            }
        }
        tally.AssertNone(records);
        // The generator reaches every rule, and enough records pass them all to reach the matcher.
        Assert.Empty(RecordCodes.Except(seen));
        Assert.InRange(accepted, records / 50, records / 2);
    }

    /// <summary>20,000 generated records, inspected on all cores at once and one by one: the shared inspector gives the same answers.</summary>
    [Fact]
    public void One_shared_inspector_answers_the_same_on_many_threads_for_20_000_generated_records()
    {
        const int records = 20_000;
        var input = new HostileInput(Seed + 1, Today);
        var generated = Enumerable.Range(0, records).Select(_ => input.WorkerRecord()).ToArray();
        var alone = generated.Select(Inspector.Inspect).ToArray();
        var together = new IReadOnlyList<Finding>[records];
        Parallel.For(0, records, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) },
            i => together[i] = Inspector.Inspect(generated[i]));

        var tally = new FailureTally(nameof(RecordInspector), Seed + 1);
        for (var i = 0; i < records; i++)
        {
            if (!HostileChecks.SameFindings(alone[i], together[i]))
            {
                tally.Add("findings differ between threads", $"record {i}: {Show(generated[i])}");
            }
        }
        tally.AssertNone(records);
    }

    // What BatchIntake does with a record the inspector accepts: parse its NIK, map it, match it.
    private static void MatchLikeTheIntake(WorkerRecord record, int i, FailureTally tally)
    {
        if (Nik.Inspect(record.Nik, out var nik) != NikProblem.None || !long.TryParse(nik.Value, out _))
        {
            tally.Add("an accepted record has a NIK the intake cannot read", $"record {i}: {Show(record)}");
            return;
        }
        var result = Matcher.Match(RegistryMapping.ToMatchSubject(record), Index, Today);
        if (!Enum.IsDefined(result.Outcome) || !double.IsFinite(result.Score) || result.Reasons is null)
        {
            tally.Add($"match result {result} is not well formed", $"record {i}: {Show(record)}");
        }
    }

    internal static string Show(WorkerRecord r) =>
        $"nik={HostileChecks.Show(r.Nik)} full_name={HostileChecks.Show(r.FullName)} birth_date={HostileChecks.Show(r.BirthDate)} " +
        $"sex={(int)r.Sex} kelurahan_code={HostileChecks.Show(r.KelurahanCode)} address={HostileChecks.Show(r.Address)} " +
        $"phone={HostileChecks.Show(r.Phone)} occupation={(int)r.Occupation} " +
        $"ktp_occupation_code={(r.HasKtpOccupationCode ? r.KtpOccupationCode.ToString() : "-")} " +
        $"monthly_income_rupiah={(r.HasMonthlyIncomeRupiah ? r.MonthlyIncomeRupiah.ToString() : "-")} " +
        $"welfare_decile={(r.HasWelfareDecile ? r.WelfareDecile.ToString() : "-")} funding_source={(int)r.FundingSource}";
}
