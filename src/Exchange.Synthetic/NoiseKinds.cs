namespace Exchange.Synthetic;

/// <summary>The kinds of noise an agency's record may carry compared with the true person.</summary>
[Flags]
public enum NoiseKinds
{
    None = 0,

    /// <summary>A title or salutation before the name (H., Hj., Drs., Ir., R., Bpk, Ibu, ...).</summary>
    Title = 1 << 0,
    /// <summary>An academic degree after the name (S.Pd., S.E., A.Md., M.M., ...).</summary>
    Degree = 1 << 1,
    /// <summary>One token abbreviated or spelled another common way: Muhammad as M./Moch./Muh., Siti as St., Abdul as Abd., Ahmad as Achmad, Nur as Noor.</summary>
    Abbreviation = 1 << 2,
    /// <summary>One token in pre-1972 spelling (u to oe, c to tj, j to dj, y to j, ny to nj, sy to sj, kh to ch).</summary>
    OldSpelling = 1 << 3,
    /// <summary>One letter of one token substituted, dropped, doubled or swapped with its neighbour.</summary>
    NameTypo = 1 << 4,
    /// <summary>Two adjacent name tokens in the other order.</summary>
    TokenSwap = 1 << 5,
    /// <summary>Two adjacent tokens written as one (Nur Hayati as Nurhayati).</summary>
    JoinedTokens = 1 << 6,
    /// <summary>A compound token written as two (Nurhayati as Nur Hayati).</summary>
    SplitToken = 1 << 7,
    /// <summary>bin/binti and the father's name added where the KTP has none.</summary>
    PatronymicAdded = 1 << 8,
    /// <summary>The KTP's bin/binti and father's name left out.</summary>
    PatronymicDropped = 1 << 9,

    /// <summary>Two adjacent NIK digits swapped.</summary>
    NikAdjacentSwap = 1 << 10,
    /// <summary>One NIK digit wrong.</summary>
    NikDigitTypo = 1 << 11,
    /// <summary>The NIK's birth-date digits disagree with the (true) birth date.</summary>
    NikBirthDateDigits = 1 << 12,
    /// <summary>The NIK is another real person's: a registry participant who was not submitted.</summary>
    NikCollision = 1 << 13,
    /// <summary>The birth date is wrong (the NIK is not).</summary>
    WrongBirthDate = 1 << 14,

    /// <summary>No phone number.</summary>
    MissingPhone = 1 << 15,
    /// <summary>No declared income.</summary>
    MissingIncome = 1 << 16,
    /// <summary>No welfare decile.</summary>
    MissingWelfareDecile = 1 << 17,

    /// <summary>Invalid: the NIK went through a spreadsheet and became 3.27101E+15.</summary>
    ScientificNotationNik = 1 << 18,
    /// <summary>Invalid: the name is empty.</summary>
    MissingName = 1 << 19,
    /// <summary>Invalid: the kelurahan code is not one of Kota Bogor's 68.</summary>
    UnknownKelurahan = 1 << 20,

    /// <summary>
    /// Not noise on the record but a trap beside it: the person's same-sex twin (same birth date, family name,
    /// father and kelurahan, the next NIK serial) is a participant. Labelled so twins' results show apart.
    /// </summary>
    Twin = 1 << 21,

    /// <summary>The kinds that make a record invalid: the gateway must reject it.</summary>
    Invalid = ScientificNotationNik | MissingName | UnknownKelurahan,
}
