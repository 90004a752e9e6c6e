namespace Exchange.Core.Validation;

/// <summary>
/// Machine-readable codes of field violations and RPC-level errors. Agencies key their fixes on them
/// and the ledger stores them with each result, so a code never changes its meaning or spelling; new
/// problems get new codes. Arguments, where a code has them, are listed in order.
/// </summary>
public static class ViolationCodes
{
    // --- NIK ---
    public const string NikRequired = "NIK_REQUIRED";
    /// <summary>A spreadsheet turned the NIK into a number such as 3.27101E+15.</summary>
    public const string NikScientificNotation = "NIK_SCIENTIFIC_NOTATION";
    /// <summary>Not exactly 16 digits.</summary>
    public const string NikMalformed = "NIK_MALFORMED";
    /// <summary>Arguments: the two province digits.</summary>
    public const string NikUnknownProvince = "NIK_UNKNOWN_PROVINCE";
    public const string NikImpossibleBirthDate = "NIK_IMPOSSIBLE_BIRTH_DATE";
    public const string NikSerialZero = "NIK_SERIAL_ZERO";
    /// <summary>Warning: the NIK's date digits disagree with birth_date.</summary>
    public const string NikBirthDateMismatch = "NIK_BIRTH_DATE_MISMATCH";
    /// <summary>Warning: the NIK's day digits (+40 for women) disagree with sex.</summary>
    public const string NikSexMismatch = "NIK_SEX_MISMATCH";
    /// <summary>Warning: the NIK was first registered outside the city. Arguments: regency code, city name.</summary>
    public const string NikRegionOutsideCity = "NIK_REGION_OUTSIDE_CITY";
    /// <summary>Set by the batch logic, not the record validator. Arguments: offset of the earlier record.</summary>
    public const string NikDuplicateInBatch = "NIK_DUPLICATE_IN_BATCH";

    // --- Name ---
    public const string NameRequired = "NAME_REQUIRED";
    public const string NameHasDigits = "NAME_HAS_DIGITS";
    /// <summary>Over the hard limit. Arguments: length, limit.</summary>
    public const string NameTooLong = "NAME_TOO_LONG";
    /// <summary>Warning: over 60 characters once titles are removed. Arguments: length, limit.</summary>
    public const string NameLongerThan60 = "NAME_LONGER_THAN_60";
    /// <summary>
    /// A character names do not have: anything but letters, spaces and . , ' - (a name may not start with -), so a
    /// name such as =HYPERLINK("http://x","DADANG") never reaches a register or an export. Arguments: the character
    /// (printable ASCII as itself, otherwise U+XXXX).
    /// </summary>
    public const string NameCharacterNotAllowed = "NAME_CHARACTER_NOT_ALLOWED";

    // --- Birth date and age ---
    public const string BirthDateRequired = "BIRTH_DATE_REQUIRED";
    /// <summary>Not in the form YYYY-MM-DD.</summary>
    public const string BirthDateMalformed = "BIRTH_DATE_MALFORMED";
    /// <summary>A date no calendar has, such as 2001-02-30.</summary>
    public const string BirthDateImpossible = "BIRTH_DATE_IMPOSSIBLE";
    public const string BirthDateInFuture = "BIRTH_DATE_IN_FUTURE";
    /// <summary>Arguments: age, minimum age, maximum age.</summary>
    public const string AgeOutsideWorkingAge = "AGE_OUTSIDE_WORKING_AGE";

    // --- Other record fields ---
    /// <summary>Arguments: the enum number.</summary>
    public const string SexUnknown = "SEX_UNKNOWN";
    public const string KelurahanRequired = "KELURAHAN_REQUIRED";
    /// <summary>Arguments: city name.</summary>
    public const string KelurahanUnknown = "KELURAHAN_UNKNOWN";
    /// <summary>Arguments: length, limit.</summary>
    public const string AddressTooLong = "ADDRESS_TOO_LONG";
    public const string PhoneInvalid = "PHONE_INVALID";
    public const string OccupationRequired = "OCCUPATION_REQUIRED";
    /// <summary>Arguments: the enum number.</summary>
    public const string OccupationUnknown = "OCCUPATION_UNKNOWN";
    /// <summary>Arguments: the code given.</summary>
    public const string KtpOccupationCodeOutOfRange = "KTP_OCCUPATION_CODE_OUT_OF_RANGE";
    public const string IncomeNegative = "INCOME_NEGATIVE";
    /// <summary>Arguments: limit in rupiah.</summary>
    public const string IncomeAbsurd = "INCOME_ABSURD";
    /// <summary>Arguments: the decile given.</summary>
    public const string WelfareDecileOutOfRange = "WELFARE_DECILE_OUT_OF_RANGE";
    /// <summary>Arguments: the enum number.</summary>
    public const string FundingSourceUnknown = "FUNDING_SOURCE_UNKNOWN";

    // --- Every free-text field (names, address, phone, kelurahan code) ---
    /// <summary>
    /// A control character (NUL, tab, newline, ...), a line or paragraph separator, or a bidirectional control such as
    /// U+202E (right-to-left override). Arguments: the character as U+XXXX, its position from 1.
    /// </summary>
    public const string TextControlCharacter = "TEXT_CONTROL_CHARACTER";

    // --- Opening a batch ---
    public const string BatchIdRequired = "BATCH_ID_REQUIRED";
    /// <summary>Not 1-64 characters of A-Z a-z 0-9 . _ : -</summary>
    public const string BatchIdMalformed = "BATCH_ID_MALFORMED";
    public const string PurposeRequired = "PURPOSE_REQUIRED";
    /// <summary>Arguments: the enum number.</summary>
    public const string PurposeUnknown = "PURPOSE_UNKNOWN";

    // --- Stream and RPC level (set by the server) ---
    /// <summary>The first message of a stream must open a batch.</summary>
    public const string OpenRequired = "OPEN_REQUIRED";
    public const string OpenRepeated = "OPEN_REPEATED";
    /// <summary>A message that is not a valid protobuf encoding of its type (garbage bytes, invalid UTF-8).</summary>
    public const string MessageMalformed = "MESSAGE_MALFORMED";
    /// <summary>A REST request whose body, path or query cannot bind to its message. Arguments: the part ("body" or a field).</summary>
    public const string RequestMalformed = "REQUEST_MALFORMED";
    /// <summary>A stream message that carries nothing (no open, chunk or finish).</summary>
    public const string MessageEmpty = "MESSAGE_EMPTY";
    public const string ChunkEmpty = "CHUNK_EMPTY";
    /// <summary>Arguments: record count, limit.</summary>
    public const string ChunkTooLarge = "CHUNK_TOO_LARGE";
    public const string OffsetNegative = "OFFSET_NEGATIVE";
    /// <summary>Arguments: the expected (committed) offset.</summary>
    public const string OffsetGap = "OFFSET_GAP";
    /// <summary>Arguments: the first offset whose record differs from the one stored, the committed offset.</summary>
    public const string OffsetContentMismatch = "OFFSET_CONTENT_MISMATCH";
    public const string BatchFinished = "BATCH_FINISHED";
    /// <summary>Arguments: the purpose stored with the batch.</summary>
    public const string BatchPurposeMismatch = "BATCH_PURPOSE_MISMATCH";
    /// <summary>Arguments: the batch id asked for.</summary>
    public const string BatchNotFound = "BATCH_NOT_FOUND";
    /// <summary>Arguments: expected record count, committed offset.</summary>
    public const string RecordCountMismatch = "RECORD_COUNT_MISMATCH";
    public const string PageTokenInvalid = "PAGE_TOKEN_INVALID";
    public const string CursorInvalid = "CURSOR_INVALID";
    /// <summary>Arguments: the day asked for, today.</summary>
    public const string AsOfInvalid = "AS_OF_INVALID";
    /// <summary>Arguments: the largest page size.</summary>
    public const string PageSizeInvalid = "PAGE_SIZE_INVALID";

    // --- Registry sync (BPJS) ---
    public const string SyncHeaderRequired = "SYNC_HEADER_REQUIRED";
    public const string SyncModeRequired = "SYNC_MODE_REQUIRED";
    /// <summary>Arguments: the enum number.</summary>
    public const string SyncModeUnknown = "SYNC_MODE_UNKNOWN";
    public const string SnapshotRemovals = "SNAPSHOT_REMOVALS";
    public const string SegmentRequired = "SEGMENT_REQUIRED";
    /// <summary>Arguments: the enum number.</summary>
    public const string SegmentUnknown = "SEGMENT_UNKNOWN";
    public const string ParticipantStatusRequired = "PARTICIPANT_STATUS_REQUIRED";
    /// <summary>Arguments: the enum number.</summary>
    public const string ParticipantStatusUnknown = "PARTICIPANT_STATUS_UNKNOWN";
    /// <summary>Not in the form YYYY-MM.</summary>
    public const string LastPaidMonthMalformed = "LAST_PAID_MONTH_MALFORMED";
    /// <summary>Neither dotted (32.71.01.1001) nor plain (3271011001).</summary>
    public const string KelurahanMalformed = "KELURAHAN_MALFORMED";

    // --- Reviews ---
    public const string ReviewIdRequired = "REVIEW_ID_REQUIRED";
    /// <summary>Arguments: the review id.</summary>
    public const string ReviewNotFound = "REVIEW_NOT_FOUND";
    public const string ReviewDecisionRequired = "REVIEW_DECISION_REQUIRED";
    /// <summary>Arguments: the decision already taken.</summary>
    public const string ReviewAlreadyDecided = "REVIEW_ALREADY_DECIDED";
    public const string AgencyRequired = "AGENCY_REQUIRED";
    /// <summary>Arguments: the offset asked for, the batch's committed offset.</summary>
    public const string RecordNotFound = "RECORD_NOT_FOUND";
    /// <summary>Arguments: the outcome asked for.</summary>
    public const string CandidateOutcomeInvalid = "CANDIDATE_OUTCOME_INVALID";

    // --- APBD estimate and lapse warnings ---
    /// <summary>Arguments: the most months an estimate prices.</summary>
    public const string EstimateMonthsInvalid = "ESTIMATE_MONTHS_INVALID";
    /// <summary>Not in the form YYYY-MM.</summary>
    public const string EstimateFirstMonthMalformed = "ESTIMATE_FIRST_MONTH_MALFORMED";
    /// <summary>Arguments: the effective date of the first rate period.</summary>
    public const string EstimateBeforeRates = "ESTIMATE_BEFORE_RATES";
    /// <summary>Arguments: the most days a warning looks ahead.</summary>
    public const string WarningDaysInvalid = "WARNING_DAYS_INVALID";
    /// <summary>An agency not allowed the purpose whose contributions the city pays. Arguments: that purpose.</summary>
    public const string LapseWarningsPurposeRequired = "LAPSE_WARNINGS_PURPOSE_REQUIRED";

    // --- Security and limits ---
    public const string CredentialsMissing = "CREDENTIALS_MISSING";
    public const string ApiKeyUnknown = "API_KEY_UNKNOWN";
    /// <summary>An API key on a cleartext connection, which the gateway does not read unless configured to.</summary>
    public const string ApiKeyRequiresTls = "API_KEY_REQUIRES_TLS";
    /// <summary>A client certificate and an API key of two different callers.</summary>
    public const string CredentialsConflict = "CREDENTIALS_CONFLICT";
    /// <summary>Arguments: why the certificate was refused.</summary>
    public const string CertificateRefused = "CERTIFICATE_REFUSED";
    /// <summary>Arguments: the certificate's common name.</summary>
    public const string CertificateUnknown = "CERTIFICATE_UNKNOWN";
    /// <summary>Arguments: the caller's role.</summary>
    public const string RoleNotAllowed = "ROLE_NOT_ALLOWED";
    /// <summary>Arguments: the purpose.</summary>
    public const string PurposeNotAllowed = "PURPOSE_NOT_ALLOWED";
    /// <summary>Arguments: the limit.</summary>
    public const string StreamsExhausted = "STREAMS_EXHAUSTED";
    /// <summary>Arguments: the limit in records per second.</summary>
    public const string RateExceeded = "RATE_EXCEEDED";
    /// <summary>Too many calls without valid credentials from one address. Arguments: the limit per minute.</summary>
    public const string RefusedCallsExceeded = "REFUSED_CALLS_EXCEEDED";
    /// <summary>Arguments: the idle limit in seconds.</summary>
    public const string StreamIdle = "STREAM_IDLE";
    /// <summary>The gateway is shutting down; what was committed stays.</summary>
    public const string Draining = "DRAINING";
    /// <summary>Arguments: the limit in records.</summary>
    public const string BatchTooLarge = "BATCH_TOO_LARGE";
    /// <summary>The agency's records for today (WIB) would exceed its daily budget. Arguments: the budget, the records still allowed today.</summary>
    public const string DailyRecordsExhausted = "DAILY_RECORDS_EXHAUSTED";
    /// <summary>A registry sync without a message for too long; nothing of it was applied. Arguments: the idle limit in seconds.</summary>
    public const string SyncIdle = "SYNC_IDLE";
    /// <summary>The client did not take an answer of a stream for too long. Arguments: the limit in seconds.</summary>
    public const string StreamNotRead = "STREAM_NOT_READ";
    /// <summary>
    /// The database cannot write now (disk full, read-only, locked): nothing of what failed was stored, and the same call
    /// can succeed later. Arguments: what the storage reported, in words without data.
    /// </summary>
    public const string StorageUnavailable = "STORAGE_UNAVAILABLE";
}
