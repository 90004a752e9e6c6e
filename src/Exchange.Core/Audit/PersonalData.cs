using System.Text;
using Exchange.Core.Identity;

namespace Exchange.Core.Audit;

/// <summary>
/// Keeps NIKs out of logs and audit entries: a leaked log holding them is a breach to notify within
/// 3x24 hours (UU PDP Art. 46). Names cannot be recognised in free text, so free text must never carry one.
/// </summary>
public static class PersonalData
{
    private const int NikLength = 16;

    /// <summary>The NIK with region and last two digits only: 3271**********01.</summary>
    public static string MaskNik(string nik) => Nik.Mask(nik);

    /// <summary>
    /// <paramref name="text"/> with every run of exactly 16 digits masked like a NIK, and every longer
    /// run masked whole (a NIK may hide in it, glued to other digits). Shorter runs (counts, dates,
    /// codes) stay. Returns <paramref name="text"/> itself when there is nothing to mask.
    /// </summary>
    public static string Scrub(string text)
    {
        StringBuilder? scrubbed = null;
        var copied = 0;
        var i = 0;
        while (i < text.Length)
        {
            // Digits of any script: a NIK typed in full-width digits is still a NIK.
            if (!char.IsDigit(text[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && char.IsDigit(text[i]))
            {
                i++;
            }
            var length = i - start;
            if (length < NikLength)
            {
                continue;
            }
            scrubbed ??= new StringBuilder(text.Length);
            scrubbed.Append(text, copied, start - copied);
            if (length == NikLength)
            {
                scrubbed.Append(Nik.Mask(text.Substring(start, length)));
            }
            else
            {
                scrubbed.Append('*', length);
            }
            copied = i;
        }
        return scrubbed is null ? text : scrubbed.Append(text, copied, text.Length - copied).ToString();
    }
}
