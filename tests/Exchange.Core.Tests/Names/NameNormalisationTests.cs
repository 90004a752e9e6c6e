using Exchange.Core.Names;

namespace Exchange.Core.Tests.Names;

/// <summary>One test per rule of how a written name becomes the words compared.</summary>
public class NameNormalisationTests
{
    [Fact]
    public void Case_punctuation_and_whitespace_fold() =>
        Assert.Equal(["ASEP", "SAEPUDIN"], PersonName.ComparisonWords("  asep -  SaePudin. "));

    [Fact]
    public void Accents_fold_to_ascii() =>
        Assert.Equal(["ANDRE"], PersonName.ComparisonWords("André"));

    [Fact]
    public void Titles_and_degrees_are_not_compared() =>
        Assert.Equal(["AHMAD", "FAUZI"], PersonName.ComparisonWords("Drs. H. Ahmad Fauzi, S.Pd., M.M."));

    [Theory]
    [InlineData("Muhammad")]
    [InlineData("Muhamad")]
    [InlineData("Mohammad")]
    [InlineData("Mohamad")]
    [InlineData("Mochammad")]
    [InlineData("Mochamad")]
    [InlineData("Moch.")]
    [InlineData("Moh.")]
    [InlineData("Muh.")]
    [InlineData("Mhd.")]
    [InlineData("M.")]
    [InlineData("Mukhammad")]
    public void The_Muhammad_family_is_one_word(string written) =>
        Assert.Equal(["MUHAMMAD", "RIZKI"], PersonName.ComparisonWords(written + " Rizki"));

    [Theory]
    [InlineData("Abd. Rahman", "Abdul Rahman")]
    [InlineData("Achmad Fauzi", "Ahmad Fauzi")]
    [InlineData("Akhmad Fauzi", "Ahmad Fauzi")]
    [InlineData("Noor Hayati", "Nur Hayati")]
    [InlineData("St. Aminah", "Siti Aminah")]
    public void Abbreviations_and_variants_are_one_word(string first, string second) =>
        Assert.Equal(PersonName.ComparisonWords(second), PersonName.ComparisonWords(first));

    [Fact]
    public void Apostrophes_join() =>
        Assert.Equal(PersonName.ComparisonWords("Maruf Amin"), PersonName.ComparisonWords("Ma'ruf Amin"));

    [Theory]
    [InlineData("5iti Amina8", "Siti Aminab")]
    [InlineData("R0hman", "Rohman")]
    [InlineData("1wan", "Iwan")]
    public void Ocr_digits_read_as_letters(string scanned, string written) =>
        Assert.Equal(PersonName.ComparisonWords(written), PersonName.ComparisonWords(scanned));

    [Fact]
    public void Kh_reads_as_h() =>
        Assert.Equal(PersonName.ComparisonWords("Hairul"), PersonName.ComparisonWords("Khairul"));

    [Fact]
    public void Old_spelling_is_kept_as_written() =>
        Assert.Equal(["SOEHARTO"], PersonName.ComparisonWords("Soeharto"));
}
