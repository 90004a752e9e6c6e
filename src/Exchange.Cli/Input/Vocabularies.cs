using Jamsostek.Exchange.V1;

namespace Exchange.Cli.Input;

/// <summary>The words operators' files use for sex, occupation, funding source, segment and status.</summary>
public static class Vocabularies
{
    /// <summary>
    /// The Indonesian label of every occupation and the short forms officers write (PKL, ojol): the one
    /// table of them. The gateway's codes (PEDAGANG_KAKI_LIMA) are accepted besides.
    /// </summary>
    public static readonly IReadOnlyList<(Occupation Occupation, string Label, string[] ShortForms)> OccupationLabels =
    [
        (Occupation.PedagangPasar, "Pedagang Pasar", []),
        (Occupation.PedagangKakiLima, "Pedagang Kaki Lima", ["PKL", "Pedagang Keliling"]),
        (Occupation.Petani, "Petani", ["Pekebun"]),
        (Occupation.BuruhTani, "Buruh Tani", []),
        (Occupation.Nelayan, "Nelayan", []),
        (Occupation.Peternak, "Peternak", []),
        (Occupation.OjekPangkalan, "Ojek Pangkalan", ["Opang"]),
        (Occupation.OjekOnline, "Ojek Online", ["Ojol"]),
        (Occupation.SopirAngkot, "Sopir Angkot", ["Supir Angkot"]),
        (Occupation.KuliPanggul, "Kuli Panggul", []),
        (Occupation.PekerjaBangunan, "Pekerja Bangunan", ["Tukang Bangunan", "Tukang"]),
        (Occupation.BuruhHarianLepas, "Buruh Harian Lepas", ["BHL"]),
        (Occupation.JuruParkir, "Juru Parkir", ["Jukir"]),
        (Occupation.PekerjaPariwisata, "Pekerja Pariwisata", ["Pemandu Wisata"]),
        (Occupation.PekerjaRumahTangga, "Pekerja Rumah Tangga", ["PRT"]),
        (Occupation.Seniman, "Seniman", []),
        (Occupation.Wirausaha, "Wirausaha", ["UMKM"]),
        (Occupation.Marbot, "Marbot", []),
        (Occupation.GuruNgaji, "Guru Ngaji", []),
        (Occupation.Ustadz, "Ustadz", ["Ustaz"]),
        (Occupation.PengurusJenazah, "Pengurus Jenazah", []),
        (Occupation.Kader, "Kader", ["Relawan"]),
        (Occupation.KetuaRtRw, "Ketua RT/RW", ["Ketua RT", "Ketua RW"]),
        (Occupation.TenagaNonAsn, "Tenaga Non ASN", ["Non ASN"]),
        (Occupation.Other, "Lainnya", ["Lain-lain"]),
    ];

    internal static readonly Vocabulary<Occupation> Occupations = new(ProblemCodes.OccupationUnknown,
        "is not on the gateway's list: write one such as Pedagang Kaki Lima, Ojek Online, Buruh Harian Lepas or Lainnya (the README lists them all)",
        OccupationLabels.SelectMany(o => o.ShortForms.Append(o.Label).Select(word => (o.Occupation, word))));

    internal static readonly Vocabulary<Sex> Sexes = new(ProblemCodes.SexUnknown,
        "is not a sex the CLI knows: write L or P (Laki-laki or Perempuan; Male or Female also work)",
        [
            (Sex.Male, "L"), (Sex.Male, "Laki-laki"), (Sex.Male, "Lelaki"),
            (Sex.Male, "Pria"), (Sex.Male, "M"),
            (Sex.Female, "P"), (Sex.Female, "Perempuan"), (Sex.Female, "Wanita"),
            (Sex.Female, "F"),
        ]);

    internal static readonly Vocabulary<FundingSource> FundingSources = new(ProblemCodes.FundingSourceUnknown,
        "is not a funding source the CLI knows: write Mandiri, APBD, APBN or Sponsor (CSR)",
        [
            (FundingSource.Self, "Mandiri"), (FundingSource.Self, "Sendiri"),
            (FundingSource.Sponsor, "CSR"),
        ]);

    internal static readonly Vocabulary<Segment> Segments = new(ProblemCodes.SegmentUnknown,
        "is not a segment the CLI knows: write PU, BPU, JASA_KONSTRUKSI or PMI",
        [
            (Segment.Pu, "Penerima Upah"), (Segment.Bpu, "Bukan Penerima Upah"),
            (Segment.JasaKonstruksi, "Jakon"), (Segment.Pmi, "Pekerja Migran Indonesia"),
        ]);

    internal static readonly Vocabulary<ParticipantStatus> Statuses = new(ProblemCodes.StatusUnknown,
        "is not a status the CLI knows: write ACTIVE (aktif), ENDED (nonaktif, berhenti) or DECEASED (meninggal)",
        [
            (ParticipantStatus.Active, "Aktif"), (ParticipantStatus.Ended, "Nonaktif"), (ParticipantStatus.Ended, "Tidak Aktif"),
            (ParticipantStatus.Ended, "Berhenti"),
            (ParticipantStatus.Deceased, "Meninggal"), (ParticipantStatus.Deceased, "Meninggal Dunia"), (ParticipantStatus.Deceased, "Wafat"),
        ]);
}
