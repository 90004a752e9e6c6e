using Jamsostek.Exchange.V1;

namespace Exchange.Cli.Input;

/// <summary>An agency's file of workers (<c>exchange submit FILE</c>): CSV, JSON Lines or xlsx.</summary>
public sealed class WorkerFile : InputFile
{
    private static readonly RecordSchema Schema = new(
        Columns.Nik, Columns.FullName, Columns.BirthDate, Columns.Sex, Columns.KelurahanCode, Columns.Address, Columns.Phone,
        Columns.Occupation, Columns.KtpOccupationCode, Columns.MonthlyIncome, Columns.WelfareDecile, Columns.FundingSource);

    private WorkerFile(string path)
        : base(path, Schema)
    {
    }

    /// <summary>Opens and checks the file.</summary>
    /// <exception cref="InputFileException">The file cannot be read at all; the message says why and what to do.</exception>
    public static WorkerFile Open(string path) => new(path);

    /// <summary>Every line that is not blank, in file order: a record, or the problems that keep it from being sent.</summary>
    public IEnumerable<InputLine> ReadLines()
    {
        foreach (var row in ReadRows())
        {
            var record = row.Complete(Build);
            yield return new InputLine(row.LineNumber, record, row.Problems);
        }
    }

    private static WorkerRecord Build(InputRow row)
    {
        var record = new WorkerRecord
        {
            Nik = FieldValues.Nik(row, Columns.Nik),
            FullName = FieldValues.Text(row, Columns.FullName),
            BirthDate = FieldValues.Date(row, Columns.BirthDate),
            Sex = FieldValues.Choice(row, Columns.Sex, Vocabularies.Sexes),
            KelurahanCode = FieldValues.Kelurahan(row, Columns.KelurahanCode),
            Address = FieldValues.Text(row, Columns.Address),
            Phone = FieldValues.Text(row, Columns.Phone),
            Occupation = FieldValues.Choice(row, Columns.Occupation, Vocabularies.Occupations),
            FundingSource = FieldValues.Choice(row, Columns.FundingSource, Vocabularies.FundingSources),
        };
        if (FieldValues.Integer(row, Columns.KtpOccupationCode) is { } ktpOccupationCode)
        {
            record.KtpOccupationCode = ktpOccupationCode;
        }
        if (FieldValues.Rupiah(row, Columns.MonthlyIncome) is { } income)
        {
            record.MonthlyIncomeRupiah = income;
        }
        if (FieldValues.Integer(row, Columns.WelfareDecile) is { } decile)
        {
            record.WelfareDecile = decile;
        }
        return record;
    }
}
