using Jamsostek.Exchange.V1;

namespace Exchange.Synthetic;

/// <summary>A person's name as ids of <see cref="NameBook"/>'s tokens: one to three (-1 when absent) and an optional bin/binti with the father's name.</summary>
internal readonly record struct PersonName(short First, short Second, short Third, short Father, bool HasPatronymic);

/// <summary>
/// Indonesian and Sundanese names as met in Kota Bogor, each list ordered most frequent first and drawn
/// with a Zipf-like skew: many Asep, Ujang, Dede, Iis and Euis, many Muhammads in its local spellings.
/// </summary>
internal static class NameBook
{
    private static readonly string[] MaleGivenNames =
    [
        "Asep", "Ujang", "Dede", "Ade", "Agus", "Dadang", "Deden", "Budi", "Cecep", "Yayan",
        "Iwan", "Dedi", "Rudi", "Wawan", "Encep", "Hendra", "Jajang", "Aep", "Endang", "Nana",
        "Ahmad", "Dodi", "Usep", "Acep", "Maman", "Abdul", "Iman", "Dani", "Heri", "Yudi",
        "Tatang", "Opik", "Ucup", "Enjang", "Didin", "Aang", "Engkos", "Oman", "Dudung", "Kurnia",
        "Irfan", "Fajar", "Ilham", "Ridwan", "Eko", "Joko", "Andi", "Ari", "Jaka", "Iyan",
        "Dayat", "Ruslan", "Entis", "Atep", "Ajat", "Komar", "Odih", "Yusuf", "Hasan", "Nandang",
    ];

    private static readonly string[] MaleSecondNames =
    [
        "Saepudin", "Supriatna", "Hidayat", "Kurniawan", "Setiawan", "Permana", "Sopian", "Rohman", "Hermawan", "Suryana",
        "Ramdani", "Firmansyah", "Nugraha", "Gunawan", "Saputra", "Hidayatulloh", "Sulaeman", "Somantri", "Sudrajat", "Mulyana",
        "Rahmat", "Hamdani", "Sutisna", "Sukmana", "Wijaya", "Pratama", "Maulana", "Hakim", "Syarifudin", "Nurdin",
        "Suherman", "Kusnadi", "Rusmana", "Apandi", "Juhana", "Sunarya", "Effendi", "Kosasih", "Mulyadi", "Jaelani",
        "Kusmana", "Priatna", "Sobari", "Taufik", "Ruhiyat", "Fauzi", "Iskandar", "Abdullah", "Abdurrahman", "Ma'ruf",
        "Rahman", "Aziz", "Kadir", "Khoerudin", "Nurjaman", "Nuryadin", "Cahyadi", "Yuliansyah", "Zaenudin", "Sujana",
    ];

    /// <summary>Muhammad as it is actually written on West Javan KTPs.</summary>
    private static readonly (string Form, double Weight)[] MuhammadForms =
    [
        ("Muhammad", 35), ("Muhamad", 25), ("Mochamad", 12), ("Mohamad", 8), ("Mohammad", 7), ("Mochammad", 6), ("Moch", 4), ("Muhammat", 1),
    ];

    private static readonly string[] MuhammadFollowers =
    [
        "Rizki", "Iqbal", "Fauzi", "Ramdan", "Yusuf", "Ilham", "Arif", "Fajar", "Rizal", "Hasan",
        "Ridwan", "Soleh", "Nur", "Syarif", "Ikbal", "Faisal", "Hilman", "Firman", "Dimas", "Reza",
        "Fikri", "Alif", "Akbar", "Rafi", "Zaenal", "Abdul", "Yahya", "Khoirul", "Nurul", "Taufik",
    ];

    private static readonly string[] MaleSingleNames =
    [
        "Suparman", "Sutrisno", "Karta", "Sarmin", "Udin", "Paimin", "Sukarta", "Darma", "Oyo", "Ating",
        "Emed", "Sanusi", "Rohim", "Saripudin", "Warta", "Kosim", "Juhri", "Naim", "Dasuki", "Sukandi",
    ];

    private static readonly string[] FemaleGivenNames =
    [
        "Iis", "Euis", "Neneng", "Dede", "Lilis", "Imas", "Dewi", "Sri", "Yanti", "Ai",
        "Ade", "Tati", "Rina", "Eti", "Enok", "Nining", "Cucu", "Entin", "Popon", "Dedeh",
        "Ela", "Titin", "Yuyun", "Nia", "Fitri", "Rini", "Wulan", "Ayu", "Putri", "Nenden",
        "Cicih", "Yati", "Ani", "Atik", "Teti", "Mimin", "Elis", "Nani", "Eneng", "Ratna",
        "Lina", "Ika", "Winda", "Rosita", "Nurhayati", "Nurjanah", "Ida", "Umi", "Aisyah", "Nuraeni",
        "Sriwahyuni", "Kokom", "Oom", "Ecin", "Neni", "Yeni", "Yuli", "Nurlela", "Cahya", "Yuyu",
    ];

    private static readonly string[] FemaleSecondNames =
    [
        "Sumiati", "Rohayati", "Nurhasanah", "Kurniasih", "Suryani", "Rahmawati", "Marlina", "Handayani", "Lestari", "Susanti",
        "Sulastri", "Komalasari", "Mulyani", "Hasanah", "Aisyah", "Fatimah", "Nurjanah", "Wulandari", "Sari", "Kartika",
        "Permatasari", "Rosmiati", "Herawati", "Nurhayati", "Jubaedah", "Maryam", "Hayati", "Halimah", "Komariah", "Solihat",
        "Rukmini", "Yuliani", "Nuraeni", "Sopiah", "Khodijah", "Ma'rifah", "Juariah", "Nurlela", "Suhartini", "Sumarni",
        "Rohmah", "Yulianti", "Nurhalimah", "Cahyati", "Safitri", "Maesaroh", "Nursyamsiah", "Syamsiah", "Anggraeni", "Juliani",
    ];

    private static readonly string[] SitiFollowers =
    [
        "Aminah", "Rohmah", "Nurhaliza", "Fatimah", "Maryam", "Khodijah", "Aisyah", "Romlah", "Hadijah", "Masitoh",
        "Jamilah", "Nurjanah", "Komariah", "Halimah", "Sarah", "Zulaikha", "Rahmawati", "Nuraeni", "Solihah", "Muslimah",
    ];

    private static readonly string[] NurFollowers =
    [
        "Hayati", "Aini", "Laela", "Azizah", "Fadilah", "Halimah", "Jannah", "Komariah", "Asiah", "Hasanah",
    ];

    private static readonly string[] FemaleSingleNames =
    [
        "Warsih", "Karsih", "Sumarni", "Rohani", "Saripah", "Juju", "Enah", "Omah", "Icih", "Odah",
        "Tarsih", "Oneng", "Ijah", "Enih", "Iyah", "Sumirah", "Aminah", "Onah", "Cicah", "Nyai",
    ];

    /// <summary>
    /// Roots and endings that make the long tail of rarer names (Kusman, Suryadi, Rosmah, Kuswati): real name
    /// lists have thousands of names, each held by few people.
    /// </summary>
    private static readonly string[] TailRoots =
    [
        "Sup", "Suh", "Sur", "Sul", "Sun", "Kus", "Kur", "Kar", "Kos", "Rus", "Ruh", "Rah", "Ros", "Mul", "Mar", "Har", "Hen", "Her", "Wah", "War",
        "Yus", "Yul", "Jun", "Jum", "Tar", "Dar", "Das", "Sar", "Sam", "Sol", "Sob", "Nan", "Nur", "Sat", "Tris", "Sut", "Mus", "Cas", "Tab", "Jaj",
    ];

    private static readonly string[] MaleTailEndings = ["man", "di", "ardi", "andi", "yana", "yadi", "tono", "wan", "jaya", "din", "mat", "na", "ta", "an", "iman"];

    private static readonly string[] FemaleTailEndings = ["ti", "yati", "nah", "sih", "wati", "ni", "mah", "yani", "sari", "iah", "aeni", "ih", "tin", "asih", "ani", "iyah"];

    // Every name token, Title case, and its id: a person's name is stored as ids to keep a million people small.
    private static readonly Dictionary<string, short> TokenIds = new(StringComparer.Ordinal);
    private static readonly List<string> TokenList = [];

    private static readonly string[] MaleTail = [.. TailRoots.SelectMany(r => MaleTailEndings.Select(e => r + e))];
    private static readonly string[] FemaleTail = [.. TailRoots.SelectMany(r => FemaleTailEndings.Select(e => r + e))];

    // Exponents and tail shares are tuned so the most common names (Asep, Iis, Siti) hold a few per cent of people.
    private static readonly WeightedTable<short> MaleGiven = Zipf(MaleGivenNames, 1.0, MaleTail, 0.30);
    private static readonly WeightedTable<short> MaleSecond = Zipf(MaleSecondNames, 0.8, MaleTail, 0.40);
    private static readonly WeightedTable<short> Muhammad = new(MuhammadForms.Select(f => (Id(f.Form), f.Weight)));
    private static readonly WeightedTable<short> MuhammadFollower = Zipf(MuhammadFollowers, 0.9, MaleTail, 0.15);
    private static readonly WeightedTable<short> MaleSingle = Zipf(MaleSingleNames, 0.8, MaleTail, 0.50);
    private static readonly WeightedTable<short> FemaleGiven = Zipf(FemaleGivenNames, 1.0, FemaleTail, 0.30);
    private static readonly WeightedTable<short> FemaleSecond = Zipf(FemaleSecondNames, 0.8, FemaleTail, 0.40);
    private static readonly WeightedTable<short> SitiFollower = Zipf(SitiFollowers, 0.8, FemaleTail, 0.30);
    private static readonly WeightedTable<short> NurFollower = Zipf(NurFollowers, 0.8, FemaleTail, 0.30);
    private static readonly WeightedTable<short> FemaleSingle = Zipf(FemaleSingleNames, 0.8, FemaleTail, 0.50);
    private static readonly short Siti = Id("Siti");
    private static readonly short Nur = Id("Nur");

    public static PersonName Draw(Rng rng, Sex sex)
    {
        Span<short> t = [-1, -1, -1];
        var shape = rng.NextDouble();
        if (sex == Sex.Male)
        {
            if (shape < 0.05)
            {
                t[0] = MaleSingle.Draw(rng);
            }
            else if (shape < 0.30)
            {
                t[0] = Muhammad.Draw(rng);
                t[1] = rng.Chance(0.6) ? MuhammadFollower.Draw(rng) : MaleGiven.Draw(rng);
                t[2] = rng.Chance(0.5) ? MaleSecond.Draw(rng) : (short)-1;
            }
            else
            {
                t[0] = MaleGiven.Draw(rng);
                t[1] = rng.Chance(0.93) ? MaleSecond.Draw(rng) : (short)-1;
                t[2] = t[1] >= 0 && rng.Chance(0.15) ? MaleSecond.Draw(rng) : (short)-1;
            }
        }
        else if (shape < 0.05)
        {
            t[0] = FemaleSingle.Draw(rng);
        }
        else if (shape < 0.20)
        {
            t[0] = Siti;
            t[1] = rng.Chance(0.7) ? SitiFollower.Draw(rng) : FemaleSecond.Draw(rng);
            t[2] = rng.Chance(0.15) ? FemaleSecond.Draw(rng) : (short)-1;
        }
        else if (shape < 0.26)
        {
            t[0] = Nur;
            t[1] = NurFollower.Draw(rng);
        }
        else
        {
            t[0] = FemaleGiven.Draw(rng);
            t[1] = rng.Chance(0.92) ? FemaleSecond.Draw(rng) : (short)-1;
            t[2] = t[1] >= 0 && rng.Chance(0.10) ? FemaleSecond.Draw(rng) : (short)-1;
        }
        // Nobody is called "Nurjanah Nurjanah": a repeated token is dropped.
        if (t[2] >= 0 && (t[2] == t[1] || t[2] == t[0]))
        {
            t[2] = -1;
        }
        if (t[1] >= 0 && t[1] == t[0])
        {
            (t[1], t[2]) = (t[2], -1);
        }
        var father = rng.Chance(0.3) ? MaleSingle.Draw(rng) : MaleGiven.Draw(rng);
        var hasPatronymic = rng.Chance(0.04);
        return new PersonName(t[0], t[1], t[2], father, hasPatronymic);
    }

    /// <summary>The name tokens without the patronymic.</summary>
    public static List<string> CoreTokens(PersonName name)
    {
        var tokens = new List<string>(3) { TokenList[name.First] };
        if (name.Second >= 0)
        {
            tokens.Add(TokenList[name.Second]);
        }
        if (name.Third >= 0)
        {
            tokens.Add(TokenList[name.Third]);
        }
        return tokens;
    }

    /// <summary>"bin Komar" or "binti Komar".</summary>
    public static string Patronymic(PersonName name, Sex sex) =>
        (sex == Sex.Female ? "binti " : "bin ") + TokenList[name.Father];

    /// <summary>The name as the KTP has it, Title case.</summary>
    public static string FullName(PersonName name, Sex sex)
    {
        var core = string.Join(' ', CoreTokens(name));
        return name.HasPatronymic ? core + " " + Patronymic(name, sex) : core;
    }

    private static WeightedTable<short> Zipf(string[] namesByFrequency, double exponent, string[] tail, double tailShare) =>
        WeightedTable<short>.Zipf([.. namesByFrequency.Select(Id)], exponent, [.. tail.Select(Id)], tailShare);

    private static short Id(string token)
    {
        if (!TokenIds.TryGetValue(token, out var id))
        {
            id = checked((short)TokenList.Count);
            TokenIds.Add(token, id);
            TokenList.Add(token);
        }
        return id;
    }
}
