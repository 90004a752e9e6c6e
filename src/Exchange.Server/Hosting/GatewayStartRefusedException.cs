namespace Exchange.Server.Hosting;

/// <summary>
/// The gateway will not start on what it found (a trail that no longer matches its signed checkpoints, a database
/// that went missing): the message says what and what to do. The program prints it and exits 1, without a stack trace.
/// </summary>
public sealed class GatewayStartRefusedException(string message) : Exception(message);
