using Exchange.Synthetic;

namespace Exchange.Cli.Tests;

/// <summary>
/// A real gateway with a synthetic registry synced through <c>exchange registry sync</c>, and the
/// synthetic agency file beside it, shared by one test class; each test sends under its own batch.
/// </summary>
public sealed class CliGatewayFixture : IAsyncLifetime
{
    public const int Seed = 5;

    private readonly TempDirectory _files = new("exchange-cli-");

    public RunningGateway Gateway { get; private set; } = null!;

    public SyntheticDataSet Data { get; private set; } = null!;

    public string Directory => _files.Path;

    public string RegistryFile { get; private set; } = "";

    /// <summary>The agency file as <c>exchange generate</c> writes it: every record labelled with its truth.</summary>
    public string AgencyFile { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Gateway = await RunningGateway.StartAsync();
        Data = SyntheticGenerator.Generate(SyntheticProfile.Bogor.With(Seed, submittedCount: 400, registrySize: 4_000));
        (RegistryFile, AgencyFile) = DataSetFiles.Write(Data, Directory, TextWriter.Null);
        var sync = await CliProcess.RunAsync(CliProcess.As(Gateway, TestCallers.Bpjs), Directory, "registry", "sync", RegistryFile, "--snapshot");
        if (sync.ExitCode != ExitCodes.Ok)
        {
            throw new InvalidOperationException($"registry sync failed (seed {Seed}): {sync}");
        }
    }

    /// <summary>A copy of the agency file under a new name, so it makes its own batch.</summary>
    public string CopyOfAgencyFile(string name)
    {
        var path = _files.File(name);
        File.Copy(AgencyFile, path);
        return path;
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        _files.Dispose();
    }
}
