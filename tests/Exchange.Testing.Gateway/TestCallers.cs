using Exchange.Server.Security;

namespace Exchange.Testing.Gateway;

/// <summary>The callers every test gateway knows, each with an API key only these tests use.</summary>
public static class TestCallers
{
    public sealed record TestCaller(string Name, CallerRole Role, string? Agency)
    {
        public string ApiKey => $"exk_test_{Name}";
    }

    /// <summary>Agency allowed every purpose.</summary>
    public static readonly TestCaller AgencyA = new("dinsos", CallerRole.Agency, "DINSOS");

    /// <summary>Agency allowed coverage matching only.</summary>
    public static readonly TestCaller AgencyB = new("dinkop", CallerRole.Agency, "DINKOP");

    public static readonly TestCaller Bpjs = new("bpjs", CallerRole.Bpjs, null);

    public static readonly TestCaller Admin = new("admin", CallerRole.Admin, null);

    public static readonly TestCaller Observer = new("observer", CallerRole.Observer, null);

    public static readonly IReadOnlyList<TestCaller> All = [AgencyA, AgencyB, Bpjs, Admin, Observer];

    /// <summary>Command-line settings that configure <see cref="All"/>; keys are given only as hashes.</summary>
    public static IEnumerable<string> Settings() => All.SelectMany((caller, i) =>
    {
        var prefix = $"--Exchange:Security:Callers:{i}:";
        return new[]
        {
            $"{prefix}Name={caller.Name}",
            $"{prefix}Role={caller.Role}",
            $"{prefix}Agency={caller.Agency}",
            $"{prefix}ApiKeySha256={ApiKeys.Hash(caller.ApiKey)}",
            $"{prefix}CertificateCommonName={caller.Name}",
        };
    });
}
