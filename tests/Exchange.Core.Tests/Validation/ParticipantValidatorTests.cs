using Exchange.Core.Validation;
using Jamsostek.Exchange.V1;

namespace Exchange.Core.Tests.Validation;

public sealed class ParticipantValidatorTests
{
    private static readonly ParticipantValidator Validator = new();

    [Theory]
    [InlineData(ParticipantStatus.Active, null)]
    [InlineData(ParticipantStatus.Ended, null)]
    [InlineData(ParticipantStatus.Deceased, null)]
    [InlineData(ParticipantStatus.Unspecified, ViolationCodes.ParticipantStatusRequired)]
    [InlineData((ParticipantStatus)4, ViolationCodes.ParticipantStatusUnknown)]
    public void A_registry_participant_is_active_ended_or_deceased(ParticipantStatus status, string? code)
    {
        var participant = new Participant { Nik = "3271012107850001", FullName = "DADANG SURYANA", Segment = Segment.Bpu, Status = status };

        var findings = Findings.From(Validator.Validate(participant));

        Assert.Equal(code is null ? [] : [("status", code)], findings.Select(f => (f.Field, f.Code)));
    }
}
