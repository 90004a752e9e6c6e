using System.Text;
using Exchange.Cli.Input;

namespace Exchange.Cli.Tests.Input;

/// <summary>A file that cannot be read at all fails at once, with one exception whose message says what to do.</summary>
public sealed class InputFileErrorTests
{
    [Fact]
    public void A_missing_file_or_a_folder_is_named()
    {
        using var directory = new TempDirectory();

        var missing = Assert.Throws<InputFileException>(() => WorkerFile.Open(directory.File("nope.csv")));
        var folder = Assert.Throws<InputFileException>(() => WorkerFile.Open(directory.Path));

        Assert.Contains("nope.csv does not exist", missing.Message, StringComparison.Ordinal);
        Assert.Contains("is a folder", folder.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data.xls", "is an old Excel workbook (.xls)")]
    [InlineData("data.json", "not \".json\"")]
    [InlineData("data", "not \"\"")]
    public void An_extension_the_CLI_cannot_read_says_what_to_save_the_file_as(string name, string says)
    {
        using var directory = new TempDirectory();
        var path = TestFiles.Write(directory, name, "nik\n3271011705880001\n");

        var error = Assert.Throws<InputFileException>(() => WorkerFile.Open(path));

        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("\uFEFF", "has no header row")]
    [InlineData("\n\n", "has no header row")]
    [InlineData("3271011705880001;Asep;17/05/1988\n", "has no header row: its first line looks like data")]
    [InlineData("nama;tanggal_lahir\nAsep;17/05/1988\n", "has no NIK column (found: \"nama\", \"tanggal_lahir\")")]
    [InlineData("kolom1;kolom2\nx;y\n", "none of its columns is one the CLI knows (found: \"kolom1\", \"kolom2\"): name them nik, nama or full_name, tanggal_lahir or birth_date")]
    [InlineData("nik;nama;full_name\n", "the columns \"nama\" and \"full_name\" both give the name")]
    public void A_header_no_record_can_be_read_with_is_refused(string text, string says)
    {
        using var directory = new TempDirectory();
        var path = TestFiles.Write(directory, "w.csv", text);

        var error = Assert.Throws<InputFileException>(() => WorkerFile.Open(path));

        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("3271011705880001", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Asep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_UTF_8_names_the_first_bad_line_even_far_into_the_file()
    {
        using var directory = new TempDirectory();
        var path = directory.File("latin1.csv");
        var text = new StringBuilder("nik;nama\n");
        for (var serial = 1; serial <= 5000; serial++)
        {
            text.Append(Workers.Nik(serial)).Append(";Asep\n");
        }
        var bytes = Encoding.ASCII.GetBytes(text.ToString()).Concat(Encoding.Latin1.GetBytes("3271011705885001;Andr\u00e9\n")).ToArray();
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InputFileException>(() => WorkerFile.Open(path));

        Assert.Contains("is not UTF-8 text (line 5002 has bytes UTF-8 does not allow): save it as \"CSV UTF-8\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_UTF_8_character_split_across_read_buffers_is_still_UTF_8()
    {
        using var directory = new TempDirectory();
        // 65,535 ASCII bytes put the two bytes of "é" on both sides of the first 64 KiB.
        var path = TestFiles.Write(directory, "w.csv", "nik;nama\n" + Workers.Nik(1) + ";" + new string('a', 65_535 - 26) + "\u00e9\n");

        Assert.Single(WorkerFile.Open(path).ReadLines());
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, (byte)'n', 0, (byte)'i', 0, (byte)'k', 0 }, "is UTF-16 text")]
    [InlineData(new byte[] { (byte)'P', (byte)'K', 3, 4, 0, 0, 0 }, "is not a text file (it holds NUL bytes)")]
    [InlineData(new byte[] { (byte)'n', (byte)'i', (byte)'k', 0xE2, 0x82 }, "is not UTF-8 text (line 1")]
    public void Bytes_that_are_not_UTF_8_text_are_refused(byte[] bytes, string says)
    {
        using var directory = new TempDirectory();
        var path = directory.File("w.csv");
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InputFileException>(() => WorkerFile.Open(path));

        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }
}
