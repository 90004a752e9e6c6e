using Jamsostek.Exchange.V1;

namespace Exchange.Server.Security;

/// <summary>What a caller may do (README, Security): anything not granted to a role is denied.</summary>
public enum CallerRole
{
    /// <summary>A Pemkot agency: submits batches and reads its own.</summary>
    Agency,
    /// <summary>BPJS Ketenagakerjaan: registry, reviews, candidates, reports.</summary>
    Bpjs,
    /// <summary>Operators: reports and the audit trail.</summary>
    Admin,
    /// <summary>Supervisors (e.g. the data protection officer): reports and the audit trail, read only.</summary>
    Observer,
}

/// <summary>Configuration section Exchange:Security: who may call, how they prove it, and what purposes allow.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Exchange:Security";

    /// <summary>Every caller the gateway knows; a request that proves none of them is unauthenticated.</summary>
    public List<CallerOptions> Callers { get; set; } = [];

    /// <summary>PEM file of the CA that issues client certificates; certificates from any other CA are refused.</summary>
    public string? ClientCaCertificate { get; set; }

    /// <summary>PEM files of the server's certificate and key; with them the gateway speaks TLS (and mTLS).</summary>
    public string? ServerCertificate { get; set; }

    public string? ServerKey { get; set; }

    /// <summary>
    /// Read API keys on cleartext (http://) connections too: for tests, and behind a proxy that terminates TLS. Off by
    /// default, because a key sent in clear can be read and replayed by anyone on the way; the gateway warns at start
    /// when it is on.
    /// </summary>
    public bool AllowApiKeysWithoutTls { get; set; }

    /// <summary>
    /// Per purpose: which agencies may state it and whether it returns the segment. <see cref="Read"/> starts from
    /// <see cref="DefaultPurposes"/>; a purpose missing here is allowed to nobody.
    /// </summary>
    public Dictionary<Purpose, PurposeOptions> Purposes { get; set; } = [];

    /// <summary>
    /// Coverage matching for every agency, with the segment; APBD-funded enrollment for DINSOS and DISNAKER, outcome
    /// only. A new dictionary each time: <see cref="Read"/> changes it.
    /// </summary>
    private static Dictionary<Purpose, PurposeOptions> DefaultPurposes() => new()
    {
        [Purpose.CoverageMatching] = new PurposeOptions { Agencies = ["*"], ReturnsSegment = true },
        [Purpose.ApbdEnrollment] = new PurposeOptions { Agencies = ["DINSOS", "DISNAKER"] },
    };

    /// <summary>
    /// The section bound onto the defaults. A configured purpose overrides the fields it names, and its Agencies replace
    /// the default list: the binder would append them to it, so an operator could add agencies but never remove one
    /// (an empty list, "Agencies": [], allows the purpose to nobody).
    /// </summary>
    public static SecurityOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var options = new SecurityOptions { Purposes = DefaultPurposes() };
        foreach (var purpose in section.GetSection(nameof(Purposes)).GetChildren())
        {
            if (Enum.TryParse<Purpose>(purpose.Key, ignoreCase: true, out var key)
                && options.Purposes.TryGetValue(key, out var defaults)
                && purpose.GetChildren().Any(field => string.Equals(field.Key, nameof(PurposeOptions.Agencies), StringComparison.OrdinalIgnoreCase)))
            {
                defaults.Agencies.Clear();
            }
        }
        section.Bind(options);
        return options;
    }
}

/// <summary>One caller: an identity, its role, and the credentials that prove it.</summary>
public sealed class CallerOptions
{
    /// <summary>Name for logs and the audit trail, e.g. dinkop-umkm or bpjs-bogor-kota.</summary>
    public string Name { get; set; } = "";

    public CallerRole Role { get; set; }

    /// <summary>Agency code for the agency role (batches belong to it), e.g. DINKOP.</summary>
    public string? Agency { get; set; }

    /// <summary>SHA-256 of the caller's API key, lowercase hex: the key itself is never stored.</summary>
    public string? ApiKeySha256 { get; set; }

    /// <summary>Common name (CN) of the caller's client certificate, issued by the client CA.</summary>
    public string? CertificateCommonName { get; set; }
}

/// <summary>What one purpose allows (UU PDP Art. 16: purpose limitation and minimisation).</summary>
public sealed class PurposeOptions
{
    /// <summary>Agency codes that may state this purpose; "*" for every agency.</summary>
    public List<string> Agencies { get; set; } = [];

    /// <summary>
    /// Return the matched participant's segment. No purpose returns the score or the reasons: they are BPJS's evidence
    /// (PurposePolicy.Minimise says why), and a ReturnsEvidence setting of an older configuration is ignored.
    /// </summary>
    public bool ReturnsSegment { get; set; }
}
