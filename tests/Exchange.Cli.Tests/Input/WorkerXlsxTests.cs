using Exchange.Cli.Input;
using Jamsostek.Exchange.V1;
using MiniExcelLibs;

namespace Exchange.Cli.Tests.Input;

public sealed class WorkerXlsxTests
{
    [Fact]
    public void A_workbook_is_read_from_its_first_sheet_with_sheet_row_numbers_and_typed_cells()
    {
        using var directory = new TempDirectory();
        var path = directory.File("dinsos.xlsx");
        MiniExcel.SaveAs(path, new List<Dictionary<string, object?>>
        {
            Row("3271011705880001", "Asep Saepudin", new DateTime(1988, 5, 17), 2_500_000L, "Pedagang Pasar"),
            // A NIK typed into a number cell: the cell shows it in full, but the spreadsheet kept 15 digits of it.
            Row(3271011705880000d, "Siti Aminah", "17/05/1988", null, "PKL"),
            Row(null, null, null, null, null),
            Row("3271011705880003", "Dede", "31/02/1990", "Rp 1.500.000", "Ojol"),
        });

        var file = WorkerFile.Open(path);
        var lines = file.ReadLines().ToList();

        Assert.Equal(InputFormat.Xlsx, file.Format);
        Assert.Equal(["Keterangan"], file.IgnoredColumns);
        Assert.Equal([2, 3, 5], lines.Select(l => l.LineNumber));
        Assert.Equal(new WorkerRecord
        {
            Nik = "3271011705880001", FullName = "Asep Saepudin", BirthDate = "1988-05-17", MonthlyIncomeRupiah = 2_500_000,
            Occupation = Occupation.PedagangPasar, KelurahanCode = "3271011001",
        }, lines[0].Record);
        Assert.Equal(new LineProblem("nik", ProblemCodes.NikSpreadsheetNumber,
            "NIK looks like a spreadsheet number (3.27101E+15), so its last digits are lost: format the column \"NIK\" as text, type the NIK again from the KTP and export again"),
            TestFiles.OneProblem(lines[1]));
        Assert.Equal(ProblemCodes.DateUnreadable, TestFiles.OneProblem(lines[2]).Code);
    }

    [Fact]
    public void A_file_that_is_not_a_workbook_is_refused()
    {
        using var directory = new TempDirectory();
        var path = TestFiles.Write(directory, "w.xlsx", "nik;nama\n3271011705880001;Asep\n");

        var error = Assert.Throws<InputFileException>(() => WorkerFile.Open(path));

        Assert.Contains("cannot be read as an Excel workbook", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, object?> Row(object? nik, string? name, object? birthDate, object? income, string? occupation) => new()
    {
        ["NIK"] = nik,
        ["Nama Lengkap"] = name,
        ["Tanggal Lahir"] = birthDate,
        ["Penghasilan"] = income,
        ["Pekerjaan"] = occupation,
        // A kelurahan code typed as a number stays a code.
        ["Kode Kelurahan"] = name is null ? null : 3271011001L,
        ["Keterangan"] = name is null ? null : "=HYPERLINK(\"x\")",
    };
}
