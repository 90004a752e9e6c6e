using Exchange.Cli.Input;
using Exchange.Synthetic;

namespace Exchange.Cli.Tests.Input;

/// <summary>The files <c>exchange generate</c> and the accuracy benchmark write (DataSetFiles) read back into exactly what was generated.</summary>
public sealed class DataSetFileTests
{
    private static readonly SyntheticDataSet Data = SyntheticGenerator.Generate(new SyntheticOptions
    {
        Seed = 7,
        SubmittedCount = 3_000,
        RegistrySize = 6_000,
    });

    [Fact]
    public void Registry_csv_reads_into_the_participants_generated()
    {
        using var directory = new TempDirectory();
        var (registryPath, _) = DataSetFiles.Write(Data, directory.Path, TextWriter.Null);

        var file = ParticipantFile.Open(registryPath);
        var lines = file.ReadLines().ToList();

        Assert.Empty(file.IgnoredColumns);
        Assert.All(lines, line => Assert.Empty(line.Problems));
        Assert.Equal(Enumerable.Range(2, Data.Registry.Count), lines.Select(l => l.LineNumber));
        Assert.Equal(Data.Registry, lines.Select(l => l.Participant!));
    }

    [Fact]
    public void Submitted_csv_reads_into_the_records_generated_except_the_NIKs_a_spreadsheet_broke()
    {
        using var directory = new TempDirectory();
        var (_, submittedPath) = DataSetFiles.Write(Data, directory.Path, TextWriter.Null);

        var file = WorkerFile.Open(submittedPath);
        var lines = file.ReadLines().ToList();

        Assert.Equal(["truth_person_id", "truth_participant_nik", "truth_outcome", "truth_noise", "truth_twin_nik"], file.IgnoredColumns);
        Assert.Equal(Enumerable.Range(2, Data.Submitted.Count), lines.Select(l => l.LineNumber));
        var broken = 0;
        foreach (var (line, (record, truth)) in lines.Zip(Data.Submitted))
        {
            if ((truth.Noise & NoiseKinds.ScientificNotationNik) != 0)
            {
                Assert.Equal(ProblemCodes.NikSpreadsheetNumber, TestFiles.OneProblem(line).Code);
                broken++;
            }
            else
            {
                Assert.Equal(record, line.Record);
            }
        }
        Assert.InRange(broken, 1, 30);
    }
}
