using Exchange.Core.Names;

namespace Exchange.Core.Tests.Names;

public class JaroWinklerTests
{
    [Theory]
    [InlineData("MARTHA", "MARHTA", 0.961)]
    [InlineData("DWAYNE", "DUANE", 0.840)]
    [InlineData("DIXON", "DICKSONX", 0.813)]
    [InlineData("JOKO", "YOKO", 0.833)]
    public void Known_values(string first, string second, double expected) =>
        Assert.Equal(expected, JaroWinkler.Similarity(first, second), precision: 3);

    [Fact]
    public void Is_symmetric() =>
        Assert.Equal(JaroWinkler.Similarity("SAEPUDIN", "SAEFUDIN"), JaroWinkler.Similarity("SAEFUDIN", "SAEPUDIN"));

    [Theory]
    [InlineData("ASEP", "ASEP", 1.0)]
    [InlineData("", "", 1.0)]
    [InlineData("ASEP", "", 0.0)]
    [InlineData("ABC", "XYZ", 0.0)]
    public void Edges(string first, string second, double expected) =>
        Assert.Equal(expected, JaroWinkler.Similarity(first, second));

    [Fact]
    public void Jaro_without_the_prefix_bonus() =>
        Assert.Equal(0.944, JaroWinkler.Jaro("MARTHA", "MARHTA"), precision: 3);

    [Fact]
    public void Words_longer_than_64_letters_are_compared_alike()
    {
        // 72 letters, the last two swapped: every letter matches, one transposition.
        var first = new string('A', 70) + "BC";
        var second = new string('A', 70) + "CB";

        Assert.Equal((2 + 71.0 / 72) / 3, JaroWinkler.Jaro(first, second), precision: 12);
    }
}
