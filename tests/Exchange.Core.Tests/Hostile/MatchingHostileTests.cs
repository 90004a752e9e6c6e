using System.Collections.Frozen;
using System.Globalization;
using Exchange.Core.Matching;
using Exchange.Core.Registry;
using Exchange.Core.Tests.Matching;
using Exchange.Core.Validation;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Tests.Hostile;

/// <summary>
/// Generated hostile subjects through the matcher, and generated participants through the registry's
/// validator and into an index: no exception, and what the validator lets in can be indexed and matched.
/// </summary>
public sealed class MatchingHostileTests
{
    private const int Seed = 27_2022;

    private static readonly DateOnly Today = BogorClock.JustAfterMidnightDay;

    private static readonly FrozenSet<string> ParticipantFields =
        Participant.Descriptor.Fields.InDeclarationOrder().Select(f => f.Name).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>40,000 generated subjects against a 300-participant index, many of them a NIK typo or a birth date away from someone.</summary>
    [Fact]
    public void Match_never_throws_on_40_000_generated_subjects()
    {
        const int subjects = 40_000;
        var participants = SyntheticRegistry.Generate(300, Seed);
        var index = RegistryIndex.Build(participants);
        var known = participants.Select(p => p.Nik).ToFrozenSet(StringComparer.Ordinal);
        var input = new HostileInput(Seed, Today);
        var tally = new FailureTally(nameof(Matcher), Seed);
        for (var i = 0; i < subjects; i++)
        {
            var subject = (i % 3) switch
            {
                0 => RegistryMapping.ToMatchSubject(input.WorkerRecord()),
                1 => NearSomeone(input, input.Pick(participants)),
                _ => Raw(input),
            };
            var today = i % 50 == 0 ? input.Pick([DateOnly.MinValue, DateOnly.MaxValue, new DateOnly(2000, 2, 29)]) : Today;
            try
            {
                var result = Matcher.Match(subject, index, today);
                if (!Enum.IsDefined(result.Outcome) || !Enum.IsDefined(result.Segment) || !double.IsFinite(result.Score)
                    || result.Reasons is null || result.Reasons.Any(r => !Enum.IsDefined(r)))
                {
                    tally.Add($"result {result} is not well formed", Show(subject));
                }
                if (result.ParticipantNik is { } nik && !known.Contains(nik))
                {
                    tally.Add("the result names someone not in the registry", Show(subject));
                }
                if (i % 10 == 0 && !SameResult(result, Matcher.Match(subject, index, today)))
                {
                    tally.Add("matching again gave another result", Show(subject));
                }
            }
            catch (Exception exception)
            {
                tally.Threw(exception, Show(subject));
            }
        }
        tally.AssertNone(subjects);
    }

    /// <summary>
    /// 50,000 generated participants through the validator; those it accepts (NIKs made unique) are
    /// indexed and matched against, as a sync would.
    /// </summary>
    [Fact]
    public void ParticipantValidator_never_throws_on_50_000_generated_participants_and_what_it_accepts_can_be_indexed()
    {
        const int count = 50_000;
        var validator = new ParticipantValidator();
        var input = new HostileInput(Seed + 1, Today);
        var tally = new FailureTally(nameof(ParticipantValidator), Seed + 1);
        var accepted = new Dictionary<string, Participant>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var participant = GenerateParticipant(input);
            try
            {
                var findings = Findings.From(validator.Validate(participant));
                HostileChecks.WellFormed(findings, ParticipantFields, tally, Show(participant));
                if (findings.Count == 0)
                {
                    accepted[participant.Nik] = participant;
                    _ = RegistryMapping.ToRegistryParticipant(participant);
                }
            }
            catch (Exception exception)
            {
                tally.Threw(exception, Show(participant));
            }
        }
        tally.AssertNone(count);
        Assert.True(accepted.Count > 1000, $"only {accepted.Count} participants were accepted: the generator is too hostile to reach the index");

        var index = RegistryIndex.Build(accepted.Values.Select(RegistryMapping.ToRegistryParticipant));
        Assert.Equal(accepted.Count, index.Count);
        var matching = new FailureTally(nameof(Matcher), Seed + 1);
        foreach (var participant in accepted.Values.Take(5_000))
        {
            var subject = new MatchSubject(participant.Nik, participant.FullName, DateOnly.TryParseExact(participant.BirthDate, "yyyy-MM-dd",
                CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null, participant.Sex, participant.KelurahanCode);
            try
            {
                var result = Matcher.Match(subject, index, Today);
                if (result.ParticipantNik is null)
                {
                    matching.Add($"a participant's own data does not find them ({result.Outcome})", Show(participant));
                }
            }
            catch (Exception exception)
            {
                matching.Threw(exception, Show(participant));
            }
        }
        matching.AssertNone(Math.Min(5_000, accepted.Count));
    }

    /// <summary>20,000 generated batch openings: what the validator accepts is a well-formed id and a defined purpose.</summary>
    [Fact]
    public void OpenBatchValidator_never_throws_on_20_000_generated_openings()
    {
        const int count = 20_000;
        var validator = new OpenBatchValidator();
        var fields = OpenBatch.Descriptor.Fields.InDeclarationOrder().Select(f => f.Name).ToFrozenSet(StringComparer.Ordinal);
        var input = new HostileInput(Seed + 2, Today);
        var tally = new FailureTally(nameof(OpenBatchValidator), Seed + 2);
        for (var i = 0; i < count; i++)
        {
            var open = new OpenBatch
            {
                BatchId = input.Chance(0.3) ? "batch-" + input.Digits(input.Random.Next(0, 70)) : input.Text(),
                Purpose = (Purpose)input.EnumValue(2),
            };
            var shown = $"batch_id={HostileChecks.Show(open.BatchId)} purpose={(int)open.Purpose}";
            try
            {
                var findings = Findings.From(validator.Validate(open));
                HostileChecks.WellFormed(findings, fields, tally, shown);
                if (findings.Count == 0 && (open.BatchId.Length is < 1 or > 64
                    || !open.BatchId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-')
                    || open.Purpose is not (Purpose.CoverageMatching or Purpose.ApbdEnrollment)))
                {
                    tally.Add("an opening outside the documented shape was accepted", shown);
                }
            }
            catch (Exception exception)
            {
                tally.Threw(exception, shown);
            }
        }
        tally.AssertNone(count);
    }

    // The participant's NIK typed with one digit changed or two swapped, or exact; other fields hostile or theirs.
    private static MatchSubject NearSomeone(HostileInput input, RegistryParticipant participant)
    {
        var nik = participant.Nik.ToCharArray();
        switch (input.Random.Next(4))
        {
            case 0:
                nik[input.Random.Next(16)] = (char)('0' + input.Random.Next(10));
                break;
            case 1:
                var at = input.Random.Next(15);
                (nik[at], nik[at + 1]) = (nik[at + 1], nik[at]);
                break;
            case 2:
                nik[input.Random.Next(16)] = input.Pick(['\u0660', 'O', ' ', '\uD800']);
                break;
        }
        return new MatchSubject(
            new string(nik),
            input.Chance(0.5) ? participant.FullName + input.Pick<string>(["", " bin Ahmad", ", S.Pd.", "a", " H."]) : input.Text(),
            input.Chance(0.6) ? participant.BirthDate : HostileDate(input),
            input.Chance(0.6) ? participant.Sex : (Sex)input.EnumValue(2),
            input.Chance(0.5) ? participant.KelurahanCode : input.Kelurahan());
    }

    private static MatchSubject Raw(HostileInput input) => new(
        input.Chance(0.02) ? null! : input.Nik(),
        input.Chance(0.02) ? null! : input.Text(),
        HostileDate(input),
        (Sex)input.EnumValue(2),
        input.Chance(0.1) ? null : input.Kelurahan());

    private static DateOnly? HostileDate(HostileInput input) => input.Random.Next(5) switch
    {
        0 => null,
        1 => input.Pick([DateOnly.MinValue, DateOnly.MaxValue, new DateOnly(1, 12, 31), new DateOnly(9999, 1, 1)]),
        _ => DateOnly.FromDayNumber(input.Random.Next(DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber + 1)),
    };

    private static Participant GenerateParticipant(HostileInput input)
    {
        var worker = input.ValidWorker();
        var month = input.Random.Next(1, 13).ToString("D2", CultureInfo.InvariantCulture);
        return new Participant
        {
            Nik = input.Chance(0.6) ? worker.Nik : input.Nik(),
            FullName = input.Chance(0.6) ? worker.FullName : input.Text(),
            BirthDate = input.Random.Next(4) switch { 0 => "", 1 or 2 => worker.BirthDate, _ => input.Date() },
            Sex = input.Chance(0.6) ? worker.Sex : (Sex)input.EnumValue(2),
            Segment = input.Chance(0.6) ? (Segment)input.Random.Next(1, 5) : (Segment)input.EnumValue(4),
            Status = input.Chance(0.6) ? (ParticipantStatus)input.Random.Next(1, 4) : (ParticipantStatus)input.EnumValue(3),
            LastPaidMonth = input.Random.Next(5) switch
            {
                0 => "",
                1 or 2 => $"{input.Random.Next(1990, 2026)}-{month}",
                3 => input.Pick<string>(["0000-01", "0001-01", "9999-12", "2025-00", "2025-13", "2025-1", "+025-01", "2025-\u0661\u0662", " 2025-01"]),
                _ => input.Text(),
            },
            KelurahanCode = input.Chance(0.6) ? worker.KelurahanCode : input.Kelurahan(),
        };
    }

    private static bool SameResult(MatchResult first, MatchResult second) =>
        first.Outcome == second.Outcome && first.Segment == second.Segment && first.Score.Equals(second.Score)
        && first.Reasons.SequenceEqual(second.Reasons) && first.ParticipantNik == second.ParticipantNik;

    private static string Show(MatchSubject s) =>
        $"nik={HostileChecks.Show(s.Nik)} full_name={HostileChecks.Show(s.FullName)} birth_date={s.BirthDate?.ToString("o", CultureInfo.InvariantCulture) ?? "-"} " +
        $"sex={(int)s.Sex} kelurahan_code={HostileChecks.Show(s.KelurahanCode)}";

    private static string Show(Participant p) =>
        $"nik={HostileChecks.Show(p.Nik)} full_name={HostileChecks.Show(p.FullName)} birth_date={HostileChecks.Show(p.BirthDate)} " +
        $"sex={(int)p.Sex} segment={(int)p.Segment} status={(int)p.Status} last_paid_month={HostileChecks.Show(p.LastPaidMonth)} " +
        $"kelurahan_code={HostileChecks.Show(p.KelurahanCode)}";
}
