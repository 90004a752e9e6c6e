using Microsoft.Extensions.Configuration.Memory;

namespace Exchange.Server.Hosting;

/// <summary>
/// Where the gateway's settings come from, one builder for the gateway and for its commands, later sources winning: the
/// defaults in code, appsettings.json (and appsettings.{Environment}.json) next to the binary, environment variables
/// (Exchange__X), and the command line (--Exchange:X=value; --data DIR is --Exchange:DataDirectory=DIR, the later of the
/// two winning).
/// </summary>
public static class GatewayConfiguration
{
    /// <summary>Short for --Exchange:DataDirectory, and the same setting.</summary>
    public const string DataSwitch = "--data";

    private const string DataDirectoryKey = $"{GatewayOptions.Section}:{nameof(GatewayOptions.DataDirectory)}";

    /// <summary>Defaults of settings that are not the gateway's own options (those have theirs in their classes).</summary>
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };

    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Not the working directory: started from anywhere, the gateway reads the appsettings.json built with it.
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Beneath every other source, so that each of them can override these.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        // The command line once more, reading --data as what it is short for (the default source maps no switches).
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { [DataSwitch] = DataDirectoryKey });

        // Resolved once, against the directory the gateway was started from: the ledger, the development setup and
        // every later reader agree on one absolute path even if the working directory changes.
        var dataDirectory = GatewayOptions.Read(builder.Configuration).DataDirectory;
        if (string.IsNullOrWhiteSpace(dataDirectory))
        {
            throw new InvalidOperationException($"{DataDirectoryKey} ({DataSwitch}) is empty: name a directory, or leave it out for ./data.");
        }
        builder.Configuration.AddInMemoryCollection([new(DataDirectoryKey, Path.GetFullPath(dataDirectory))]);
        return builder;
    }

    /// <summary>The configuration the gateway would run with, for the commands that do not start it.</summary>
    public static ConfigurationManager Read(string[] args) => CreateBuilder(args).Configuration;
}
