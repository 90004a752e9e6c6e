namespace Exchange.Synthetic;

internal static partial class NameBooks
{
    /// <summary>
    /// Javanese, general Indonesian and Arabic-derived names (Agus, Budi, Slamet, Eko, Dwi and Tri for the
    /// first, second and third child, Sri, Siti, Nur), with much stronger skew than Kota Bogor's and a short
    /// tail: a few names cover most people, so a large registry has many namesakes born on the same day.
    /// </summary>
    private static NameBook BuildJavanese()
    {
        string[] maleGivenNames =
        [
            "Agus", "Budi", "Slamet", "Eko", "Joko", "Bambang", "Wahyu", "Dwi", "Tri", "Hadi",
            "Sugeng", "Heru", "Arif", "Teguh", "Imam", "Bayu", "Andi", "Rudi", "Yudi", "Hendro",
            "Anton", "Edi", "Hari", "Didik", "Puji", "Setyo", "Wawan", "Iwan", "Dedi", "Adi",
            "Nur", "Rahmat", "Ahmad", "Bagus", "Dimas", "Rizky", "Fajar", "Yoga", "Ilham", "Galih",
        ];
        string[] maleSecondNames =
        [
            "Santoso", "Prasetyo", "Setiawan", "Susanto", "Wibowo", "Nugroho", "Purnomo", "Hidayat", "Wahyudi", "Kurniawan",
            "Saputra", "Pratama", "Hartono", "Gunawan", "Raharjo", "Utomo", "Suryanto", "Haryanto", "Firmansyah", "Wijaya",
            "Subagyo", "Suprapto", "Sutrisno", "Rahman", "Budiman", "Kusuma", "Sulistyo", "Handoko", "Cahyono", "Triyono",
            "Mulyono", "Hermawan", "Riyanto", "Syahputra", "Maulana", "Ramadhan", "Hakim", "Fauzi", "Sholeh", "Abdullah",
        ];
        (string, double)[] muhammadForms =
        [
            ("Muhammad", 45), ("Muhamad", 15), ("Mohammad", 12), ("Mochammad", 8), ("Mohamad", 8), ("Mochamad", 7), ("Moch", 5),
        ];
        string[] muhammadFollowers =
        [
            "Ali", "Nur", "Rizki", "Fajar", "Arif", "Hasan", "Yusuf", "Ilham", "Iqbal", "Ridwan",
            "Faisal", "Hafidz", "Syaiful", "Zainal", "Abdul", "Khoirul", "Aditya", "Rafi", "Farhan", "Luthfi",
        ];
        string[] maleSingleNames =
        [
            "Slamet", "Suparman", "Sutrisno", "Sugiyono", "Paijo", "Tukiman", "Sarno", "Wagiman", "Sukirno", "Parjo",
            "Sumarno", "Karyono", "Ngadiman", "Sukardi", "Mujiono", "Supardi", "Jumadi", "Kasiman", "Poniman", "Darsono",
        ];
        string[] femaleGivenNames =
        [
            "Sri", "Dewi", "Dwi", "Tri", "Endang", "Rina", "Yuli", "Eka", "Ani", "Indah",
            "Ratna", "Sari", "Fitri", "Nining", "Tutik", "Wati", "Puji", "Rini", "Ayu", "Putri",
            "Nanik", "Yuni", "Umi", "Anik", "Lilik", "Endah", "Dian", "Novi", "Retno", "Siska",
            "Diah", "Wulan", "Ika", "Murni", "Kartini", "Suci", "Tika", "Ningsih", "Eni", "Titik",
        ];
        string[] femaleSecondNames =
        [
            "Wahyuni", "Lestari", "Rahayu", "Handayani", "Susanti", "Wulandari", "Astuti", "Purwanti", "Suryani", "Kurniasih",
            "Rahmawati", "Setyowati", "Utami", "Yuliani", "Mulyani", "Hartati", "Sulistyowati", "Nurhayati", "Fatimah", "Aminah",
            "Ningsih", "Puspitasari", "Anggraini", "Pratiwi", "Safitri", "Permatasari", "Kusumawati", "Indrawati", "Maryati", "Susilowati",
        ];
        string[] sitiFollowers =
        [
            "Aminah", "Fatimah", "Khotijah", "Maryam", "Nurjanah", "Rohmah", "Aisyah", "Zulaikha", "Muslimah", "Romlah",
            "Nurhaliza", "Masitoh", "Zubaidah", "Sholihah", "Khasanah",
        ];
        string[] nurFollowers = ["Hayati", "Aini", "Laila", "Azizah", "Hidayah", "Cahyani", "Khasanah", "Jannah", "Fadilah", "Halimah"];
        string[] femaleSingleNames =
        [
            "Sumirah", "Tukiyem", "Painem", "Sarinah", "Suminah", "Ngatini", "Poniyem", "Kasmini", "Sutinah", "Legiyem",
            "Wagiyem", "Partini", "Jumiati", "Sumiyati", "Karsinah",
        ];
        string[] tailRoots =
        [
            "Sug", "Suk", "Sup", "Sur", "Sut", "Har", "Hen", "Pur", "Wid", "Wah",
            "Tri", "Bud", "Sis", "Jum", "Kas", "Mar", "Par", "Sar", "Tuk", "Wag",
        ];
        var maleTail = NameTokens.Tail(tailRoots, ["yanto", "yono", "ito", "man", "di", "no", "jo", "wanto"]);
        var femaleTail = NameTokens.Tail(tailRoots, ["yati", "ni", "wati", "yani", "tun", "sih", "iyah", "mi"]);

        // Steep exponents and short tails: Agus, Sri and Santoso each hold about a tenth of their list's draws, several
        // times the Sundanese book's namesakes born on one day, without one man in twenty five being Agus Santoso.
        var maleGiven = NameTokens.Zipf(maleGivenNames, 1.3, maleTail, 0.06);
        var maleSecond = NameTokens.Zipf(maleSecondNames, 1.2, maleTail, 0.08);
        var maleSingle = NameTokens.Zipf(maleSingleNames, 1.2, maleTail, 0.10);
        var femaleGiven = NameTokens.Zipf(femaleGivenNames, 1.3, femaleTail, 0.06);
        var femaleSecond = NameTokens.Zipf(femaleSecondNames, 1.2, femaleTail, 0.08);
        return new NameBook(
            // Single names (Slamet, Sumirah) are common among older Javanese.
            maleShapes: new([
                (new NameShape(maleSingle), 0.12),
                (new NameShape(NameTokens.Weighted(muhammadForms),
                    new NameSlot(NameTokens.Zipf(muhammadFollowers, 1.2, maleTail, 0.06), 0.6, maleGiven), new NameSlot(maleSecond, 0.4)), 0.15),
                (new NameShape(maleGiven, new NameSlot(maleSecond, 0.90), new NameSlot(maleSecond, 0.10)), 0.73),
            ]),
            femaleShapes: new([
                (new NameShape(NameTokens.Zipf(femaleSingleNames, 1.2, femaleTail, 0.10)), 0.10),
                (new NameShape(NameTokens.Only("Siti"),
                    new NameSlot(NameTokens.Zipf(sitiFollowers, 1.2, femaleTail, 0.06), 0.7, femaleSecond), new NameSlot(femaleSecond, 0.10)), 0.18),
                (new NameShape(NameTokens.Only("Nur"), new NameSlot(NameTokens.Zipf(nurFollowers, 1.1, femaleTail, 0.06))), 0.06),
                (new NameShape(femaleGiven, new NameSlot(femaleSecond, 0.90), new NameSlot(femaleSecond, 0.08)), 0.66),
            ]),
            maleGiven: maleGiven,
            femaleGiven: femaleGiven,
            father: new NameSlot(maleSingle, 0.4, maleGiven),
            patronymicChance: 0.03);
    }
}
