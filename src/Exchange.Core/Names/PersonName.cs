namespace Exchange.Core.Names;

/// <summary>Operations on a person's name as written on a form or in a register.</summary>
public static class PersonName
{
    // Knows no words, so every word read through it is fresh.
    private static readonly NameTokenTable Transient = new();

    /// <summary>
    /// Removes leading titles and salutations (H., Hj., Drs., K.H., Tb., Bapak, ...) and trailing
    /// academic degrees (S.Pd., A.Md., M.M., also after a comma), keeping the original casing and
    /// separating the remaining words with single spaces. At least one word is always kept, so a
    /// form that only says "Ibu" still returns "Ibu". Words joined by dots ("Drs.H.Ahmad") come back
    /// separated ("M.Nur" becomes "M. Nur"). Inputs longer than 256 characters are cut.
    /// </summary>
    public static string StripTitles(string fullName)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        var name = fullName.AsSpan(0, Math.Min(fullName.Length, NameSplitter.MaxLength));
        Span<NamePiece> pieces = stackalloc NamePiece[NameSplitter.MaxPieces];
        Span<char> keys = stackalloc char[name.Length];
        var count = NameSplitter.Split(name, pieces, keys);
        var kept = pieces[NameSplitter.NameProper(pieces[..count], keys)];
        Span<char> result = stackalloc char[name.Length + kept.Length];
        var length = 0;
        foreach (var piece in kept)
        {
            if (length > 0)
            {
                result[length++] = ' ';
            }
            name.Slice(piece.Start, piece.Length).CopyTo(result[length..]);
            length += piece.Length;
        }
        return new string(result[..length]);
    }

    /// <summary>
    /// The words of <paramref name="fullName"/> as the matcher compares them: titles and degrees
    /// removed, folded to upper-case ASCII, aliases resolved ("Moch." is MUHAMMAD). Old spellings are
    /// kept as written: their modern reading is an extra reading, not a rewrite.
    /// </summary>
    public static IReadOnlyList<string> ComparisonWords(string fullName)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        var buffer = new NameTokenBuffer();
        var count = Transient.Read(fullName, buffer);
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            words[i] = buffer[i].Text;
        }
        return words;
    }

    /// <summary>Compares two written names the way the matcher does.</summary>
    public static NameComparison Compare(string first, string second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var firstBuffer = new NameTokenBuffer();
        var secondBuffer = new NameTokenBuffer();
        var firstCount = Transient.Read(first, firstBuffer);
        var secondCount = Transient.Read(second, secondBuffer);
        return NameComparer.Compare(((Span<NameToken>)firstBuffer)[..firstCount], ((Span<NameToken>)secondBuffer)[..secondCount]);
    }
}
