using Exchange.Core.Names;

namespace Exchange.Core.Tests.Names;

public class NameComparisonTests
{
    [Theory]
    [InlineData("Asep Saepudin", "ASEP SAEPUDIN")]
    [InlineData("H. Asep Saepudin, S.Pd.", "Asep Saepudin")]
    [InlineData("Moch. Rizki Ramadhan", "Muhammad Rizki Ramadhan")]
    [InlineData("Siti Aminah", "Aminah Siti")]
    [InlineData("Nurhayati", "Nur Hayati")]
    [InlineData("Siti Nurhaliza", "St. Nur Haliza")]
    [InlineData("Ma'ruf Amin", "Maruf Amin")]
    [InlineData("5ITI AMINAH", "Siti Aminah")]
    public void Same_name_written_differently_agrees_exactly(string first, string second) =>
        Assert.Equal(NameAgreement.Exact, PersonName.Compare(first, second).Agreement);

    [Theory]
    [InlineData("Ahmad bin Sulaiman", "Ahmad")]
    [InlineData("Siti Rohmah binti Abdullah", "Siti Rohmah")]
    public void A_patronymic_in_one_source_only_is_left_out(string first, string second) =>
        Assert.Equal(NameAgreement.Exact, PersonName.Compare(first, second).Agreement);

    [Fact]
    public void Patronymics_in_both_sources_are_compared()
    {
        Assert.Equal(NameAgreement.Exact, PersonName.Compare("Ahmad bin Sulaiman", "Ahmad Bin Sulaiman").Agreement);
        Assert.Equal(NameAgreement.Disagree, PersonName.Compare("Ahmad bin Sulaiman", "Ahmad bin Hasan").Agreement);
    }

    [Theory]
    [InlineData("Asep Saepudin", "Asep Saefudin")]
    [InlineData("Supriyadi", "Supriadi")]
    [InlineData("Syaiful Anwar", "Saiful Anwar")]
    [InlineData("Noorhayati", "Nur Hayati")]
    [InlineData("Rina Satiawan", "Rina Setiawan")]
    [InlineData("Jajang Feuzi", "Jajang Fauzi")]
    [InlineData("Hermawan", "Hermwan")]
    [InlineData("Komariah", "Komairah")]
    public void Typos_agree_fuzzily(string first, string second) =>
        Assert.Equal(NameAgreement.Fuzzy, PersonName.Compare(first, second).Agreement);

    [Theory]
    [InlineData("Asep", "Asep Saepudin")]
    [InlineData("Siti Aminah", "Siti Aminah Rahayu")]
    [InlineData("A. Rahman", "Asep Rahman")]
    [InlineData("Dede Kurnia", "Dedi Kurnia")]
    [InlineData("Yanti Kurnia", "Santi Kurnia")]
    [InlineData("Edi Permana Kurdin", "Dedi Permana Kurdin")]
    public void A_name_inside_a_longer_one_or_with_initials_near_words_or_one_other_word_agrees_partly(string first, string second) =>
        Assert.Equal(NameAgreement.Partial, PersonName.Compare(first, second).Agreement);

    [Fact]
    public void Partial_agreement_is_less_similar_than_exact() =>
        Assert.True(PersonName.Compare("Asep", "Asep Saepudin").Similarity < PersonName.Compare("Asep Saepudin", "Asep Saepudin").Similarity);

    [Theory]
    [InlineData("Asep Saepudin", "Asep Hidayat")]
    [InlineData("Muhammad Rizki", "Muhammad Fauzi")]
    [InlineData("Muhammad Rizki Pratama", "Muhammad Fauzi Ramadhan")]
    [InlineData("Dede", "Dedi")]
    [InlineData("Iis", "Euis")]
    [InlineData("Ade", "Ada")]
    [InlineData("Joko Susilo", "Yoko Susilo")]
    [InlineData("Yanti", "Santi")]
    public void Different_names_disagree(string first, string second) =>
        Assert.Equal(NameAgreement.Disagree, PersonName.Compare(first, second).Agreement);

    [Fact]
    public void A_missing_name_is_missing() =>
        Assert.Equal(NameAgreement.Missing, PersonName.Compare("", "Asep").Agreement);

    [Fact]
    public void Comparison_is_symmetric_in_agreement()
    {
        string[] names = ["Asep Saepudin", "Asep", "Nur Hayati", "Nurhayati", "Siti Aminah binti Ahmad", "Moch. Rizki", "Djoko", "Joko", "Yoko"];
        foreach (var first in names)
        {
            foreach (var second in names)
            {
                Assert.Equal(PersonName.Compare(first, second).Agreement, PersonName.Compare(second, first).Agreement);
            }
        }
    }
}
