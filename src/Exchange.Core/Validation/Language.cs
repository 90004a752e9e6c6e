namespace Exchange.Core.Validation;

/// <summary>Language of readable messages, chosen per call; Indonesian unless the caller asks otherwise.</summary>
public enum Language
{
    Indonesian = 0,
    English = 1,
}
