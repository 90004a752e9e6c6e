using System.Reflection;
using System.Text;
using Exchange.Cli.Input;

namespace Exchange.Cli.Tests.Input;

/// <summary>Whatever the values of a file, reading it never throws, and what it says about them is safe to print.</summary>
public sealed class HostileFileTests
{
    private static readonly HashSet<string> Codes = typeof(ProblemCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (string)f.GetValue(null)!).ToHashSet();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Hostile_values_give_records_or_problems_and_printable_messages(int seed)
    {
        var hostile = new HostileInput(seed, new DateOnly(2025, 6, 20));
        using var directory = new TempDirectory();
        var path = directory.File("hostile.csv");
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            writer.Write("nik,nama,tanggal_lahir,jk,kelurahan,alamat,no_hp,pekerjaan,penghasilan,desil,sumber_dana\n");
            for (var i = 0; i < 300; i++)
            {
                string[] values = [hostile.Nik(), hostile.Name(), hostile.Date(), hostile.Text(), hostile.Kelurahan(), hostile.Text(), hostile.Phone(),
                    hostile.Text(), hostile.Text(), hostile.Text(), hostile.Text()];
                // A NUL makes the whole file "not text": that refusal has its own test.
                writer.Write(string.Join(',', values.Select(v => "\"" + v.Replace("\0", "", StringComparison.Ordinal).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")) + "\n");
            }
        }

        var file = WorkerFile.Open(path);
        var lines = file.ReadLines().ToList();

        Assert.InRange(lines.Count, 1, 300);
        Assert.Equal(lines.Select(l => l.LineNumber).Order(), lines.Select(l => l.LineNumber));
        Assert.Equal(lines.Count, lines.Select(l => l.LineNumber).Distinct().Count());
        Assert.All(lines, line =>
        {
            Assert.Equal(line.Problems.Count == 0, line.Record is not null);
            Assert.All(line.Problems, problem =>
            {
                Assert.Contains(problem.Code, Codes);
                Assert.InRange(problem.Message.Length, 20, 400);
                Assert.DoesNotContain(problem.Message, c => char.IsControl(c) || char.IsSurrogate(c) || c is '\u202E' or '\u200B');
            });
        });
        Assert.Equal(lines.SelectMany(l => l.Problems), file.ReadLines().SelectMany(l => l.Problems));
    }
}
