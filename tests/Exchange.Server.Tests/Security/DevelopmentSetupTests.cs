using System.Security.Cryptography.X509Certificates;
using Exchange.Server.Security;
using Microsoft.Extensions.Configuration;

namespace Exchange.Server.Tests.Security;

public sealed class DevelopmentSetupTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Directory.CreateTempSubdirectory("exchange-dev-").FullName, "dev");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_directory)!, recursive: true);

    [Fact]
    public void Create_makes_every_file_and_a_configuration_that_binds_to_the_security_options()
    {
        var setup = DevelopmentSetup.Create(_directory, Now);

        Assert.Equal(Path.GetFullPath(_directory), setup.Directory);
        Assert.All(Files(setup), path => Assert.True(File.Exists(path), path));
        Assert.True(File.Exists(Path.Combine(_directory, DevelopmentSetup.ApiKeysFileName)));

        var options = new ConfigurationBuilder().AddJsonFile(setup.ConfigurationFile).Build()
            .GetSection(SecurityOptions.Section).Get<SecurityOptions>()!;
        Assert.Equal(setup.CaCertificatePath, options.ClientCaCertificate);
        Assert.Equal(setup.ServerCertificatePath, options.ServerCertificate);
        Assert.Equal(setup.ServerKeyPath, options.ServerKey);
        Assert.Empty(options.Purposes);
        Assert.Equal(["dinkop", "dinsos", "bpjs", "admin", "observer"], options.Callers.Select(caller => caller.Name));
        Assert.Equal(
            [(CallerRole.Agency, "DINKOP"), (CallerRole.Agency, "DINSOS"), (CallerRole.Bpjs, null), (CallerRole.Admin, null), (CallerRole.Observer, null)],
            options.Callers.Select(caller => (caller.Role, caller.Agency)));
        foreach (var configured in options.Callers)
        {
            var caller = setup.Callers[configured.Name];
            Assert.Equal((caller.Role, caller.Agency), (configured.Role, configured.Agency));
            Assert.Equal(ApiKeys.Hash(caller.ApiKey), configured.ApiKeySha256);
            Assert.Equal(configured.Name, configured.CertificateCommonName);
        }
    }

    [Fact]
    public void Its_certificates_come_from_its_ca_and_name_their_callers()
    {
        var setup = DevelopmentSetup.Create(_directory, Now);

        using var ca = CertificateAuthority.LoadCertificate(setup.CaCertificatePath);
        Assert.Equal(DevelopmentSetup.CaCommonName, ca.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        Assert.Equal(Now.AddYears(2), new DateTimeOffset(ca.NotAfter));
        using var server = CertificateAuthority.LoadCertificateWithKey(setup.ServerCertificatePath, setup.ServerKeyPath);
        Assert.True(CertificateAuthority.IsIssuedBy(server, ca, Now, CertificateAuthority.ServerAuthentication, out var problem), problem);
        foreach (var caller in setup.Callers.Values)
        {
            using var client = CertificateAuthority.LoadCertificateWithKey(caller.CertificatePath, caller.KeyPath);
            Assert.Equal(caller.Name, client.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
            Assert.True(CertificateAuthority.IsIssuedBy(client, ca, Now, out problem), problem);
        }
    }

    [Fact]
    public void Keys_are_readable_by_their_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes; Windows has ACLs instead.
        }
        var setup = DevelopmentSetup.Create(_directory, Now);

        string[] secrets =
        [
            Path.Combine(_directory, DevelopmentSetup.ApiKeysFileName), setup.CaKeyPath, setup.ServerKeyPath,
            .. setup.Callers.Values.Select(caller => caller.KeyPath),
        ];
        foreach (var path in secrets)
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void Create_twice_keeps_the_first_setup_byte_for_byte()
    {
        var first = DevelopmentSetup.Create(_directory, Now);
        var contents = Files(first).ToDictionary(path => path, File.ReadAllBytes);

        var second = DevelopmentSetup.Create(_directory, Now.AddDays(1));

        Assert.Equal(first.Callers.Values.Select(caller => caller.ApiKey), second.Callers.Values.Select(caller => caller.ApiKey));
        Assert.All(Files(second), path => Assert.Equal(contents[path], File.ReadAllBytes(path)));
        Assert.Equal(first.Callers["bpjs"].ApiKey, DevelopmentSetup.Load(_directory)!.Callers["bpjs"].ApiKey);
    }

    [Fact]
    public void Load_finds_nothing_where_there_is_no_complete_setup()
    {
        Assert.Null(DevelopmentSetup.Load(_directory));
        var setup = DevelopmentSetup.Create(_directory, Now);
        File.Delete(setup.ConfigurationFile);
        Assert.Null(DevelopmentSetup.Load(_directory));
    }

    [Fact]
    public void Create_completes_a_partial_setup_and_replaces_no_key()
    {
        var first = DevelopmentSetup.Create(_directory, Now);
        var caKey = File.ReadAllBytes(first.CaKeyPath);
        var dinkopKey = File.ReadAllBytes(first.Callers["dinkop"].KeyPath);
        File.Delete(first.Callers["dinsos"].CertificatePath);
        File.Delete(first.Callers["dinsos"].KeyPath);
        File.Delete(first.ConfigurationFile);

        var second = DevelopmentSetup.Create(_directory, Now.AddDays(1));

        Assert.Equal(caKey, File.ReadAllBytes(second.CaKeyPath));
        Assert.Equal(dinkopKey, File.ReadAllBytes(second.Callers["dinkop"].KeyPath));
        Assert.Equal(first.Callers.Values.Select(caller => caller.ApiKey), second.Callers.Values.Select(caller => caller.ApiKey));
        using var ca = CertificateAuthority.LoadCertificate(second.CaCertificatePath);
        using var dinsos = CertificateAuthority.LoadCertificateWithKey(second.Callers["dinsos"].CertificatePath, second.Callers["dinsos"].KeyPath);
        Assert.True(CertificateAuthority.IsIssuedBy(dinsos, ca, Now.AddDays(1), out var problem), problem);
        Assert.NotNull(DevelopmentSetup.Load(_directory));
    }

    [Fact]
    public void Half_a_key_pair_stops_create_instead_of_being_overwritten()
    {
        var first = DevelopmentSetup.Create(_directory, Now);
        File.Delete(first.Callers["dinsos"].KeyPath);
        var certificate = File.ReadAllBytes(first.Callers["dinsos"].CertificatePath);

        var error = Assert.Throws<InvalidOperationException>(() => DevelopmentSetup.Create(_directory, Now));

        Assert.Contains("dinsos.key.pem is missing", error.Message);
        Assert.Equal(certificate, File.ReadAllBytes(first.Callers["dinsos"].CertificatePath));
    }

    private static IEnumerable<string> Files(DevelopmentSetupResult setup) =>
    [
        setup.ConfigurationFile, setup.CaCertificatePath, setup.CaKeyPath, setup.ServerCertificatePath, setup.ServerKeyPath,
        Path.Combine(setup.Directory, DevelopmentSetup.ApiKeysFileName),
        .. setup.Callers.Values.SelectMany(caller => new[] { caller.CertificatePath, caller.KeyPath }),
    ];
}

public sealed class ApiKeysTests
{
    [Fact]
    public void Generated_keys_are_prefixed_url_safe_and_distinct()
    {
        var keys = Enumerable.Range(0, 100).Select(_ => ApiKeys.Generate()).ToList();

        Assert.All(keys, key => Assert.Matches("^exk_[A-Za-z0-9_-]{43}$", key));
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void The_hash_is_lowercase_hex_sha256()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeys.Hash("abc"));
    }

    [Fact]
    public void Only_the_right_key_matches()
    {
        var key = ApiKeys.Generate();
        var hash = ApiKeys.Hash(key);

        Assert.True(ApiKeys.Matches(key, hash));
        Assert.False(ApiKeys.Matches(ApiKeys.Generate(), hash));
        Assert.False(ApiKeys.Matches(key + " ", hash));
        Assert.False(ApiKeys.Matches(key, hash[..^2]));
        Assert.False(ApiKeys.Matches(key, "not a hash"));
        Assert.False(ApiKeys.Matches(key, ""));
    }
}
