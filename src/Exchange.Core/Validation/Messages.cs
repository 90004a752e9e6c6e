using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Exchange.Core.Validation;

/// <summary>Readable explanations of <see cref="ViolationCodes"/>, in Indonesian and English.</summary>
public static class Messages
{
    private static readonly FrozenDictionary<string, (CompositeFormat Indonesian, CompositeFormat English)> Texts =
        new Dictionary<string, (string Indonesian, string English)>
        {
            [ViolationCodes.NikRequired] = (
                "NIK wajib diisi.",
                "The NIK is required."),
            [ViolationCodes.NikScientificNotation] = (
                "NIK terbaca sebagai angka berformat ilmiah (misalnya 3.27101E+15), biasanya karena kolomnya diolah sebagai angka di spreadsheet, sehingga digit aslinya hilang. Ubah kolom NIK menjadi teks, lalu kirim ulang 16 digit NIK dari sumbernya.",
                "The NIK is in scientific notation (such as 3.27101E+15), usually because a spreadsheet treated the column as a number, so its digits are lost. Format the NIK column as text and send the 16 digits again from the source."),
            [ViolationCodes.NikMalformed] = (
                "NIK harus terdiri atas tepat 16 digit angka, tanpa spasi atau tanda baca.",
                "The NIK must be exactly 16 digits, with no spaces or punctuation."),
            [ViolationCodes.NikUnknownProvince] = (
                "Kode provinsi {0} di awal NIK tidak dikenal.",
                "The province code {0} at the start of the NIK does not exist."),
            [ViolationCodes.NikImpossibleBirthDate] = (
                "Digit tanggal lahir pada NIK (digit ke-7 sampai ke-12) tidak membentuk tanggal yang mungkin.",
                "The date-of-birth digits of the NIK (7th to 12th) do not form a possible date."),
            [ViolationCodes.NikSerialZero] = (
                "Nomor urut NIK (4 digit terakhir) tidak boleh 0000.",
                "The serial number of the NIK (its last 4 digits) cannot be 0000."),
            [ViolationCodes.NikBirthDateMismatch] = (
                "Tanggal lahir yang terkandung dalam NIK berbeda dengan tanggal lahir yang dikirim. Data tetap diterima; periksa kembali mana yang benar.",
                "The date of birth encoded in the NIK differs from the date of birth sent. The record is accepted; please check which one is right."),
            [ViolationCodes.NikSexMismatch] = (
                "Jenis kelamin yang terkandung dalam NIK (tanggal lahir ditambah 40 untuk perempuan) berbeda dengan jenis kelamin yang dikirim. Data tetap diterima.",
                "The sex encoded in the NIK (day of birth plus 40 for women) differs from the sex sent. The record is accepted."),
            [ViolationCodes.NikRegionOutsideCity] = (
                "NIK pertama kali terdaftar di luar {1} (kode wilayah {0}). Data tetap diterima: domisili ditentukan dari kode kelurahan, bukan dari NIK.",
                "The NIK was first registered outside {1} (region code {0}). The record is accepted: domicile comes from the kelurahan code, not from the NIK."),
            [ViolationCodes.NikDuplicateInBatch] = (
                "NIK yang sama sudah dikirim dalam batch ini pada offset {0}.",
                "The same NIK was already sent in this batch at offset {0}."),
            [ViolationCodes.NameRequired] = (
                "Nama lengkap wajib diisi.",
                "The full name is required."),
            [ViolationCodes.NameHasDigits] = (
                "Nama mengandung angka. Perbaiki penulisannya; angka dalam nama biasanya salah baca hasil pindaian (misalnya 0 untuk O atau 1 untuk I).",
                "The name contains digits. Please correct it; digits in a name usually come from scanning errors (such as 0 for O or 1 for I)."),
            [ViolationCodes.NameTooLong] = (
                "Nama lengkap terlalu panjang: {0} karakter, paling banyak {1} karakter.",
                "The full name is too long: {0} characters, at most {1}."),
            [ViolationCodes.NameLongerThan60] = (
                "Tanpa gelar, nama ini sepanjang {0} karakter, melebihi batas {1} karakter untuk dokumen kependudukan baru (Permendagri 73/2022). Data tetap diterima.",
                "Without titles, this name has {0} characters, more than the {1} allowed on new civil registration documents (Permendagri 73/2022). The record is accepted."),
            [ViolationCodes.NameCharacterNotAllowed] = (
                "Nama mengandung karakter {0}, yang tidak dipakai dalam nama. Gunakan huruf, spasi, dan tanda . , ' - saja; nama tidak boleh diawali tanda -.",
                "The name contains the character {0}, which names do not have. Use letters, spaces and . , ' - only; a name cannot start with -."),
            [ViolationCodes.BirthDateRequired] = (
                "Tanggal lahir wajib diisi.",
                "The date of birth is required."),
            [ViolationCodes.BirthDateMalformed] = (
                "Tanggal lahir harus ditulis dengan format TTTT-BB-HH, misalnya 1985-07-21.",
                "The date of birth must be written as YYYY-MM-DD, such as 1985-07-21."),
            [ViolationCodes.BirthDateImpossible] = (
                "Tanggal lahir tidak ada di kalender (misalnya 30 Februari).",
                "The date of birth does not exist in the calendar (such as 30 February)."),
            [ViolationCodes.BirthDateInFuture] = (
                "Tanggal lahir tidak boleh di masa depan.",
                "The date of birth cannot be in the future."),
            [ViolationCodes.AgeOutsideWorkingAge] = (
                "Usia {0} tahun berada di luar rentang usia kerja {1} sampai {2} tahun.",
                "Age {0} is outside the working-age range of {1} to {2} years."),
            [ViolationCodes.SexUnknown] = (
                "Nilai jenis kelamin {0} tidak dikenal.",
                "Sex value {0} is not defined."),
            [ViolationCodes.KelurahanRequired] = (
                "Kode kelurahan domisili wajib diisi.",
                "The kelurahan code of domicile is required."),
            [ViolationCodes.KelurahanUnknown] = (
                "Kode kelurahan tidak terdapat dalam data wilayah {0} (Kemendagri). Tulis kode 10 digit, dengan atau tanpa titik.",
                "The kelurahan code is not among the area codes of {0} (Kemendagri). Write the 10-digit code, with or without dots."),
            [ViolationCodes.AddressTooLong] = (
                "Alamat terlalu panjang: {0} karakter, paling banyak {1} karakter.",
                "The address is too long: {0} characters, at most {1}."),
            [ViolationCodes.PhoneInvalid] = (
                "Nomor telepon bukan nomor ponsel Indonesia. Tulis 08... atau +628... dengan 10 sampai 13 digit; spasi dan tanda hubung boleh dipakai sebagai pemisah. Kosongkan bila tidak diketahui.",
                "The phone number is not an Indonesian mobile number. Write 08... or +628... with 10 to 13 digits; spaces and hyphens may separate the digits. Leave it empty when unknown."),
            [ViolationCodes.OccupationRequired] = (
                "Pekerjaan wajib diisi.",
                "The occupation is required."),
            [ViolationCodes.OccupationUnknown] = (
                "Kode pekerjaan {0} tidak dikenal.",
                "Occupation value {0} is not defined."),
            [ViolationCodes.KtpOccupationCodeOutOfRange] = (
                "Kode pekerjaan KTP {0} di luar rentang 1 sampai 89 (daftar Dukcapil). Kosongkan bila tidak diketahui.",
                "KTP occupation code {0} is outside the range 1 to 89 (Dukcapil's list). Leave it out when unknown."),
            [ViolationCodes.IncomeNegative] = (
                "Penghasilan bulanan tidak boleh negatif.",
                "The monthly income cannot be negative."),
            [ViolationCodes.IncomeAbsurd] = (
                "Penghasilan bulanan melebihi batas wajar Rp {0}; periksa kembali angkanya.",
                "The monthly income exceeds the plausible limit of Rp {0}; please check the amount."),
            [ViolationCodes.WelfareDecileOutOfRange] = (
                "Desil kesejahteraan {0} di luar rentang 1 sampai 10 (DTSEN).",
                "Welfare decile {0} is outside the range 1 to 10 (DTSEN)."),
            [ViolationCodes.FundingSourceUnknown] = (
                "Kode sumber pendanaan {0} tidak dikenal.",
                "Funding source value {0} is not defined."),
            [ViolationCodes.TextControlCharacter] = (
                "Teks mengandung karakter kendali {0} pada posisi {1} (misalnya baris baru, tab, NUL, atau pembalik arah tulisan U+202E). Hapus karakter itu dari sumber data, lalu kirim ulang.",
                "The text contains the control character {0} at position {1} (such as a newline, tab, NUL or the right-to-left override U+202E). Remove it from the source data and send the record again."),
            [ViolationCodes.BatchIdRequired] = (
                "ID batch wajib diisi.",
                "The batch id is required."),
            [ViolationCodes.BatchIdMalformed] = (
                "ID batch harus terdiri atas 1 sampai 64 karakter: huruf A-Z atau a-z, angka 0-9, titik, garis bawah, titik dua, atau tanda hubung.",
                "The batch id must be 1 to 64 characters: letters A-Z or a-z, digits 0-9, dot, underscore, colon or hyphen."),
            [ViolationCodes.PurposeRequired] = (
                "Tujuan pengiriman data wajib dinyatakan (UU PDP Pasal 16).",
                "The purpose of the submission must be stated (UU PDP Art. 16)."),
            [ViolationCodes.PurposeUnknown] = (
                "Kode tujuan {0} tidak dikenal.",
                "Purpose value {0} is not defined."),
            [ViolationCodes.OpenRequired] = (
                "Pesan pertama dalam stream harus membuka batch (open).",
                "The first message of the stream must open a batch (open)."),
            [ViolationCodes.OpenRepeated] = (
                "Batch sudah dibuka dalam stream ini; pesan open hanya boleh dikirim sekali.",
                "A batch is already open on this stream; open may be sent only once."),
            [ViolationCodes.MessageMalformed] = (
                "Pesan tidak dapat dibaca: bukan encoding protobuf yang sah untuk jenisnya (misalnya byte acak atau UTF-8 yang rusak).",
                "The message cannot be read: it is not a valid protobuf encoding of its type (for example random bytes or broken UTF-8)."),
            [ViolationCodes.RequestMalformed] = (
                "Permintaan REST tidak dapat dibaca: {0} bukan JSON pesan permintaan atau nilai yang sah untuk jenis field-nya.",
                "The REST request cannot be read: {0} is not JSON of the request message or a valid value of its field's type."),
            [ViolationCodes.MessageEmpty] = (
                "Pesan dalam stream kosong: kirim open, chunk, atau finish.",
                "The stream message is empty: send open, chunk or finish."),
            [ViolationCodes.ChunkEmpty] = (
                "Chunk tidak berisi record; kirim setidaknya satu record per chunk.",
                "The chunk has no records; send at least one record per chunk."),
            [ViolationCodes.ChunkTooLarge] = (
                "Chunk berisi {0} record, melebihi batas {1} record per chunk.",
                "The chunk has {0} records, more than the limit of {1} per chunk."),
            [ViolationCodes.OffsetNegative] = (
                "Offset tidak boleh negatif.",
                "The offset cannot be negative."),
            [ViolationCodes.OffsetGap] = (
                "Ada record yang terlewat: offset berikutnya yang diharapkan adalah {0}.",
                "Records are missing: the next expected offset is {0}."),
            [ViolationCodes.OffsetContentMismatch] = (
                "Record pada offset {0} sudah disimpan dengan isi lain: kirim ulang record yang sama, atau lanjutkan dari offset {1}.",
                "The record at offset {0} was stored with other content: re-send the same records, or go on from offset {1}."),
            [ViolationCodes.BatchFinished] = (
                "Batch sudah diselesaikan dan tidak menerima record lagi.",
                "The batch is finished and takes no more records."),
            [ViolationCodes.BatchPurposeMismatch] = (
                "Batch ini dibuka dengan tujuan {0}; untuk melanjutkannya, nyatakan tujuan yang sama.",
                "This batch was opened for purpose {0}; resume it with the same purpose."),
            [ViolationCodes.BatchNotFound] = (
                "Batch {0} tidak ditemukan.",
                "Batch {0} was not found."),
            [ViolationCodes.RecordCountMismatch] = (
                "Menurut klien ada {0} record, tetapi yang tersimpan {1}; batch belum diselesaikan.",
                "The client counts {0} records but {1} are stored; the batch was not finished."),
            [ViolationCodes.PageTokenInvalid] = (
                "Token halaman tidak valid; gunakan next_page_token dari halaman sebelumnya.",
                "The page token is not valid; use the next_page_token of the previous page."),
            [ViolationCodes.CursorInvalid] = (
                "Kursor tidak valid; gunakan cursor dari perubahan terakhir yang diterima, atau kosongkan untuk semua perubahan.",
                "The cursor is not valid; use the cursor of the last change received, or leave it empty for every change."),
            [ViolationCodes.AsOfInvalid] = (
                "Tanggal laporan '{0}' tidak valid: berikan tanggal YYYY-MM-DD sampai hari ini ({1}), atau kosongkan untuk hari ini.",
                "The report day '{0}' is not valid: give a YYYY-MM-DD day up to today ({1}), or leave it empty for today."),
            [ViolationCodes.PageSizeInvalid] = (
                "Ukuran halaman harus 1 sampai {0}, atau 0 untuk ukuran bawaan.",
                "The page size must be 1 to {0}, or 0 for the default."),
            [ViolationCodes.SyncHeaderRequired] = (
                "Pesan pertama sinkronisasi harus berupa header yang menyatakan mode.",
                "The first message of a sync must be a header stating the mode."),
            [ViolationCodes.SyncModeRequired] = (
                "Mode sinkronisasi wajib dinyatakan: INCREMENTAL atau SNAPSHOT.",
                "The sync mode is required: INCREMENTAL or SNAPSHOT."),
            [ViolationCodes.SyncModeUnknown] = (
                "Kode mode sinkronisasi {0} tidak dikenal.",
                "Sync mode value {0} is not defined."),
            [ViolationCodes.SnapshotRemovals] = (
                "Sinkronisasi SNAPSHOT tidak menerima penghapusan: peserta yang tidak dikirim otomatis terhapus.",
                "A SNAPSHOT sync takes no removals: participants not sent are removed."),
            [ViolationCodes.SegmentRequired] = (
                "Segmen kepesertaan wajib diisi (PU, BPU, Jasa Konstruksi, atau PMI).",
                "The membership segment is required (PU, BPU, Jasa Konstruksi or PMI)."),
            [ViolationCodes.SegmentUnknown] = (
                "Kode segmen {0} tidak dikenal.",
                "Segment value {0} is not defined."),
            [ViolationCodes.ParticipantStatusRequired] = (
                "Status kepesertaan wajib diisi.",
                "The membership status is required."),
            [ViolationCodes.ParticipantStatusUnknown] = (
                "Kode status kepesertaan {0} tidak dikenal.",
                "Membership status value {0} is not defined."),
            [ViolationCodes.LastPaidMonthMalformed] = (
                "Bulan iuran terakhir harus berformat YYYY-MM.",
                "The last paid month must be in the form YYYY-MM."),
            [ViolationCodes.KelurahanMalformed] = (
                "Kode kelurahan harus berformat 32.71.01.1001 atau 3271011001.",
                "The kelurahan code must look like 32.71.01.1001 or 3271011001."),
            [ViolationCodes.ReviewIdRequired] = (
                "ID item tinjauan wajib diisi.",
                "The review id is required."),
            [ViolationCodes.ReviewNotFound] = (
                "Item tinjauan {0} tidak ditemukan.",
                "Review item {0} does not exist."),
            [ViolationCodes.ReviewDecisionRequired] = (
                "Keputusan tinjauan wajib diisi: orang yang sama atau orang yang berbeda.",
                "The review decision is required: same person or different person."),
            [ViolationCodes.ReviewAlreadyDecided] = (
                "Item tinjauan ini sudah diputuskan ({0}); keputusan tidak dapat diubah.",
                "This review item is already decided ({0}); a decision cannot be changed."),
            [ViolationCodes.AgencyRequired] = (
                "Kode instansi (agency) wajib diisi.",
                "The agency code is required."),
            [ViolationCodes.RecordNotFound] = (
                "Batch ini tidak memiliki rekaman pada offset {0}; offset yang sudah tersimpan kurang dari {1}.",
                "The batch has no record at offset {0}; its stored offsets are below {1}."),
            [ViolationCodes.CandidateOutcomeInvalid] = (
                "Kandidat pendaftaran hanya dapat disaring dengan hasil NOT_REGISTERED atau LAPSED, bukan {0}.",
                "Enrollment candidates can only be filtered by NOT_REGISTERED or LAPSED, not {0}."),
            [ViolationCodes.EstimateMonthsInvalid] = (
                "Jumlah bulan perkiraan harus 1 sampai {0}, atau 0 untuk 12 bulan.",
                "The estimate's number of months must be 1 to {0}, or 0 for 12 months."),
            [ViolationCodes.EstimateFirstMonthMalformed] = (
                "Bulan pertama perkiraan harus berformat YYYY-MM, atau kosong untuk bulan depan.",
                "The estimate's first month must be in the form YYYY-MM, or empty for next month."),
            [ViolationCodes.EstimateBeforeRates] = (
                "Tidak ada tarif iuran sebelum {0}: mulai perkiraan pada bulan itu atau sesudahnya.",
                "No contribution rate is known before {0}: start the estimate in that month or later."),
            [ViolationCodes.WarningDaysInvalid] = (
                "Jumlah hari ke depan harus 1 sampai {0}, atau 0 untuk 30 hari.",
                "The number of days ahead must be 1 to {0}, or 0 for 30 days."),
            [ViolationCodes.LapseWarningsPurposeRequired] = (
                "Peringatan berakhirnya perlindungan hanya untuk instansi yang diizinkan tujuan {0}, yang iurannya dibayar dari APBD.",
                "Lapse warnings are only for agencies allowed the purpose {0}, whose workers' contributions the city pays."),
            [ViolationCodes.CredentialsMissing] = (
                "Panggilan ini memerlukan kredensial: sertifikat klien (mTLS) atau header x-api-key.",
                "This call needs credentials: a client certificate (mTLS) or an x-api-key header."),
            [ViolationCodes.ApiKeyUnknown] = (
                "API key tidak dikenal.",
                "The API key is not known."),
            [ViolationCodes.ApiKeyRequiresTls] = (
                "API key hanya diterima melalui koneksi TLS: hubungkan ke alamat https://, atau gunakan sertifikat klien.",
                "API keys are accepted over TLS only: connect to the https:// address, or use a client certificate."),
            [ViolationCodes.CredentialsConflict] = (
                "Sertifikat klien dan API key milik dua pemanggil yang berbeda: kirim salah satunya saja, atau API key milik pemanggil yang sama dengan sertifikat.",
                "The client certificate and the API key belong to two different callers: send one of them only, or the API key of the certificate's caller."),
            [ViolationCodes.CertificateRefused] = (
                "Sertifikat klien ditolak: {0}",
                "The client certificate is refused: {0}"),
            [ViolationCodes.CertificateUnknown] = (
                "Sertifikat klien dengan nama {0} tidak terdaftar sebagai pemanggil.",
                "No caller is configured for the client certificate named {0}."),
            [ViolationCodes.RoleNotAllowed] = (
                "Peran {0} tidak diizinkan memanggil operasi ini.",
                "The {0} role may not call this operation."),
            [ViolationCodes.PurposeNotAllowed] = (
                "Instansi ini tidak diizinkan mengirim data untuk tujuan {0}.",
                "This agency may not submit data for the purpose {0}."),
            [ViolationCodes.StreamsExhausted] = (
                "Terlalu banyak stream terbuka untuk pemanggil ini (batas {0}); tutup stream lain lalu coba lagi.",
                "Too many open streams for this caller (limit {0}); close another stream and try again."),
            [ViolationCodes.RateExceeded] = (
                "Batas {0} record per detik untuk pemanggil ini terlampaui; coba lagi sesaat lagi.",
                "The limit of {0} records per second for this caller is exceeded; try again shortly."),
            [ViolationCodes.RefusedCallsExceeded] = (
                "Terlalu banyak panggilan tanpa kredensial yang sah dari alamat ini (batas {0} per menit); tunggu sebelum mencoba lagi.",
                "Too many calls without valid credentials from this address (limit {0} per minute); wait before trying again."),
            [ViolationCodes.StreamIdle] = (
                "Stream ditutup karena tidak ada pesan selama {0} detik; buka kembali batch untuk melanjutkan.",
                "The stream was closed after {0} seconds without a message; open the batch again to continue."),
            [ViolationCodes.Draining] = (
                "Gateway sedang berhenti; yang sudah di-commit tetap tersimpan: sambung lagi dan lanjutkan dari offset yang di-commit.",
                "The gateway is shutting down; what was committed stays: reconnect and resume from the committed offset."),
            [ViolationCodes.BatchTooLarge] = (
                "Batch tidak boleh melebihi {0} record; lanjutkan di batch baru.",
                "A batch cannot hold more than {0} records; continue in a new batch."),
            [ViolationCodes.DailyRecordsExhausted] = (
                "Batas {0} record per hari untuk instansi ini akan terlampaui: hari ini masih boleh {1} record. Lanjutkan setelah pukul 00.00 WIB; record yang sudah tersimpan tetap tersimpan.",
                "This agency's limit of {0} records per day would be exceeded: {1} more records are allowed today. Continue after 00:00 WIB; what was stored stays stored."),
            [ViolationCodes.SyncIdle] = (
                "Sinkronisasi ditutup karena tidak ada pesan selama {0} detik; tidak ada perubahan yang diterapkan. Mulai ulang sinkronisasi.",
                "The sync was closed after {0} seconds without a message; nothing of it was applied. Start the sync again."),
            [ViolationCodes.StreamNotRead] = (
                "Stream ditutup karena klien tidak membaca jawaban selama {0} detik. Panggil ulang untuk melanjutkan dari data terakhir yang diterima.",
                "The stream was closed because the client did not read its answers for {0} seconds. Call again to continue from the last answer received."),
            [ViolationCodes.StorageUnavailable] = (
                "Gateway tidak dapat menyimpan data saat ini ({0}); yang gagal tidak tersimpan, yang sudah di-commit tetap tersimpan. Coba lagi sesaat lagi; submission dilanjutkan dari offset yang di-commit.",
                "The gateway cannot store data now ({0}); what failed was not stored, what was committed stays. Try again shortly; a submission resumes from the committed offset."),
        }.ToFrozenDictionary(
            entry => entry.Key,
            entry => (CompositeFormat.Parse(entry.Value.Indonesian), CompositeFormat.Parse(entry.Value.English)),
            StringComparer.Ordinal);

    /// <summary>
    /// The explanation of <paramref name="code"/> with <paramref name="arguments"/> filled in. An unknown
    /// code (one added by a newer gateway version) comes back as itself.
    /// </summary>
    public static string Describe(string code, IReadOnlyList<string> arguments, Language language)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(arguments);
        if (!Texts.TryGetValue(code, out var texts))
        {
            return code;
        }
        var format = language == Language.English ? texts.English : texts.Indonesian;
        // Findings are stored and described later, maybe by another version: a missing argument must
        // not break an answer, so it shows as "?".
        var values = new object?[Math.Max(format.MinimumArgumentCount, arguments.Count)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i < arguments.Count ? arguments[i] : "?";
        }
        return string.Format(CultureInfo.InvariantCulture, format, values);
    }
}
