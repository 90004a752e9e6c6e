using Jamsostek.Exchange.V1;

namespace Exchange.Cli.Input;

/// <summary>One line of a <see cref="WorkerFile"/>: the record to send, or why it cannot be sent.</summary>
/// <param name="LineNumber">Where the line starts in the file, from 1: the physical line (the header is line 1) or the sheet row.</param>
/// <param name="Record">The record; null when <paramref name="Problems"/> has any.</param>
/// <param name="Problems">What keeps the line from being sent; empty for a record.</param>
public sealed record InputLine(int LineNumber, WorkerRecord? Record, IReadOnlyList<LineProblem> Problems);

/// <summary>One line of a <see cref="ParticipantFile"/>: the participant to sync, or why it cannot be.</summary>
/// <param name="LineNumber">As in <see cref="InputLine"/>.</param>
/// <param name="Participant">The participant; null when <paramref name="Problems"/> has any.</param>
/// <param name="Problems">What keeps the line from being synced; empty for a participant.</param>
public sealed record ParticipantLine(int LineNumber, Participant? Participant, IReadOnlyList<LineProblem> Problems);
