using Exchange.Cli.Input;
using Jamsostek.Exchange.V1;

namespace Exchange.Cli.Tests.Input;

public sealed class ParticipantFileTests
{
    [Fact]
    public void A_registry_extract_in_Indonesian_reads_codes_labels_and_both_month_forms()
    {
        using var directory = new TempDirectory();
        var path = TestFiles.Write(directory, "registry.csv",
            "Nama;NIK;Tanggal Lahir;JK;Segmen;Status;Bulan Terakhir Bayar;Kelurahan;KPJ\n"
            + "Asep Saepudin;3271011705880001;17/05/1988;L;BPU;aktif;05/2025;Batu Tulis;99001\n"
            + "Siti Aminah;3271015705880002;1988-05-17;P;Penerima Upah;Berhenti;2019-1;;99002\n"
            + "Dede;3271011705880003;1988-05-17;L;SEGMENT_JASA_KONSTRUKSI;PARTICIPANT_STATUS_ACTIVE;;3271011001;99003\n"
            + "Ujang;3271011705880004;1988-05-17;L;Freelance;Cuti;13/2025;;99004\n"
            + "Iis;3271015705880005;1988-05-17;P;BPU;Meninggal Dunia;2025-02;;99005\n",
            byteOrderMark: true);

        var file = ParticipantFile.Open(path);
        var lines = file.ReadLines().ToList();

        Assert.Equal(["KPJ"], file.IgnoredColumns);
        Assert.Equal(new Participant
        {
            Nik = "3271011705880001", FullName = "Asep Saepudin", BirthDate = "1988-05-17", Sex = Sex.Male, Segment = Segment.Bpu,
            Status = ParticipantStatus.Active, LastPaidMonth = "2025-05", KelurahanCode = "32.71.01.1001",
        }, lines[0].Participant);
        Assert.Equal(new Participant
        {
            Nik = "3271015705880002", FullName = "Siti Aminah", BirthDate = "1988-05-17", Sex = Sex.Female, Segment = Segment.Pu,
            Status = ParticipantStatus.Ended, LastPaidMonth = "2019-01",
        }, lines[1].Participant);
        Assert.Equal((Segment.JasaKonstruksi, ParticipantStatus.Active, "", "3271011001"),
            (lines[2].Participant!.Segment, lines[2].Participant!.Status, lines[2].Participant!.LastPaidMonth, lines[2].Participant!.KelurahanCode));
        Assert.Null(lines[3].Participant);
        Assert.Equal(
            [
                new LineProblem("segment", ProblemCodes.SegmentUnknown, "segment \"Freelance\" is not a segment the CLI knows: write PU, BPU, JASA_KONSTRUKSI or PMI"),
                new LineProblem("status", ProblemCodes.StatusUnknown, "status \"Cuti\" is not a status the CLI knows: write ACTIVE (aktif), ENDED (nonaktif, berhenti) or DECEASED (meninggal)"),
                new LineProblem("last_paid_month", ProblemCodes.MonthUnreadable,
                    "last paid month \"13/2025\" is not a month the CLI reads: write it as YYYY-MM (2025-05) or MM/YYYY (05/2025)"),
            ],
            lines[3].Problems);
        Assert.Equal(ParticipantStatus.Deceased, lines[4].Participant!.Status);
    }

    [Fact]
    public void A_registry_NIK_a_spreadsheet_broke_is_not_synced()
    {
        using var directory = new TempDirectory();
        var path = TestFiles.Write(directory, "registry.jsonl",
            "{\"nik\": \"3.27101E+15\", \"full_name\": \"Asep\", \"segment\": \"BPU\", \"status\": \"ACTIVE\"}\n"
            + "{\"nik\": \"3271011705880002\", \"full_name\": \"Ujang\", \"segment\": \"Pmi\", \"status\": \"Ended\", \"last_paid_month\": \"2024-12\"}\n");

        var lines = ParticipantFile.Open(path).ReadLines().ToList();

        Assert.Equal(ProblemCodes.NikSpreadsheetNumber, TestFiles.OneProblem(lines[0]).Code);
        Assert.Equal(new Participant { Nik = "3271011705880002", FullName = "Ujang", Segment = Segment.Pmi, Status = ParticipantStatus.Ended, LastPaidMonth = "2024-12" },
            lines[1].Participant);
    }
}
