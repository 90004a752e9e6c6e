using Jamsostek.Exchange.V1;

namespace Exchange.Cli.Input;

/// <summary>BPJS's registry extract (<c>exchange registry sync FILE</c>): CSV, JSON Lines or xlsx.</summary>
public sealed class ParticipantFile : InputFile
{
    private static readonly RecordSchema Schema = new(
        Columns.Nik, Columns.FullName, Columns.BirthDate, Columns.Sex, Columns.Segment, Columns.Status, Columns.LastPaidMonth,
        Columns.KelurahanCode);

    private ParticipantFile(string path)
        : base(path, Schema)
    {
    }

    /// <summary>Opens and checks the file.</summary>
    /// <exception cref="InputFileException">The file cannot be read at all; the message says why and what to do.</exception>
    public static ParticipantFile Open(string path) => new(path);

    /// <summary>Every line that is not blank, in file order: a participant, or the problems that keep it from being synced.</summary>
    public IEnumerable<ParticipantLine> ReadLines()
    {
        foreach (var row in ReadRows())
        {
            var participant = row.Complete(Build);
            yield return new ParticipantLine(row.LineNumber, participant, row.Problems);
        }
    }

    private static Participant Build(InputRow row) => new()
    {
        Nik = FieldValues.Nik(row, Columns.Nik),
        FullName = FieldValues.Text(row, Columns.FullName),
        BirthDate = FieldValues.Date(row, Columns.BirthDate),
        Sex = FieldValues.Choice(row, Columns.Sex, Vocabularies.Sexes),
        Segment = FieldValues.Choice(row, Columns.Segment, Vocabularies.Segments),
        Status = FieldValues.Choice(row, Columns.Status, Vocabularies.Statuses),
        LastPaidMonth = FieldValues.Month(row, Columns.LastPaidMonth),
        KelurahanCode = FieldValues.Kelurahan(row, Columns.KelurahanCode),
    };
}
