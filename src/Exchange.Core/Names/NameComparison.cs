namespace Exchange.Core.Names;

/// <summary>How far two names agree, weakest first.</summary>
public enum NameAgreement : byte
{
    /// <summary>One of the names has no words.</summary>
    Missing = 0,
    /// <summary>Each name has a word the other lacks.</summary>
    Disagree,
    /// <summary>
    /// One name's words are all in the other, which has more; or, beside words that agree, some words
    /// only as initials or near spellings (Jaro-Winkler 0.85 to 0.90).
    /// </summary>
    Partial,
    /// <summary>Every word pairs off, some only by Jaro-Winkler (typos).</summary>
    Fuzzy,
    /// <summary>Every word pairs off as the same word, in any order, joined or split.</summary>
    Exact,
}

/// <summary>The agreement of two names and their similarity in [0, 1] (matched letters over all letters).</summary>
public readonly record struct NameComparison(NameAgreement Agreement, double Similarity);
