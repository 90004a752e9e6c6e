using Exchange.Core.Reference;

namespace Exchange.Core.Tests.Reference;

public sealed class WilayahTests
{
    private static readonly Wilayah KotaBogor = Wilayah.KotaBogor;

    [Fact]
    public void Kota_bogor_has_6_kecamatan_and_68_kelurahan()
    {
        Assert.Equal(("32.71", "Kota Bogor", "3271"), (KotaBogor.CityCode, KotaBogor.CityName, KotaBogor.CityNikPrefix));
        Assert.Equal(
            ["Bogor Selatan", "Bogor Timur", "Bogor Tengah", "Bogor Barat", "Bogor Utara", "Tanah Sareal"],
            KotaBogor.KecamatanNames.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Value));
        Assert.Equal(68, KotaBogor.AllKelurahan.Count);
        Assert.Equal(
            [16, 6, 11, 16, 8, 11],
            KotaBogor.AllKelurahan.GroupBy(k => k.KecamatanCode).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Count()));
        Assert.Equal(68, KotaBogor.AllKelurahan.Select(k => k.Code).Distinct().Count());
    }

    [Theory]
    [InlineData("32.71.01.1001")]
    [InlineData("3271011001")]
    [InlineData(" 32.71.01.1001\t")]
    public void Kelurahan_is_found_by_dotted_or_plain_code(string code)
    {
        Assert.True(KotaBogor.TryFindKelurahan(code, out var kelurahan));

        Assert.Equal(new Kelurahan("32.71.01.1001", "Batu Tulis", "32.71.01", "Bogor Selatan"), kelurahan);
    }

    [Fact]
    public void Every_kelurahan_is_found_by_its_plain_code()
    {
        Assert.All(KotaBogor.AllKelurahan, k =>
        {
            Assert.True(KotaBogor.TryFindKelurahan(k.Code.Replace(".", "", StringComparison.Ordinal), out var found));
            Assert.Same(k, found);
        });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("32.01.01.2001")] // Kabupaten Bogor
    [InlineData("3201012001")]
    [InlineData("32.71.01")]
    [InlineData("32.71.07.1001")]
    [InlineData("3271O11001")]
    [InlineData("32710110011")]
    [InlineData("32-71-01-1001")]
    public void Code_outside_the_city_or_badly_written_is_not_found(string? code)
    {
        Assert.False(KotaBogor.TryFindKelurahan(code, out _));
    }

    [Fact]
    public void Parse_reads_a_regency_with_desa()
    {
        var wilayah = Wilayah.Parse(new StringReader("""
            kode,nama,level
            32.01,Kabupaten Bogor,kabupaten
            32.01.01,Cibinong,kecamatan
            32.01.01.2001,Contoh,desa
            """));

        Assert.Equal("3201", wilayah.CityNikPrefix);
        Assert.True(wilayah.TryFindKelurahan("3201012001", out var desa));
        Assert.Equal("Cibinong", desa.KecamatanName);
    }

    [Theory]
    [InlineData("code,name,level\n32.71,Kota Bogor,kota\n")] // wrong header
    [InlineData("kode,nama,level\n32.71,Kota Bogor,provinsi\n")] // unknown level
    [InlineData("kode,nama,level\n32.71,Kota Bogor\n")] // two columns
    [InlineData("kode,nama,level\n32.71.01,Bogor Selatan,kecamatan\n")] // no city
    [InlineData("kode,nama,level\n32.71,Kota Bogor,kota\n32.71.09.1001,Lost,kelurahan\n")] // unknown kecamatan
    public void Parse_refuses_malformed_reference_data(string text)
    {
        Assert.Throws<InvalidDataException>(() => Wilayah.Parse(new StringReader(text)));
    }
}
