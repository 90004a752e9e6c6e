using System.Reflection;
using System.Text.RegularExpressions;
using Exchange.Core.Validation;

namespace Exchange.Core.Tests.Validation;

public sealed class MessagesTests
{
    private static readonly IReadOnlyList<string> Codes = typeof(ViolationCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral && field.FieldType == typeof(string))
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToList();

    public static TheoryData<string> AllCodes() => new(Codes);

    [Fact]
    public void Codes_are_unique_and_upper_snake_case()
    {
        Assert.Equal(Codes.Count, Codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(Codes, code => Assert.Matches("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$", code));
    }

    // Clients key on these strings and the ledger stores them: a renamed or lost code fails here.
    [Fact]
    public void Published_codes_keep_their_spelling()
    {
        string[] published =
        [
            "NIK_REQUIRED", "NIK_SCIENTIFIC_NOTATION", "NIK_MALFORMED", "NIK_UNKNOWN_PROVINCE",
            "NIK_IMPOSSIBLE_BIRTH_DATE", "NIK_SERIAL_ZERO", "NIK_BIRTH_DATE_MISMATCH", "NIK_SEX_MISMATCH",
            "NIK_REGION_OUTSIDE_CITY", "NIK_DUPLICATE_IN_BATCH",
            "NAME_REQUIRED", "NAME_HAS_DIGITS", "NAME_TOO_LONG", "NAME_LONGER_THAN_60",
            "BIRTH_DATE_REQUIRED", "BIRTH_DATE_MALFORMED", "BIRTH_DATE_IMPOSSIBLE", "BIRTH_DATE_IN_FUTURE",
            "AGE_OUTSIDE_WORKING_AGE", "SEX_UNKNOWN", "KELURAHAN_REQUIRED", "KELURAHAN_UNKNOWN",
            "ADDRESS_TOO_LONG", "PHONE_INVALID", "OCCUPATION_REQUIRED", "OCCUPATION_UNKNOWN",
            "KTP_OCCUPATION_CODE_OUT_OF_RANGE", "INCOME_NEGATIVE", "INCOME_ABSURD",
            "WELFARE_DECILE_OUT_OF_RANGE", "FUNDING_SOURCE_UNKNOWN",
            "BATCH_ID_REQUIRED", "BATCH_ID_MALFORMED", "PURPOSE_REQUIRED", "PURPOSE_UNKNOWN",
            "OPEN_REQUIRED", "OPEN_REPEATED", "MESSAGE_EMPTY", "CHUNK_EMPTY", "CHUNK_TOO_LARGE", "OFFSET_NEGATIVE",
            "OFFSET_GAP", "BATCH_FINISHED", "BATCH_PURPOSE_MISMATCH", "BATCH_NOT_FOUND",
            "RECORD_COUNT_MISMATCH", "PAGE_TOKEN_INVALID", "PAGE_SIZE_INVALID",
        ];

        Assert.Empty(published.Except(Codes, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void Every_code_has_an_indonesian_and_an_english_text(string code)
    {
        string[] arguments = ["«a»", "«b»", "«c»"];

        var indonesian = Messages.Describe(code, arguments, Language.Indonesian);
        var english = Messages.Describe(code, arguments, Language.English);

        Assert.NotEqual(code, indonesian);
        Assert.NotEqual(code, english);
        Assert.NotEqual(indonesian, english);
        Assert.DoesNotContain("{", indonesian + english);
        // Arguments are used in order: a text naming the second also names the first.
        Assert.True(PlaceholdersInOrder(indonesian), indonesian);
        Assert.True(PlaceholdersInOrder(english), english);
    }

    [Fact]
    public void Arguments_are_filled_in()
    {
        string[] arguments = ["17", "18", "65"];

        Assert.Equal("Usia 17 tahun berada di luar rentang usia kerja 18 sampai 65 tahun.",
            Messages.Describe(ViolationCodes.AgeOutsideWorkingAge, arguments, Language.Indonesian));
        Assert.Equal("Age 17 is outside the working-age range of 18 to 65 years.",
            Messages.Describe(ViolationCodes.AgeOutsideWorkingAge, arguments, Language.English));
    }

    [Fact]
    public void Missing_argument_shows_as_a_question_mark()
    {
        Assert.Equal("Chunk berisi 1200 record, melebihi batas ? record per chunk.",
            Messages.Describe(ViolationCodes.ChunkTooLarge, ["1200"], Language.Indonesian));
    }

    [Fact]
    public void Unknown_code_comes_back_as_itself()
    {
        Assert.Equal("SOMETHING_NEW", Messages.Describe("SOMETHING_NEW", [], Language.English));
    }

    private static bool PlaceholdersInOrder(string text)
    {
        var used = new[] { "«a»", "«b»", "«c»" }.Select(text.Contains).ToList();
        return !Regex.IsMatch(string.Concat(used.Select(u => u ? '1' : '0')), "01");
    }
}
