using Exchange.Core.Names;

namespace Exchange.Core.Tests.Names;

public class OldSpellingTests
{
    [Theory]
    [InlineData("SOEHARTO", "SUHARTO")]   // oe = u
    [InlineData("DJOKO", "JOKO")]         // dj = j
    [InlineData("TJAHJO", "CAHYO")]       // tj = c, and j = y once the word is proven old
    [InlineData("NJOMAN", "NYOMAN")]      // nj = ny
    [InlineData("SJARIF", "SYARIF")]      // sj = sy
    [InlineData("ACHMAD", "AHMAD")]       // ch = kh = h
    [InlineData("SOEJONO", "SUYONO")]
    [InlineData("JOESOEF", "YUSUF")]
    [InlineData("JUSUF", "YUSUF")]        // a known old form without another marker
    public void Old_words_have_a_modern_reading(string old, string modern) =>
        Assert.Equal(modern, OldSpelling.ModernReading(old));

    [Theory]
    [InlineData("JOKO")]
    [InlineData("YOKO")]
    [InlineData("SUHARTO")]
    [InlineData("JAJANG")]
    public void Modern_words_have_none(string word) =>
        Assert.Null(OldSpelling.ModernReading(word));

    [Theory]
    [InlineData("Djoko Susilo", "Joko Susilo")]
    [InlineData("Soeharto", "Suharto")]
    [InlineData("Tjahjo Kumolo", "Cahyo Kumolo")]
    [InlineData("Njoman Sudarsana", "Nyoman Sudarsana")]
    [InlineData("Sjarif Hidayat", "Syarif Hidayat")]
    [InlineData("Chairul Tanjung", "Khairul Tanjung")]
    [InlineData("Chairul Tanjung", "Hairul Tanjung")]
    [InlineData("Jusuf Kalla", "Yusuf Kalla")]
    public void Old_and_new_spelling_of_one_name_agree(string old, string modern) =>
        Assert.Equal(NameAgreement.Exact, PersonName.Compare(old, modern).Agreement);

    [Fact]
    public void Joko_is_not_Yoko()
    {
        Assert.Equal(NameAgreement.Disagree, PersonName.Compare("Joko", "Yoko").Agreement);
        Assert.Equal(NameAgreement.Disagree, PersonName.Compare("Djoko", "Yoko").Agreement);
        Assert.NotEqual(PersonName.ComparisonWords("Joko"), PersonName.ComparisonWords("Yoko"));
    }

    [Fact]
    public void Comparison_does_not_rewrite_the_modern_word() =>
        Assert.Equal(["JOKO"], PersonName.ComparisonWords("Joko"));
}
