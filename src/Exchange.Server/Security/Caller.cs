namespace Exchange.Server.Security;

/// <summary>An authenticated caller. <see cref="Agency"/> is set for the agency role only.</summary>
public sealed record Caller(string Name, CallerRole Role, string? Agency);
