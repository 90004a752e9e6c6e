using Exchange.Core.Names;

namespace Exchange.Core.Tests.Names;

public class StripTitlesTests
{
    [Theory]
    [InlineData("H. Ahmad Fauzi", "Ahmad Fauzi")]
    [InlineData("Hj. Siti Aminah", "Siti Aminah")]
    [InlineData("Drs. Budi Santoso", "Budi Santoso")]
    [InlineData("Dra. Euis Komariah", "Euis Komariah")]
    [InlineData("Ir. Bambang Hermawan", "Bambang Hermawan")]
    [InlineData("dr. Rina Marlina", "Rina Marlina")]
    [InlineData("Prof. Dr. Ir. H. Ahmad Dahlan", "Ahmad Dahlan")]
    [InlineData("KH Abdul Halim", "Abdul Halim")]
    [InlineData("K.H. Abdul Halim", "Abdul Halim")]
    [InlineData("K. H. Abdul Halim", "Abdul Halim")]
    [InlineData("R. Sutisna", "Sutisna")]
    [InlineData("Tb. Hasanuddin", "Hasanuddin")]
    [InlineData("Bpk Ujang Supriatna", "Ujang Supriatna")]
    [InlineData("Bapak Ujang Supriatna", "Ujang Supriatna")]
    [InlineData("Ibu Iis Sugiarti", "Iis Sugiarti")]
    [InlineData("Sdr. Dede Kurnia", "Dede Kurnia")]
    [InlineData("Sdri. Neng Yulianti", "Neng Yulianti")]
    public void Leading_titles_and_salutations_are_removed(string written, string expected) =>
        Assert.Equal(expected, PersonName.StripTitles(written));

    [Theory]
    [InlineData("Siti Aminah, S.Pd.", "Siti Aminah")]
    [InlineData("Siti Aminah S.Pd", "Siti Aminah")]
    [InlineData("Budi Santoso, S.E., M.M.", "Budi Santoso")]
    [InlineData("Agus Salim S.H.", "Agus Salim")]
    [InlineData("Rudi Hartono, S.T.", "Rudi Hartono")]
    [InlineData("Dian Permana S.Kom.", "Dian Permana")]
    [InlineData("Yuli Astuti, A.Md.", "Yuli Astuti")]
    [InlineData("Asep Saepudin, S.Pd.I", "Asep Saepudin")]
    [InlineData("Nina Herlina S. Pd.", "Nina Herlina")]
    [InlineData("Ahmad Fauzi, S.Ag., M.Pd.", "Ahmad Fauzi")]
    [InlineData("Lilis Suryani S.Sos", "Lilis Suryani")]
    [InlineData("BUDI SANTOSO SE", "BUDI SANTOSO")]
    [InlineData("Budi Santoso,SE", "Budi Santoso")]
    public void Trailing_degrees_are_removed(string written, string expected) =>
        Assert.Equal(expected, PersonName.StripTitles(written));

    [Theory]
    [InlineData("Drs.H.Ahmad Fauzi,S.Pd", "Ahmad Fauzi")]
    [InlineData("Hj.Siti  Aminah", "Siti Aminah")]
    public void Titles_joined_by_dots_are_removed(string written, string expected) =>
        Assert.Equal(expected, PersonName.StripTitles(written));

    [Theory]
    [InlineData("M. Rizki", "M. Rizki")]
    [InlineData("St. Aminah", "St. Aminah")]
    [InlineData("Abd. Rahman", "Abd. Rahman")]
    [InlineData("Nur Ma'ruf", "Nur Ma'ruf")]
    [InlineData("Ujang Ma", "Ujang Ma")]
    public void Name_words_that_look_like_abbreviations_stay(string written, string expected) =>
        Assert.Equal(expected, PersonName.StripTitles(written));

    [Fact]
    public void Casing_is_kept_and_spaces_are_single() =>
        Assert.Equal("aSEP saepudin", PersonName.StripTitles("  H.  aSEP   saepudin  "));

    [Fact]
    public void A_name_that_is_only_a_salutation_keeps_its_word() =>
        Assert.Equal("Ibu", PersonName.StripTitles("Ibu"));
}
