namespace Exchange.Cli.Input;

/// <summary>A field of a record and the column names (Indonesian or English) an operator's file may give it.</summary>
/// <param name="Name">The proto field name, which is also accepted as a column name.</param>
/// <param name="Label">How a message names the field.</param>
/// <param name="Indonesian">The Indonesian column name (the proto name when it is the same word).</param>
/// <param name="Aliases">Other column names.</param>
internal sealed record FieldSpec(string Name, string Label, string Indonesian, params string[] Aliases)
{
    public IEnumerable<string> ColumnNames => [Name, Indonesian, .. Aliases];
}

/// <summary>The fields of both files, so a NIK or a birth date column is recognised the same way in each.</summary>
internal static class Columns
{
    public static readonly FieldSpec Nik = new("nik", "NIK", "nik", "no_nik", "no_ktp");
    public static readonly FieldSpec FullName = new("full_name", "name", "nama", "nama_lengkap", "name");
    public static readonly FieldSpec BirthDate = new("birth_date", "birth date", "tanggal_lahir", "tgl_lahir");
    public static readonly FieldSpec Sex = new("sex", "sex", "jenis_kelamin", "jk");
    public static readonly FieldSpec KelurahanCode = new("kelurahan_code", "kelurahan", "kelurahan", "kode_kelurahan");
    public static readonly FieldSpec Address = new("address", "address", "alamat");
    public static readonly FieldSpec Phone = new("phone", "phone", "no_hp", "telepon", "hp");
    public static readonly FieldSpec Occupation = new("occupation", "occupation", "pekerjaan");
    public static readonly FieldSpec KtpOccupationCode = new("ktp_occupation_code", "KTP occupation code", "kode_pekerjaan_ktp");
    public static readonly FieldSpec MonthlyIncome = new("monthly_income_rupiah", "monthly income", "penghasilan", "income");
    public static readonly FieldSpec WelfareDecile = new("welfare_decile", "welfare decile", "desil");
    public static readonly FieldSpec FundingSource = new("funding_source", "funding source", "sumber_dana");
    public static readonly FieldSpec Segment = new("segment", "segment", "segmen");
    public static readonly FieldSpec Status = new("status", "status", "status", "status_kepesertaan");
    public static readonly FieldSpec LastPaidMonth = new("last_paid_month", "last paid month", "bulan_terakhir_bayar");

    /// <summary>
    /// A column name as it is matched: case, surrounding spaces, and spaces, underscores, hyphens and dots
    /// inside do not count, so "Tanggal Lahir", "tanggal_lahir" and "TGL.LAHIR" mean one thing each.
    /// </summary>
    public static string Key(string columnName) =>
        string.Concat(columnName.Trim().ToLowerInvariant().Where(c => c is not (' ' or '_' or '-' or '.')));
}
