using Exchange.Core.Audit;

namespace Exchange.Core.Tests.Audit;

public sealed class PersonalDataTests
{
    [Fact]
    public void A_nik_is_masked_to_region_and_last_two_digits() =>
        Assert.Equal("3271**********01", PersonalData.MaskNik("3271014512900001"));

    [Theory]
    [InlineData("3271014512900001", "3271**********01")]
    [InlineData("NIK 3271014512900001 refused", "NIK 3271**********01 refused")]
    [InlineData("nik=3271014512900001,3201020304050607.", "nik=3271**********01,3201**********07.")]
    [InlineData("x3271014512900001y", "x3271**********01y")]
    // Full-width digits, as some keyboards type them.
    [InlineData("３２７１０１４５１２９００００１", "３２７１**********０１")]
    public void Runs_of_16_digits_are_masked(string text, string expected)
    {
        Assert.Equal(expected, PersonalData.Scrub(text));
    }

    [Fact]
    public void A_longer_run_is_masked_whole()
    {
        Assert.Equal("id ******************, ok", PersonalData.Scrub("id 327101451290000199, ok"));
    }

    [Theory]
    [InlineData("chunk 0-999: 1000 records")]
    [InlineData("327101451290000 is 15 digits")]
    [InlineData("")]
    public void Text_without_16_digit_runs_is_returned_as_is(string text)
    {
        Assert.Same(text, PersonalData.Scrub(text));
    }

    [Fact]
    public void Sanitising_an_event_scrubs_and_bounds_the_detail_and_keeps_the_instant_in_utc()
    {
        var at = new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.FromHours(7));
        var auditEvent = new AuditEvent(at, "DINKOP", "agency", "/m", null, 1, "INVALID_ARGUMENT",
            "duplicate 3271014512900001 " + new string('x', 1000));

        var stored = auditEvent.Sanitised();

        Assert.Equal(TimeSpan.Zero, stored.At.Offset);
        Assert.Equal(at, stored.At);
        Assert.StartsWith("duplicate 3271**********01 xxx", stored.Detail);
        Assert.Equal(AuditEvent.MaxDetailLength, stored.Detail!.Length);
        Assert.Null((auditEvent with { Detail = null }).Sanitised().Detail);
    }
}
