using System.Text;
using Exchange.Cli.Input;
using Jamsostek.Exchange.V1;

namespace Exchange.Cli.Tests.Input;

public sealed class WorkerCsvTests
{
    /// <summary>
    /// What a Dinas officer's spreadsheet exports: BOM, semicolons, Indonesian headers in its own order and
    /// spelling, an unknown column, DD/MM/YYYY dates, an address with a semicolon and a line break in quotes,
    /// and the damage a spreadsheet does: a NIK as 3.27101E+15, a NIK that lost a digit, a short row.
    /// </summary>
    private const string SpreadsheetExport =
        "Jenis Kelamin;NAMA;No KTP;Tgl. Lahir;Kelurahan;Alamat;No HP;Pekerjaan;Penghasilan;Desil;Sumber Dana;Catatan\r\n" // 1
        + "L;Asep Saepudin;3271011705880001;17/05/1988;32.71.01.1001;\"Jl. Batu Tulis No. 5; RT 02/RW 03\";081234567890;Pedagang Kaki Lima;Rp 1.500.000;3;APBD;ok\r\n" // 2
        + "P;Siti Aminah;3.27101E+15;17/05/1988;32.71.01.1001;Jl. Empang;;PKL;;;;\r\n" // 3
        + "L;Dede Kurnia;327101170588001;1-2-1990;3271011001;Jl. Empang;;Ojek Online;;;;\r\n" // 4
        + "\r\n" // 5
        + "L;Ujang;3271011705880004;17/05/1988\r\n" // 6
        + "P;Euis Komariah;3271015705880005;31/02/1990;32.71.01.1001;Jl. Empang;;ojol;;;Mandiri;\r\n" // 7
        + ";;;;;;;;;;;\r\n" // 8: an empty spreadsheet row
        + "P;Hj. Nurhayati;3271 0157 0588 0006;7-5-1988;Tegallega;\"Gg. Mawar\r\nRT 01\";+6281234567890;KETUA_RT_RW;1,250,000;10;CSR;\r\n" // 9-10
        + "L;Komar;3271011705880007;1988-05-17;;;;;;;;\r\n"; // 11

    [Fact]
    public void A_spreadsheet_export_gives_each_line_its_number_and_its_problems_or_its_record()
    {
        using var directory = new TempDirectory();
        var file = WorkerFile.Open(TestFiles.Write(directory, "dinsos.csv", SpreadsheetExport, byteOrderMark: true));

        Assert.Equal(InputFormat.Csv, file.Format);
        Assert.Equal(["Jenis Kelamin", "NAMA", "No KTP", "Tgl. Lahir", "Kelurahan", "Alamat", "No HP", "Pekerjaan", "Penghasilan", "Desil", "Sumber Dana"],
            file.RecognisedColumns);
        Assert.Equal(["Catatan"], file.IgnoredColumns);

        var lines = file.ReadLines().ToList();
        Assert.Equal([2, 3, 4, 6, 7, 9, 11], lines.Select(l => l.LineNumber));
        Assert.Equal(
            [[], [ProblemCodes.NikSpreadsheetNumber], [ProblemCodes.NikDigitsLost], [ProblemCodes.WrongFieldCount], [ProblemCodes.DateUnreadable], [], []],
            lines.Select(l => l.Problems.Select(p => p.Code).ToArray()));
        Assert.All(lines, l => Assert.Equal(l.Problems.Count == 0, l.Record is not null));

        Assert.Equal(new WorkerRecord
        {
            Nik = "3271011705880001", FullName = "Asep Saepudin", BirthDate = "1988-05-17", Sex = Sex.Male, KelurahanCode = "32.71.01.1001",
            Address = "Jl. Batu Tulis No. 5; RT 02/RW 03", Phone = "081234567890", Occupation = Occupation.PedagangKakiLima,
            MonthlyIncomeRupiah = 1_500_000, WelfareDecile = 3, FundingSource = FundingSource.Apbd,
        }, lines[0].Record);
        Assert.Equal(new WorkerRecord
        {
            Nik = "3271015705880006", FullName = "Hj. Nurhayati", BirthDate = "1988-05-07", Sex = Sex.Female, KelurahanCode = "32.71.03.1007",
            Address = "Gg. Mawar\r\nRT 01", Phone = "+6281234567890", Occupation = Occupation.KetuaRtRw, MonthlyIncomeRupiah = 1_250_000,
            WelfareDecile = 10, FundingSource = FundingSource.Sponsor,
        }, lines[5].Record);
        // Empty values are left for the gateway to judge (it says OCCUPATION_REQUIRED, KELURAHAN_REQUIRED).
        Assert.Equal(new WorkerRecord { Nik = "3271011705880007", FullName = "Komar", BirthDate = "1988-05-17", Sex = Sex.Male }, lines[6].Record);

        Assert.Equal(new LineProblem("nik", ProblemCodes.NikSpreadsheetNumber,
            "NIK looks like a spreadsheet number (3.27101E+15), so its last digits are lost: format the column \"No KTP\" as text, type the NIK again from the KTP and export again"),
            lines[1].Problems[0]);
        Assert.Equal("line 3: NIK looks like a spreadsheet number (3.27101E+15), so its last digits are lost: format the column \"No KTP\" as text, type the NIK again from the KTP and export again",
            lines[1].Problems[0].Describe(lines[1].LineNumber));
        Assert.Equal(new LineProblem("nik", ProblemCodes.NikDigitsLost,
            "NIK has 15 digits where a NIK has 16: the column \"No KTP\" may have been a number in the spreadsheet; format it as text and type the NIK again from the KTP"),
            lines[2].Problems[0]);
        Assert.Equal(new LineProblem("", ProblemCodes.WrongFieldCount,
            "4 fields where the header has 12: a value or its ';' is missing, or the line was cut; give every line all 12 columns"), lines[3].Problems[0]);
        Assert.Equal(new LineProblem("birth_date", ProblemCodes.DateUnreadable,
            "birth date \"31/02/1990\" is no day on the calendar: check the day and the month (DD/MM/YYYY and DD-MM-YYYY are read day first)"),
            lines[4].Problems[0]);
    }

    [Fact]
    public void Reading_the_same_file_twice_gives_the_same_lines_in_the_same_order()
    {
        using var directory = new TempDirectory();
        var file = WorkerFile.Open(TestFiles.Write(directory, "dinsos.csv", SpreadsheetExport, byteOrderMark: true));

        var first = file.ReadLines().ToList();
        var second = file.ReadLines().ToList();
        var again = WorkerFile.Open(file.Path).ReadLines().ToList();

        foreach (var other in new[] { second, again })
        {
            Assert.Equal(first.Select(l => (l.LineNumber, l.Record)), other.Select(l => (l.LineNumber, l.Record)));
            Assert.Equal(first.SelectMany(l => l.Problems), other.SelectMany(l => l.Problems));
        }
    }

    [Fact]
    public void An_English_header_with_the_gateway_codes_reads_into_the_record_it_was_written_from()
    {
        var expected = Workers.Valid(1);
        expected.KtpOccupationCode = 88;
        using var directory = new TempDirectory();
        var path = TestFiles.Write(directory, "workers.txt",
            "nik,full_name,birth_date,sex,kelurahan_code,address,phone,occupation,ktp_occupation_code,monthly_income_rupiah,welfare_decile,funding_source\n"
            + $"{expected.Nik},{expected.FullName},{expected.BirthDate},SEX_MALE,{expected.KelurahanCode},\"{expected.Address}\",{expected.Phone},"
            + "OCCUPATION_PEDAGANG_PASAR,88,2500000,3,FUNDING_SOURCE_APBD\n");

        var file = WorkerFile.Open(path);

        Assert.Empty(file.IgnoredColumns);
        Assert.Equal(expected, Assert.Single(file.ReadLines()).Record);
    }

    [Fact]
    public void A_tab_separated_file_and_Excel_s_sep_line_are_read()
    {
        using var directory = new TempDirectory();
        var tabs = WorkerFile.Open(TestFiles.Write(directory, "tabs.txt", "nik\tnama\tjk\n3271011705880001\tAsep, S.Pd.\tL\n"));
        var sep = WorkerFile.Open(TestFiles.Write(directory, "sep.csv", "sep=,\nnik,nama;lengkap,jk\n3271011705880001,Asep; S.Pd.,L\n"));

        var tabLine = Assert.Single(tabs.ReadLines());
        var sepLine = Assert.Single(sep.ReadLines());

        Assert.Equal(("Asep, S.Pd.", Sex.Male), (tabLine.Record!.FullName, tabLine.Record.Sex));
        Assert.Equal(3, sepLine.LineNumber);
        Assert.Equal(["nama;lengkap"], sep.IgnoredColumns);
        Assert.Equal(Sex.Male, sepLine.Record!.Sex);
    }

    [Fact]
    public void Too_many_fields_says_a_separator_inside_a_value_needs_quotes()
    {
        using var directory = new TempDirectory();
        var file = WorkerFile.Open(TestFiles.Write(directory, "w.csv", "nik;nama;alamat\n3271011705880001;Asep;Jl. Mawar; RT 02\n3271011705880002;Ujang;Jl. Empang\n"));

        var lines = file.ReadLines().ToList();

        Assert.Equal(new LineProblem("", ProblemCodes.WrongFieldCount, "4 fields where the header has 3: a ';' inside a value needs quotes around the value (\"...\")"),
            TestFiles.OneProblem(lines[0]));
        Assert.Equal("Ujang", lines[1].Record!.FullName);
    }

    [Fact]
    public void A_quote_that_is_never_closed_is_reported_on_the_line_it_opens()
    {
        using var directory = new TempDirectory();
        var file = WorkerFile.Open(TestFiles.Write(directory, "w.csv", "nik,nama\n3271011705880001,Asep\n3271011705880002,\"Ujang\n3271011705880003,Euis\n"));

        var lines = file.ReadLines().ToList();

        Assert.Equal([2, 3], lines.Select(l => l.LineNumber));
        Assert.Equal(ProblemCodes.QuoteNotClosed, TestFiles.OneProblem(lines[1]).Code);
    }

    [Fact]
    public void Every_line_is_streamed_as_it_is_read()
    {
        using var directory = new TempDirectory();
        var path = directory.File("big.csv");
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            writer.WriteLine("nik,nama");
            for (var serial = 1; serial <= 9_999; serial++)
            {
                writer.WriteLine($"{Workers.Nik(serial)},Asep");
            }
        }

        var lines = WorkerFile.Open(path).ReadLines();

        Assert.Equal(Workers.Nik(1), lines.First().Record!.Nik);
        Assert.Equal((10_000, Workers.Nik(9_999)), lines.Select(l => (l.LineNumber, l.Record!.Nik)).Last());
    }
}
