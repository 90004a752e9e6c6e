namespace Exchange.Synthetic;

/// <summary>Which names people are given, and how skewed their frequencies are.</summary>
public enum NameList
{
    /// <summary>
    /// Sundanese and Indonesian names as met in Kota Bogor (Asep, Ujang, Dede, Iis, Euis, the Muhammad
    /// family in its West Javan spellings): the most common hold a few per cent of people, a long tail of rare names holds a third.
    /// </summary>
    Sundanese,

    /// <summary>
    /// Javanese, general Indonesian and Arabic-derived names (Sri, Budi, Slamet, Wahyu, Siti, Nur, Agus, Dwi,
    /// Tri, Eko), far more skewed with a shorter tail: the most common hold a tenth of people, so a large
    /// registry has many namesakes born on the same day.
    /// </summary>
    Javanese,
}
