using Exchange.Server.Tests.Infrastructure;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests.Security;

/// <summary>
/// Names with control and display characters (issue 12), over the real channel: refused with a field violation in
/// either language, and zero-width marks left out so the name still matches.
/// </summary>
public sealed class NameCharacterTests
{
    [Fact]
    public async Task Control_bidi_and_formula_characters_are_refused_per_field_and_zero_width_marks_do_not_stop_a_match()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var member = Workers.Valid(1);
        member.FullName = "Dadang Suryana";
        await Participants.SyncAsync(gateway.Registry, SyncMode.Snapshot, [Participants.Of(member, segment: Segment.Pu)]);

        (string Field, Action<WorkerRecord> Change, string Code)[] cases =
        [
            ("full_name", r => r.FullName = "DADANG\nSURYANA", "TEXT_CONTROL_CHARACTER"),
            ("full_name", r => r.FullName = "DADANG\0", "TEXT_CONTROL_CHARACTER"),
            ("full_name", r => r.FullName = "DADANG\tSURYANA", "TEXT_CONTROL_CHARACTER"),
            ("full_name", r => r.FullName = "\u202EANAYRUS GNADAD", "TEXT_CONTROL_CHARACTER"),
            ("full_name", r => r.FullName = "=HYPERLINK(\"http://x\",\"DADANG\")", "NAME_CHARACTER_NOT_ALLOWED"),
            ("full_name", r => r.FullName = "@DADANG", "NAME_CHARACTER_NOT_ALLOWED"),
            ("address", r => r.Address = "Jl. Batu Tulis\r\nRT 03", "TEXT_CONTROL_CHARACTER"),
            ("phone", r => r.Phone = "081234567890\n", "TEXT_CONTROL_CHARACTER"),
        ];
        var records = cases.Select((c, i) =>
        {
            var record = Workers.Valid(10 + i);
            c.Change(record);
            return record;
        }).ToList();
        var zeroWidth = member.Clone();
        zeroWidth.FullName = "\uFEFFDa\u200Bdang Sur\u200Dyana\u2060";
        records.Add(zeroWidth);

        foreach (var (language, word) in new[] { ("id", "karakter"), ("en", "character") })
        {
            using var stream = await SubmitStream.OpenAsync(gateway.Submission, $"characters-{language}", headers: new Metadata { { "accept-language", language } });
            var results = (await stream.SendAsync(0, records)).Results;

            for (var i = 0; i < cases.Length; i++)
            {
                Assert.Equal(RecordStatus.Rejected, results[i].Status);
                var violation = Assert.Single(results[i].Violations);
                Assert.Equal(($"records[{i}].{cases[i].Field}", cases[i].Code), (violation.Field, violation.Code));
                Assert.Contains(word, violation.Description, StringComparison.Ordinal);
                // A message never echoes the character itself: a control character shows as U+XXXX.
                Assert.DoesNotContain(violation.Description, c => char.IsControl(c) || c == '\u202E');
            }
            var matched = results[cases.Length];
            Assert.Equal((RecordStatus.Accepted, MatchOutcome.Active, Segment.Pu), (matched.Status, matched.Outcome, matched.Segment));
        }
    }
}
