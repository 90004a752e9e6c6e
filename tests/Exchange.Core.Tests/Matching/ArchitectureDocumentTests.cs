using System.Globalization;
using Exchange.Core.Matching;

namespace Exchange.Core.Tests.Matching;

/// <summary>docs/architecture.md prints the weights and the decision table: they must be the code's.</summary>
public class ArchitectureDocumentTests
{
    private const string Document = "docs/architecture.md";

    [Fact]
    public void The_decision_table_in_the_document_is_the_codes_in_order() =>
        Assert.Equal(DecisionTable.Rows.Select(r => r.Name), RepositoryFiles.Table(Document, "| row |").Select(cells => cells[0]));

    [Fact]
    public void The_weights_table_in_the_document_is_the_codes()
    {
        var documented = RepositoryFiles.Table(Document, "| field | level | m |");
        var levels = MatchModel.Levels;
        Assert.Equal(levels.Count, documented.Count);
        for (var i = 0; i < levels.Count; i++)
        {
            var (level, cells) = (levels[i], documented[i]);
            var vector = Vector(level.Field, level.Value);
            Assert.Equal(ComparisonLevels.Of(level.Field, vector), cells[1]);
            Assert.Equal(level.M, double.Parse(cells[2], CultureInfo.InvariantCulture));
            if (!double.IsNaN(level.U))
            {
                Assert.Equal(level.U, double.Parse(cells[3], CultureInfo.InvariantCulture), 12);
                Assert.Equal(Math.Round(Math.Log2(level.M / level.U), 2), double.Parse(cells[4], CultureInfo.InvariantCulture));
            }
        }
    }

    private static ComparisonVector Vector(MatchField field, int value) => field switch
    {
        MatchField.Nik => default(ComparisonVector) with { Nik = (NikLevel)value },
        MatchField.Name => default(ComparisonVector) with { Name = (Exchange.Core.Names.NameAgreement)value },
        MatchField.BirthDate => default(ComparisonVector) with { BirthDate = (BirthDateLevel)value },
        MatchField.Sex => default(ComparisonVector) with { Sex = (SexLevel)value },
        _ => default(ComparisonVector) with { Kelurahan = (KelurahanLevel)value },
    };
}
