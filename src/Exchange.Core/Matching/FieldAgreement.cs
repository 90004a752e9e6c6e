namespace Exchange.Core.Matching;

/// <summary>How two NIKs relate.</summary>
public enum NikAgreement
{
    /// <summary>The subject's NIK is not 16 digits.</summary>
    Missing = 0,
    Disagree,
    /// <summary>Two digits differ (not as an adjacent swap).</summary>
    TwoEdits,
    /// <summary>One digit differs, or two adjacent digits are swapped.</summary>
    OneEdit,
    Exact,
}

/// <summary>How two birth dates relate.</summary>
public enum BirthDateAgreement
{
    /// <summary>One side has no birth date.</summary>
    Missing = 0,
    Disagree,
    /// <summary>One digit of YYYYMMDD differs, or day and month are swapped.</summary>
    Near,
    Exact,
}

/// <summary>How a plain field (sex, kelurahan) relates.</summary>
public enum FieldAgreement
{
    /// <summary>One side does not state it.</summary>
    Missing = 0,
    Disagree,
    Agree,
}
