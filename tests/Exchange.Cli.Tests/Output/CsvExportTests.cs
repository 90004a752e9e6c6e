using System.Text;
using Exchange.Cli.Input;
using Exchange.Cli.Output;

namespace Exchange.Cli.Tests.Output;

public sealed class CsvExportTests
{
    [Fact]
    public void Rows_are_RFC_4180_in_UTF_8_with_a_byte_order_mark()
    {
        using var directory = new TempDirectory();
        var path = directory.File("results.csv");

        using (var csv = new CsvExport(path, "line", "nama", "messages"))
        {
            csv.WriteRow("2", "Siti Nur'aini Ça\u011Flar", "a, b");
            csv.WriteRow("3", "H. \"Haji\" Asep", "first\nsecond");
            csv.WriteRow("4", null, "");
        }

        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal("line,nama,messages\r\n2,Siti Nur'aini Ça\u011Flar,\"a, b\"\r\n3,\"H. \"\"Haji\"\" Asep\",\"first\nsecond\"\r\n4,,\r\n",
            Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public void A_value_that_starts_like_a_formula_is_escaped_so_a_spreadsheet_shows_it_as_text()
    {
        using var directory = new TempDirectory();
        var path = directory.File("candidates.csv");

        using (var csv = new CsvExport(path, "a", "b", "c", "d", "e", "f", "g", "h"))
        {
            csv.WriteRow("=1+1", "+6281234567890", "-5", "@SUM(A1:A9)", "\tx", "\rx", "=HYPERLINK(\"http://x\",\"y\")", "a=1");
        }

        Assert.Equal(
            "a,b,c,d,e,f,g,h\r\n\"'=1+1\",\"'+6281234567890\",\"'-5\",\"'@SUM(A1:A9)\",\"'\tx\",\"'\rx\",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",a=1\r\n",
            File.ReadAllText(path, Encoding.UTF8));
    }

    [Fact]
    public void Flushed_rows_are_in_the_file_while_it_is_still_being_written()
    {
        using var directory = new TempDirectory();
        var path = directory.File("review.csv");

        using var csv = new CsvExport(path, "review_id");
        csv.WriteRow("r-1");
        csv.Flush();

        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), Encoding.UTF8);
        Assert.Equal("review_id\r\nr-1\r\n", reader.ReadToEnd());
    }

    [Fact]
    public void A_row_with_another_number_of_values_than_the_header_is_refused()
    {
        using var directory = new TempDirectory();
        using var csv = new CsvExport(directory.File("x.csv"), "a", "b");

        Assert.Throws<InvalidOperationException>(() => csv.WriteRow("1"));
    }

    [Fact]
    public void What_the_CLI_writes_its_own_reader_reads_back()
    {
        using var directory = new TempDirectory();
        var path = directory.File("again.csv");
        using (var csv = new CsvExport(path, "nik", "nama", "alamat"))
        {
            csv.WriteRow(Workers.Nik(1), "Asep, S.Pd.", "Jl. Mawar\nRT 02; RW 03");
        }

        var record = Assert.Single(WorkerFile.Open(path).ReadLines()).Record!;

        Assert.Equal((Workers.Nik(1), "Asep, S.Pd.", "Jl. Mawar\nRT 02; RW 03"), (record.Nik, record.FullName, record.Address));
    }
}
