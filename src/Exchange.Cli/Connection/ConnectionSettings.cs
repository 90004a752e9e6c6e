using System.Text.Json;

namespace Exchange.Cli.Connection;

/// <summary>
/// How to reach the gateway and prove who we are. Each value comes from the command line, else the
/// environment (EXCHANGE_ADDRESS, EXCHANGE_API_KEY, EXCHANGE_CLIENT_CERT, EXCHANGE_CLIENT_KEY,
/// EXCHANGE_CA_CERT, EXCHANGE_LANG), else the config file (--config, EXCHANGE_CONFIG, or ~/.config/exchange/config.json).
/// </summary>
public sealed record ConnectionSettings(string Address, string? ApiKey, string? ClientCertificate, string? ClientKey, string? CaCertificate, string Language = "en")
{
    public const string DefaultAddress = "https://127.0.0.1:50051";

    /// <summary>The values given on the command line, each null when not given.</summary>
    public sealed record Given(string? Address, string? ApiKey, string? ClientCertificate, string? ClientKey, string? CaCertificate, string? ConfigFile, string? Language = null);

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

    /// <exception cref="CliException">The config file named cannot be read.</exception>
    public static ConnectionSettings Resolve(Given given, Func<string, string?> environment)
    {
        var configPath = given.ConfigFile ?? environment("EXCHANGE_CONFIG");
        var file = ReadConfigFile(configPath ?? DefaultConfigFile(environment), required: configPath is not null);
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(configPath ?? DefaultConfigFile(environment))) ?? ".";
        return new ConnectionSettings(
            given.Address ?? environment("EXCHANGE_ADDRESS") ?? file?.Address ?? DefaultAddress,
            given.ApiKey ?? environment("EXCHANGE_API_KEY") ?? file?.ApiKey,
            given.ClientCertificate ?? environment("EXCHANGE_CLIENT_CERT") ?? FromFile(file?.ClientCertificate),
            given.ClientKey ?? environment("EXCHANGE_CLIENT_KEY") ?? FromFile(file?.ClientKey),
            given.CaCertificate ?? environment("EXCHANGE_CA_CERT") ?? FromFile(file?.CaCertificate),
            given.Language ?? environment("EXCHANGE_LANG") ?? file?.Language ?? "en");

        // Paths in the config file are relative to the file.
        string? FromFile(string? path) => path is null ? null : Path.GetFullPath(path, baseDirectory);
    }

    private static string DefaultConfigFile(Func<string, string?> environment)
    {
        var configHome = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(configHome, "exchange", "config.json");
    }

    private static ConfigFile? ReadConfigFile(string path, bool required)
    {
        if (!File.Exists(path))
        {
            return required ? throw new CliException(ExitCodes.BadArguments, $"config file {path} does not exist; check --config or EXCHANGE_CONFIG") : null;
        }
        try
        {
            return JsonSerializer.Deserialize<ConfigFile>(File.ReadAllText(path), Json);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.BadArguments,
                $"config file {path} cannot be read ({e.Message}); it is JSON like {{\"address\": \"https://127.0.0.1:50051\", \"apiKey\": \"...\", \"caCertificate\": \"ca.crt\"}}");
        }
    }

    private sealed record ConfigFile(string? Address, string? ApiKey, string? ClientCertificate, string? ClientKey, string? CaCertificate, string? Language);
}
