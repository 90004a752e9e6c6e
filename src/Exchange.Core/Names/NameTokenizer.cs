using Exchange.Core.Validation;

namespace Exchange.Core.Names;

/// <summary>Turns a written name into the folded words that are compared.</summary>
internal static class NameTokenizer
{
    /// <summary>Words beyond this are ignored; real names have far fewer.</summary>
    public const int MaxTokens = 12;

    /// <summary>
    /// Writes the folded words of the name proper (titles and degrees removed) into
    /// <paramref name="buffer"/> and their ranges into <paramref name="tokens"/>. Folding: upper-case
    /// ASCII without accents; apostrophes dropped (Ma'ruf = Maruf); every other mark separates words;
    /// the OCR confusions 0, 1, 5 and 8 read as O, I, S and B (names have no digits); kh reads as h
    /// (Khairul = Hairul); zero-width marks are left out (DADANG with a zero-width space inside is still DADANG).
    /// <paramref name="buffer"/> must be as long as the name.
    /// </summary>
    public static int Fold(ReadOnlySpan<char> fullName, Span<Range> tokens, Span<char> buffer)
    {
        var name = fullName[..Math.Min(fullName.Length, NameSplitter.MaxLength)];
        Span<NamePiece> pieces = stackalloc NamePiece[NameSplitter.MaxPieces];
        Span<char> keys = stackalloc char[name.Length];
        var pieceCount = NameSplitter.Split(name, pieces, keys);
        var count = 0;
        var length = 0;
        foreach (var piece in pieces[NameSplitter.NameProper(pieces[..pieceCount], keys)])
        {
            var start = length;
            foreach (var c in name.Slice(piece.Start, piece.Length))
            {
                var folded = Fold(c);
                if (folded == Skip)
                {
                    continue;
                }
                if (folded == Separator)
                {
                    count = Close(tokens, count, start, length);
                    start = length;
                    continue;
                }
                if (folded == 'H' && length > start && buffer[length - 1] == 'K')
                {
                    buffer[length - 1] = 'H';
                    continue;
                }
                buffer[length++] = folded;
            }
            count = Close(tokens, count, start, length);
        }
        return count;
    }

    private const char Skip = '\0';
    private const char Separator = ' ';

    /// <summary>The apostrophes names are written with (Ma'ruf, Ma’ruf): dropped when names are compared.</summary>
    public static bool IsApostrophe(char c) => c is '\'' or '`' or '\u2018' or '\u2019' or '\u02BC' or '\u00B4';

    private static char Fold(char c) => c switch
    {
        _ when IsApostrophe(c) => Skip,
        '0' => 'O',
        '1' => 'I',
        '5' => 'S',
        '8' => 'B',
        >= '0' and <= '9' => Skip,
        _ when char.IsLetter(c) => NameSplitter.FoldLetter(c) is var letter and not '\0' ? letter : Skip,
        // Invisible, so never a word break the writer meant.
        _ when TextCharacters.IsZeroWidth(c) => Skip,
        _ => Separator,
    };

    private static int Close(Span<Range> tokens, int count, int start, int end)
    {
        if (end > start && count < tokens.Length)
        {
            tokens[count++] = start..end;
        }
        return count;
    }
}
