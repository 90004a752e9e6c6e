using System.Text;
using Exchange.Cli.Input;

namespace Exchange.Cli.Tests.Input;

/// <summary>Writes operators' files as spreadsheets and tools save them, for the readers to read back.</summary>
internal static class TestFiles
{
    public static string Write(TempDirectory directory, string name, string text, bool byteOrderMark = false)
    {
        var path = directory.File(name);
        File.WriteAllText(path, text, new UTF8Encoding(byteOrderMark));
        return path;
    }

    /// <summary>The one line of a CSV file of a NIK column and one more column holding <paramref name="value"/>.</summary>
    public static InputLine OneLine(string column, string value, string nik = "3271011705880001")
    {
        using var directory = new TempDirectory();
        var path = Write(directory, "one.csv", $"nik;{column}\n{nik};{value}\n");
        return Assert.Single(WorkerFile.Open(path).ReadLines());
    }

    public static LineProblem OneProblem(InputLine line)
    {
        Assert.Null(line.Record);
        return Assert.Single(line.Problems);
    }

    public static LineProblem OneProblem(ParticipantLine line)
    {
        Assert.Null(line.Participant);
        return Assert.Single(line.Problems);
    }
}
