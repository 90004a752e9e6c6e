using Exchange.Core.Coverage;
using Exchange.Core.Matching;
using Exchange.Core.Reference;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Tests.Coverage;

public sealed class WorkerStateCodecTests
{
    private static readonly WorkerState Asep = new(
        new KnownWorker(new MatchSubject("3271011705880001", "Asep Saepudin", new DateOnly(1988, 5, 17), Sex.Male, "32.71.01.1001"),
            Wilayah.KotaBogor.TryFindKelurahan("32.71.01.1001", out var kelurahan) ? kelurahan : null, Occupation.PedagangPasar,
            FundingSource.Apbd, 3, ["dinsos", "disnaker"], MatchOutcome.Grace, "3271011705880001", ParticipantStatus.Active,
            new CalendarMonth(2025, 5)),
        MatchOutcome.Active, MatchOutcome.Active);

    [Fact]
    public void A_state_reads_back_as_written()
    {
        var decoded = WorkerStateCodec.Decode(WorkerStateCodec.Encode(Asep), Wilayah.KotaBogor);

        Assert.Equal((Asep.Found, Asep.PreviousOutcome), (decoded.Found, decoded.PreviousOutcome));
        Assert.Equal(Asep.Worker with { Agencies = [] }, decoded.Worker with { Agencies = [] });
        Assert.Equal(Asep.Worker.Agencies, decoded.Worker.Agencies);
    }

    [Fact]
    public void The_fingerprint_and_the_standing_are_read_off_the_bytes_and_the_fingerprint_ignores_what_came_before()
    {
        var encoded = WorkerStateCodec.Encode(Asep);

        Assert.Equal(MatchOutcome.Grace, WorkerStateCodec.Outcome(encoded));
        Assert.Equal(WorkerStateCodec.Fingerprint(encoded), WorkerStateCodec.Fingerprint(WorkerStateCodec.Encode(Asep with { PreviousOutcome = MatchOutcome.Unspecified })));
        WorkerState[] others =
        [
            Asep with { Worker = Asep.Worker with { Outcome = MatchOutcome.Lapsed } },
            Asep with { Worker = Asep.Worker with { Agencies = ["dinsos"] } },
            Asep with { Worker = Asep.Worker with { LastPaid = new CalendarMonth(2025, 6) } },
            Asep with { Found = MatchOutcome.PossibleMatch },
        ];
        Assert.All(others, other => Assert.NotEqual(WorkerStateCodec.Fingerprint(encoded), WorkerStateCodec.Fingerprint(WorkerStateCodec.Encode(other))));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 1, 0, 0, 0 })]
    [InlineData(new byte[] { 9, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    public void Bytes_this_codec_did_not_write_are_refused_as_such(byte[] bytes)
    {
        Assert.Throws<FormatException>(() => WorkerStateCodec.Fingerprint(bytes));
        Assert.Throws<FormatException>(() => WorkerStateCodec.Outcome(bytes));
        Assert.Throws<FormatException>(() => WorkerStateCodec.Decode(bytes, Wilayah.KotaBogor));
    }
}
