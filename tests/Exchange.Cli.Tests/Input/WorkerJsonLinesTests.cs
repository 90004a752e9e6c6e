using Exchange.Cli.Input;
using Jamsostek.Exchange.V1;

namespace Exchange.Cli.Tests.Input;

public sealed class WorkerJsonLinesTests
{
    [Fact]
    public void Each_line_is_one_object_and_a_broken_line_is_a_problem_of_that_line_only()
    {
        using var directory = new TempDirectory();
        var path = TestFiles.Write(directory, "dinsos.jsonl", string.Join('\n',
            "{\"nik\": \"3271011705880001\", \"nama\": \"Asep Saepudin\", \"tanggal_lahir\": \"17/05/1988\", \"jk\": \"L\", \"penghasilan\": 2500000, \"desil\": 3, \"sumber_dana\": \"APBD\", \"catatan\": \"x\"}",
            "{\"nik\": \"3271011705880002\", \"nama\": \"Ujang\"",
            "",
            "{\"nik\": 3271011705880003, \"full_name\": \"Dede\"}",
            "{\"no_ktp\": \"3271011705880004\", \"full_name\": \"Euis\", \"occupation\": [\"PKL\"], \"address\": null}",
            "[\"3271011705880005\", \"Komar\"]",
            "{\"NIK\": \"3271011705880006\", \"Full Name\": \"Siti\", \"birth_date\": \"1988-05-17\", \"sex\": \"FEMALE\", \"welfare_decile\": 10}",
            ""), byteOrderMark: true);

        var file = WorkerFile.Open(path);
        var lines = file.ReadLines().ToList();

        Assert.Equal(InputFormat.JsonLines, file.Format);
        Assert.Equal(["catatan"], file.IgnoredColumns);
        Assert.Equal([1, 2, 4, 5, 6, 7], lines.Select(l => l.LineNumber));
        Assert.Equal(new WorkerRecord
        {
            Nik = "3271011705880001", FullName = "Asep Saepudin", BirthDate = "1988-05-17", Sex = Sex.Male, MonthlyIncomeRupiah = 2_500_000,
            WelfareDecile = 3, FundingSource = FundingSource.Apbd,
        }, lines[0].Record);
        Assert.Equal(ProblemCodes.JsonUnreadable, TestFiles.OneProblem(lines[1]).Code);
        Assert.Contains("each line must be one object", lines[1].Problems[0].Message, StringComparison.Ordinal);
        Assert.Equal(new LineProblem("nik", ProblemCodes.NikJsonNumber,
            "NIK is a JSON number, and numbers lose digits: write it as a string in quotes, as \"nik\": \"3271...\""), TestFiles.OneProblem(lines[2]));
        Assert.Equal(new LineProblem("occupation", ProblemCodes.ValueNotText,
            "\"occupation\" is a JSON array: give it as a string (or a number), or null when it is not known"), TestFiles.OneProblem(lines[3]));
        Assert.Equal("this line is a JSON array, not an object: each line must be one object, such as {\"nik\": \"3271...\", \"nama\": \"...\"}",
            TestFiles.OneProblem(lines[4]).Message);
        Assert.Equal(new WorkerRecord { Nik = "3271011705880006", FullName = "Siti", BirthDate = "1988-05-17", Sex = Sex.Female, WelfareDecile = 10 },
            lines[5].Record);
    }

    [Fact]
    public void The_columns_come_from_the_first_object_even_after_a_broken_first_line()
    {
        using var directory = new TempDirectory();
        var path = TestFiles.Write(directory, "w.ndjson", "{oops\n{\"nik\": \"3271011705880001\", \"x\": 1}\n");

        var file = WorkerFile.Open(path);

        Assert.Equal(["nik"], file.RecognisedColumns);
        Assert.Equal(["x"], file.IgnoredColumns);
        Assert.Equal([ProblemCodes.JsonUnreadable], file.ReadLines().SelectMany(l => l.Problems).Select(p => p.Code));
    }

    [Theory]
    [InlineData("nik,nama\n3271011705880001,Asep\n", "no line of")]
    [InlineData("{\"nama\": \"Asep\"}\n", "has no NIK column")]
    public void A_file_without_a_usable_object_is_refused(string text, string says)
    {
        using var directory = new TempDirectory();
        var path = TestFiles.Write(directory, "w.jsonl", text);

        var error = Assert.Throws<InputFileException>(() => WorkerFile.Open(path));

        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Asep", error.Message, StringComparison.Ordinal);
    }
}
