using Exchange.Core.Identity;

namespace Exchange.Core.Tests.Identity;

public sealed class NikTests
{
    [Fact]
    public void Male_nik_reads_region_and_birth_date()
    {
        Assert.Equal(NikProblem.None, Nik.Inspect("3271012107850001", out var nik));

        Assert.Equal("3271012107850001", nik.Value);
        Assert.Equal("32", nik.ProvinceCode);
        Assert.Equal("3271", nik.RegencyCode);
        Assert.Equal((21, 7, 85), (nik.BirthDay, nik.BirthMonth, nik.BirthYearOfCentury));
        Assert.False(nik.IsFemale);
    }

    [Fact]
    public void Female_nik_carries_the_day_plus_40()
    {
        Assert.Equal(NikProblem.None, Nik.Inspect("3271016107850002", out var nik));

        Assert.Equal(21, nik.BirthDay);
        Assert.True(nik.IsFemale);
    }

    [Theory]
    [InlineData(null, NikProblem.Missing)]
    [InlineData("", NikProblem.Missing)]
    [InlineData("  ", NikProblem.Missing)]
    [InlineData("3.27101E+15", NikProblem.ScientificNotation)]
    [InlineData("3,27101E+15", NikProblem.ScientificNotation)]
    [InlineData(" 3.27101e15 ", NikProblem.ScientificNotation)]
    [InlineData("327101210785001", NikProblem.Malformed)]
    [InlineData("32710121078500011", NikProblem.Malformed)]
    [InlineData("E+15", NikProblem.Malformed)]
    [InlineData("3271O12107850001", NikProblem.Malformed)]
    [InlineData("1071012107850001", NikProblem.UnknownProvince)]
    [InlineData("3771012107850001", NikProblem.UnknownProvince)]
    [InlineData("3271014007850001", NikProblem.ImpossibleBirthDate)]
    [InlineData("3271013006850001", NikProblem.None)]
    [InlineData("3271013106850001", NikProblem.ImpossibleBirthDate)]
    [InlineData("3271017106850001", NikProblem.ImpossibleBirthDate)]
    [InlineData("3271012107850000", NikProblem.SerialZero)]
    [InlineData("9671012107850001", NikProblem.None)]
    public void Inspect_names_the_first_problem(string? text, NikProblem expected)
    {
        Assert.Equal(expected, Nik.Inspect(text, out var nik));
        Assert.Equal(expected == NikProblem.None ? text : null, nik.Value);
    }

    [Theory]
    [InlineData("3271012902000001", NikProblem.None)] // 2000 was a leap year
    [InlineData("3271016902960001", NikProblem.None)] // a woman born 29 Feb 1996
    [InlineData("3271012902010001", NikProblem.ImpossibleBirthDate)] // neither 1901 nor 2001 was
    [InlineData("3271013002000001", NikProblem.ImpossibleBirthDate)] // 30 February never exists
    public void The_29th_of_February_is_possible_only_in_leap_years(string text, NikProblem expected)
    {
        Assert.Equal(expected, Nik.Inspect(text, out _));
    }

    [Theory]
    [InlineData("1985-07-21", true)]
    [InlineData("2085-07-21", true)] // the two-digit year cannot tell the century
    [InlineData("1985-07-22", false)]
    [InlineData("1985-08-21", false)]
    [InlineData("1986-07-21", false)]
    public void Agrees_with_birth_date_by_day_month_and_year_of_century(string birthDate, bool agrees)
    {
        Nik.Inspect("3271016107850002", out var nik);

        Assert.Equal(agrees, nik.AgreesWithBirthDate(DateOnly.Parse(birthDate, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("3271012107850001", "3271**********01")]
    [InlineData("3.27101E+15", "****************")]
    [InlineData(null, "****************")]
    public void Mask_keeps_only_region_and_last_two_digits(string? text, string masked)
    {
        Assert.Equal(masked, Nik.Mask(text));
    }

    [Fact]
    public void There_are_38_province_codes()
    {
        Assert.Equal(38, Nik.ProvinceCodes.Count);
    }
}
