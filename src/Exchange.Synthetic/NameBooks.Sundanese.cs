namespace Exchange.Synthetic;

internal static partial class NameBooks
{
    /// <summary>
    /// Indonesian and Sundanese names as met in Kota Bogor, each list ordered most frequent first and drawn
    /// with a Zipf-like skew: many Asep, Ujang, Dede, Iis and Euis, many Muhammads in its local spellings.
    /// </summary>
    private static NameBook BuildSundanese()
    {
        string[] maleGivenNames =
        [
            "Asep", "Ujang", "Dede", "Ade", "Agus", "Dadang", "Deden", "Budi", "Cecep", "Yayan",
            "Iwan", "Dedi", "Rudi", "Wawan", "Encep", "Hendra", "Jajang", "Aep", "Endang", "Nana",
            "Ahmad", "Dodi", "Usep", "Acep", "Maman", "Abdul", "Iman", "Dani", "Heri", "Yudi",
            "Tatang", "Opik", "Ucup", "Enjang", "Didin", "Aang", "Engkos", "Oman", "Dudung", "Kurnia",
            "Irfan", "Fajar", "Ilham", "Ridwan", "Eko", "Joko", "Andi", "Ari", "Jaka", "Iyan",
            "Dayat", "Ruslan", "Entis", "Atep", "Ajat", "Komar", "Odih", "Yusuf", "Hasan", "Nandang",
        ];
        string[] maleSecondNames =
        [
            "Saepudin", "Supriatna", "Hidayat", "Kurniawan", "Setiawan", "Permana", "Sopian", "Rohman", "Hermawan", "Suryana",
            "Ramdani", "Firmansyah", "Nugraha", "Gunawan", "Saputra", "Hidayatulloh", "Sulaeman", "Somantri", "Sudrajat", "Mulyana",
            "Rahmat", "Hamdani", "Sutisna", "Sukmana", "Wijaya", "Pratama", "Maulana", "Hakim", "Syarifudin", "Nurdin",
            "Suherman", "Kusnadi", "Rusmana", "Apandi", "Juhana", "Sunarya", "Effendi", "Kosasih", "Mulyadi", "Jaelani",
            "Kusmana", "Priatna", "Sobari", "Taufik", "Ruhiyat", "Fauzi", "Iskandar", "Abdullah", "Abdurrahman", "Ma'ruf",
            "Rahman", "Aziz", "Kadir", "Khoerudin", "Nurjaman", "Nuryadin", "Cahyadi", "Yuliansyah", "Zaenudin", "Sujana",
        ];
        // Muhammad as it is actually written on West Javan KTPs.
        (string, double)[] muhammadForms =
        [
            ("Muhammad", 35), ("Muhamad", 25), ("Mochamad", 12), ("Mohamad", 8), ("Mohammad", 7), ("Mochammad", 6), ("Moch", 4), ("Muhammat", 1),
        ];
        string[] muhammadFollowers =
        [
            "Rizki", "Iqbal", "Fauzi", "Ramdan", "Yusuf", "Ilham", "Arif", "Fajar", "Rizal", "Hasan",
            "Ridwan", "Soleh", "Nur", "Syarif", "Ikbal", "Faisal", "Hilman", "Firman", "Dimas", "Reza",
            "Fikri", "Alif", "Akbar", "Rafi", "Zaenal", "Abdul", "Yahya", "Khoirul", "Nurul", "Taufik",
        ];
        string[] maleSingleNames =
        [
            "Suparman", "Sutrisno", "Karta", "Sarmin", "Udin", "Paimin", "Sukarta", "Darma", "Oyo", "Ating",
            "Emed", "Sanusi", "Rohim", "Saripudin", "Warta", "Kosim", "Juhri", "Naim", "Dasuki", "Sukandi",
        ];
        string[] femaleGivenNames =
        [
            "Iis", "Euis", "Neneng", "Dede", "Lilis", "Imas", "Dewi", "Sri", "Yanti", "Ai",
            "Ade", "Tati", "Rina", "Eti", "Enok", "Nining", "Cucu", "Entin", "Popon", "Dedeh",
            "Ela", "Titin", "Yuyun", "Nia", "Fitri", "Rini", "Wulan", "Ayu", "Putri", "Nenden",
            "Cicih", "Yati", "Ani", "Atik", "Teti", "Mimin", "Elis", "Nani", "Eneng", "Ratna",
            "Lina", "Ika", "Winda", "Rosita", "Nurhayati", "Nurjanah", "Ida", "Umi", "Aisyah", "Nuraeni",
            "Sriwahyuni", "Kokom", "Oom", "Ecin", "Neni", "Yeni", "Yuli", "Nurlela", "Cahya", "Yuyu",
        ];
        string[] femaleSecondNames =
        [
            "Sumiati", "Rohayati", "Nurhasanah", "Kurniasih", "Suryani", "Rahmawati", "Marlina", "Handayani", "Lestari", "Susanti",
            "Sulastri", "Komalasari", "Mulyani", "Hasanah", "Aisyah", "Fatimah", "Nurjanah", "Wulandari", "Sari", "Kartika",
            "Permatasari", "Rosmiati", "Herawati", "Nurhayati", "Jubaedah", "Maryam", "Hayati", "Halimah", "Komariah", "Solihat",
            "Rukmini", "Yuliani", "Nuraeni", "Sopiah", "Khodijah", "Ma'rifah", "Juariah", "Nurlela", "Suhartini", "Sumarni",
            "Rohmah", "Yulianti", "Nurhalimah", "Cahyati", "Safitri", "Maesaroh", "Nursyamsiah", "Syamsiah", "Anggraeni", "Juliani",
        ];
        string[] sitiFollowers =
        [
            "Aminah", "Rohmah", "Nurhaliza", "Fatimah", "Maryam", "Khodijah", "Aisyah", "Romlah", "Hadijah", "Masitoh",
            "Jamilah", "Nurjanah", "Komariah", "Halimah", "Sarah", "Zulaikha", "Rahmawati", "Nuraeni", "Solihah", "Muslimah",
        ];
        string[] nurFollowers = ["Hayati", "Aini", "Laela", "Azizah", "Fadilah", "Halimah", "Jannah", "Komariah", "Asiah", "Hasanah"];
        string[] femaleSingleNames =
        [
            "Warsih", "Karsih", "Sumarni", "Rohani", "Saripah", "Juju", "Enah", "Omah", "Icih", "Odah",
            "Tarsih", "Oneng", "Ijah", "Enih", "Iyah", "Sumirah", "Aminah", "Onah", "Cicah", "Nyai",
        ];
        // Roots and endings that make the long tail of rarer names (Kusman, Suryadi, Rosmah, Kuswati): real name
        // lists have thousands of names, each held by few people.
        string[] tailRoots =
        [
            "Sup", "Suh", "Sur", "Sul", "Sun", "Kus", "Kur", "Kar", "Kos", "Rus", "Ruh", "Rah", "Ros", "Mul", "Mar", "Har", "Hen", "Her", "Wah", "War",
            "Yus", "Yul", "Jun", "Jum", "Tar", "Dar", "Das", "Sar", "Sam", "Sol", "Sob", "Nan", "Nur", "Sat", "Tris", "Sut", "Mus", "Cas", "Tab", "Jaj",
        ];
        var maleTail = NameTokens.Tail(tailRoots, ["man", "di", "ardi", "andi", "yana", "yadi", "tono", "wan", "jaya", "din", "mat", "na", "ta", "an", "iman"]);
        var femaleTail = NameTokens.Tail(tailRoots, ["ti", "yati", "nah", "sih", "wati", "ni", "mah", "yani", "sari", "iah", "aeni", "ih", "tin", "asih", "ani", "iyah"]);

        // Exponents and tail shares are tuned so the most common names (Asep, Iis, Siti) hold a few per cent of people.
        var maleGiven = NameTokens.Zipf(maleGivenNames, 1.0, maleTail, 0.30);
        var maleSecond = NameTokens.Zipf(maleSecondNames, 0.8, maleTail, 0.40);
        var maleSingle = NameTokens.Zipf(maleSingleNames, 0.8, maleTail, 0.50);
        var femaleGiven = NameTokens.Zipf(femaleGivenNames, 1.0, femaleTail, 0.30);
        var femaleSecond = NameTokens.Zipf(femaleSecondNames, 0.8, femaleTail, 0.40);
        return new NameBook(
            maleShapes: new([
                (new NameShape(maleSingle), 0.05),
                (new NameShape(NameTokens.Weighted(muhammadForms),
                    new NameSlot(NameTokens.Zipf(muhammadFollowers, 0.9, maleTail, 0.15), 0.6, maleGiven), new NameSlot(maleSecond, 0.5)), 0.25),
                (new NameShape(maleGiven, new NameSlot(maleSecond, 0.93), new NameSlot(maleSecond, 0.15)), 0.70),
            ]),
            femaleShapes: new([
                (new NameShape(NameTokens.Zipf(femaleSingleNames, 0.8, femaleTail, 0.50)), 0.05),
                (new NameShape(NameTokens.Only("Siti"),
                    new NameSlot(NameTokens.Zipf(sitiFollowers, 0.8, femaleTail, 0.30), 0.7, femaleSecond), new NameSlot(femaleSecond, 0.15)), 0.15),
                (new NameShape(NameTokens.Only("Nur"), new NameSlot(NameTokens.Zipf(nurFollowers, 0.8, femaleTail, 0.30))), 0.06),
                (new NameShape(femaleGiven, new NameSlot(femaleSecond, 0.92), new NameSlot(femaleSecond, 0.10)), 0.74),
            ]),
            maleGiven: maleGiven,
            femaleGiven: femaleGiven,
            father: new NameSlot(maleSingle, 0.3, maleGiven),
            patronymicChance: 0.04);
    }
}
