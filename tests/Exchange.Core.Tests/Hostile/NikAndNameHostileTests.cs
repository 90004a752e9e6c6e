using Exchange.Core.Audit;
using Exchange.Core.Identity;
using Exchange.Core.Names;
using Exchange.Core.Tests.Matching;

namespace Exchange.Core.Tests.Hostile;

/// <summary>Generated hostile texts through the NIK reader and the name code: no exception, and the results keep their promises.</summary>
public sealed class NikAndNameHostileTests
{
    private const int Seed = 4_2025;

    /// <summary>150,000 generated NIK-like texts.</summary>
    [Fact]
    public void Nik_Inspect_and_masking_never_throw_on_150_000_generated_texts()
    {
        const int texts = 150_000;
        var input = new HostileInput(Seed, BogorClock.JustAfterMidnightDay);
        var tally = new FailureTally(nameof(Nik), Seed);
        for (var i = 0; i < texts; i++)
        {
            var text = input.Nik();
            try
            {
                var problem = Nik.Inspect(text, out var nik);
                if (!Enum.IsDefined(problem))
                {
                    tally.Add($"problem {(int)problem} is not defined", HostileChecks.Show(text));
                }
                if (problem == NikProblem.None)
                {
                    // Only 16 ASCII digits of a known province with a possible date are a NIK.
                    if (nik.Value != text || text.Length != 16 || !text.All(char.IsAsciiDigit) || !Nik.ProvinceCodes.Contains(nik.ProvinceCode)
                        || nik.BirthDay is < 1 or > 31 || nik.BirthMonth is < 1 or > 12 || nik.BirthYearOfCentury is < 0 or > 99)
                    {
                        tally.Add("a text that is not a NIK was taken for one", HostileChecks.Show(text));
                    }
                    _ = nik.AgreesWithBirthDate(DateOnly.MinValue) | nik.AgreesWithBirthDate(DateOnly.MaxValue) | nik.IsFemale;
                    _ = nik.RegencyCode;
                }
                else if (nik != default)
                {
                    tally.Add($"{problem} still handed out a NIK", HostileChecks.Show(text));
                }
                var masked = Nik.Mask(text);
                if (masked.Length != 16 || masked.Count(char.IsAsciiDigit) > 6)
                {
                    tally.Add("the mask shows more than region and last two digits", HostileChecks.Show(text));
                }
                var scrubbed = PersonalData.Scrub(text);
                if (LongestDigitRun(scrubbed) >= 16)
                {
                    tally.Add("a run of 16 digits survived scrubbing", HostileChecks.Show(text));
                }
            }
            catch (Exception exception)
            {
                tally.Threw(exception, HostileChecks.Show(text));
            }
        }
        Assert.Equal(NikProblem.Missing, Nik.Inspect(null, out _));
        tally.AssertNone(texts);
    }

    /// <summary>60,000 generated names through StripTitles and ComparisonWords.</summary>
    [Fact]
    public void StripTitles_and_ComparisonWords_never_throw_on_60_000_generated_names()
    {
        const int names = 60_000;
        var input = new HostileInput(Seed + 1, BogorClock.JustAfterMidnightDay);
        var tally = new FailureTally(nameof(PersonName), Seed + 1);
        for (var i = 0; i < names; i++)
        {
            var name = i % 2 == 0 ? input.Name() : input.Text();
            try
            {
                var stripped = PersonName.StripTitles(name);
                var head = name.AsSpan(0, Math.Min(name.Length, 256));
                if (stripped.Length > 0 && (char.IsWhiteSpace(stripped[0]) || char.IsWhiteSpace(stripped[^1])))
                {
                    tally.Add("StripTitles left whitespace at an end", HostileChecks.Show(name));
                }
                // At least one word is always kept.
                if (stripped.Length == 0 && HasLetterOrDigit(head))
                {
                    tally.Add("StripTitles kept no word of a name that has one", HostileChecks.Show(name));
                }
                var words = PersonName.ComparisonWords(name);
                if (words.Count > 12 || words.Any(w => w.Length == 0 || !w.All(char.IsAsciiLetterUpper)))
                {
                    tally.Add($"comparison words [{string.Join(' ', words)}] are not upper-case ASCII words", HostileChecks.Show(name));
                }
            }
            catch (Exception exception)
            {
                tally.Threw(exception, HostileChecks.Show(name));
            }
        }
        tally.AssertNone(names);
    }

    /// <summary>30,000 generated pairs of names, and each name against itself.</summary>
    [Fact]
    public void Compare_never_throws_on_30_000_generated_pairs_and_a_name_agrees_with_itself()
    {
        const int pairs = 30_000;
        var input = new HostileInput(Seed + 2, BogorClock.JustAfterMidnightDay);
        var tally = new FailureTally(nameof(PersonName.Compare), Seed + 2);
        for (var i = 0; i < pairs; i++)
        {
            var first = input.Chance(0.6) ? input.Name() : input.Text();
            var second = input.Chance(0.3) ? first + input.Pick<string>([" ", "a", ".", " bin Ahmad", "\uD800", "\u0301"]) : input.Chance(0.5) ? input.Name() : input.Text();
            try
            {
                var comparison = PersonName.Compare(first, second);
                if (!Enum.IsDefined(comparison.Agreement) || !(comparison.Similarity is >= 0 and <= 1))
                {
                    tally.Add($"comparison {comparison} is out of range", $"{HostileChecks.Show(first)} / {HostileChecks.Show(second)}");
                }
                var self = PersonName.Compare(first, first);
                if (self.Agreement is not (NameAgreement.Exact or NameAgreement.Missing))
                {
                    tally.Add($"a name compared with itself gives {self.Agreement}", HostileChecks.Show(first));
                }
            }
            catch (Exception exception)
            {
                tally.Threw(exception, $"{HostileChecks.Show(first)} / {HostileChecks.Show(second)}");
            }
        }
        tally.AssertNone(pairs);
    }

    private static bool HasLetterOrDigit(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                return true;
            }
        }
        return false;
    }

    private static int LongestDigitRun(string text)
    {
        int longest = 0, run = 0;
        foreach (var c in text)
        {
            run = char.IsDigit(c) ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return longest;
    }
}
