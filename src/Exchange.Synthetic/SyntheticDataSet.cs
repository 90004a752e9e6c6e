using Jamsostek.Exchange.V1;

namespace Exchange.Synthetic;

/// <summary>A generated, labelled data set: what BPJS syncs, what the agencies submit, and the truth behind each record.</summary>
public sealed class SyntheticDataSet
{
    internal SyntheticDataSet(SyntheticOptions options, IReadOnlyList<Participant> registry, IReadOnlyList<LabelledRecord> submitted)
    {
        Options = options;
        Registry = registry;
        Submitted = submitted;
    }

    public SyntheticOptions Options { get; }

    /// <summary>
    /// The BPJS registry in sync order. Participants are built on demand from a compact form, so a million of
    /// them never sit in memory unless the caller keeps them; every read builds a fresh, equal message.
    /// </summary>
    public IReadOnlyList<Participant> Registry { get; }

    /// <summary>The agencies' records, in submission order, each with its truth.</summary>
    public IReadOnlyList<LabelledRecord> Submitted { get; }
}

/// <summary>One submitted record and the truth behind it.</summary>
public sealed record LabelledRecord(WorkerRecord Record, RecordTruth Truth);

/// <summary>What a perfect matcher would know about a submitted record.</summary>
/// <param name="Person">The true person behind the record.</param>
/// <param name="ParticipantNik">The registry participant the person is (their own NIK), or null when they are not in the registry.</param>
/// <param name="ExpectedOutcome">
/// The person's true standing: ACTIVE, GRACE, LAPSED, DECEASED or NOT_REGISTERED. An invalid record is rejected before
/// matching, so a benchmark leaves it out; the standing is still the person's.
/// </param>
/// <param name="ExpectedSegment">The participant's segment, or SEGMENT_UNSPECIFIED when not in the registry.</param>
/// <param name="Noise">The kinds of noise the record carries (and <see cref="NoiseKinds.Twin"/> for a twin).</param>
/// <param name="TwinNik">The NIK of the person's twin, a participant, or null when they have none.</param>
public sealed record RecordTruth(
    TruePerson Person,
    string? ParticipantNik,
    MatchOutcome ExpectedOutcome,
    Segment ExpectedSegment,
    NoiseKinds Noise,
    string? TwinNik)
{
    /// <summary>Made invalid on purpose: the gateway must reject it.</summary>
    public bool IsInvalid => (Noise & NoiseKinds.Invalid) != 0;
}

/// <summary>A person as they truly are (the KTP form of the name, without titles).</summary>
/// <param name="Id">Stable id within the data set: 0 .. SubmittedCount-1 for submitted people.</param>
/// <param name="KelurahanCode">Kelurahan of domicile, dotted.</param>
public sealed record TruePerson(long Id, string Nik, string FullName, DateOnly BirthDate, Sex Sex, string KelurahanCode);
