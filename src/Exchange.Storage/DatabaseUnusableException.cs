namespace Exchange.Storage;

/// <summary>
/// The database cannot be used as it is (not a database, corrupt, a newer schema): the gateway refuses to start with
/// this message, which says what is wrong and what to do, rather than serving from a damaged or misread ledger.
/// </summary>
public sealed class DatabaseUnusableException(string message, Exception? inner = null) : Exception(message, inner);
