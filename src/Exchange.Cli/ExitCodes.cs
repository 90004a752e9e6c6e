namespace Exchange.Cli;

/// <summary>What a script can rely on from <c>exchange</c>'s exit status (README, Exit codes).</summary>
public static class ExitCodes
{
    /// <summary>Done; for submit: every record accepted.</summary>
    public const int Ok = 0;

    /// <summary>Something unexpected; the message says what.</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments, or a file that cannot be read at all.</summary>
    public const int BadArguments = 2;

    /// <summary>Submit or sync finished, but some records were rejected (by the gateway or as unreadable lines).</summary>
    public const int SomeRejected = 3;

    /// <summary>The gateway cannot be reached, or its TLS certificate is not trusted.</summary>
    public const int CannotConnect = 4;

    /// <summary>The gateway does not know the credentials, or they do not allow this call.</summary>
    public const int NotAuthenticated = 5;

    /// <summary>The gateway refused the request itself (not found, invalid, limits): the message says why.</summary>
    public const int Refused = 6;

    /// <summary>Stopped by Ctrl-C (or SIGTERM); what was committed stays, the same command resumes.</summary>
    public const int Interrupted = 130;
}
