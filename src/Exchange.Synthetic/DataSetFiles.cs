using System.Globalization;
using System.Text;
using Jamsostek.Exchange.V1;

namespace Exchange.Synthetic;

/// <summary>Writes a generated data set as CSV files an operator can open, submit or sync.</summary>
public static class DataSetFiles
{
    /// <summary>Writes registry.csv (for a registry sync) and submitted.csv (an agency's file, with the truth in truth_* columns) to <paramref name="directory"/>.</summary>
    public static (string RegistryPath, string SubmittedPath) Write(SyntheticDataSet data, string directory, TextWriter output)
    {
        Directory.CreateDirectory(directory);
        var registryPath = Path.Combine(directory, "registry.csv");
        using (var registry = new StreamWriter(registryPath, false, Encoding.UTF8))
        {
            registry.WriteLine("nik,full_name,birth_date,sex,segment,status,last_paid_month,kelurahan_code");
            foreach (var p in data.Registry)
            {
                WriteRow(registry, p.Nik, p.FullName, p.BirthDate, Name(p.Sex), Name(p.Segment), Name(p.Status), p.LastPaidMonth, p.KelurahanCode);
            }
        }
        var submittedPath = Path.Combine(directory, "submitted.csv");
        using (var submitted = new StreamWriter(submittedPath, false, Encoding.UTF8))
        {
            submitted.WriteLine("nik,full_name,birth_date,sex,kelurahan_code,address,phone,occupation,monthly_income_rupiah,welfare_decile,funding_source,"
                + "truth_person_id,truth_participant_nik,truth_outcome,truth_noise,truth_twin_nik");
            foreach (var (r, truth) in data.Submitted)
            {
                WriteRow(submitted, r.Nik, r.FullName, r.BirthDate, Name(r.Sex), r.KelurahanCode, r.Address, r.Phone, Name(r.Occupation),
                    r.HasMonthlyIncomeRupiah ? r.MonthlyIncomeRupiah.ToString(CultureInfo.InvariantCulture) : "",
                    r.HasWelfareDecile ? r.WelfareDecile.ToString(CultureInfo.InvariantCulture) : "",
                    Name(r.FundingSource), truth.Person.Id.ToString(CultureInfo.InvariantCulture), truth.ParticipantNik ?? "",
                    Name(truth.ExpectedOutcome), truth.Noise.ToString(), truth.TwinNik ?? "");
            }
        }
        output.WriteLine($"wrote {data.Registry.Count:N0} participants to {registryPath} and {data.Submitted.Count:N0} labelled records to {submittedPath}");
        return (registryPath, submittedPath);
    }

    private static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString();

    private static void WriteRow(TextWriter writer, params string[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }
            var field = fields[i];
            writer.Write(field.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field);
        }
        writer.WriteLine();
    }
}
