using Exchange.Server.Hosting;
using Exchange.Server.Security;

// exchange-server                 run the gateway
// exchange-server dev-setup       make (or show) the local CA, certificates and API keys under the data directory
// exchange-server audit-verify    check the audit trail's hash chain
var command = args.FirstOrDefault();
var gateway = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args.Skip(1).ToArray()).Build()
    .GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
switch (command)
{
    case "dev-setup":
        var setup = DevelopmentSetup.Create(Path.Combine(Path.GetFullPath(gateway.DataDirectory), "dev"), TimeProvider.System.GetUtcNow());
        Console.WriteLine($"Development setup in {setup.Directory}: CA, server and client certificates, API keys in api-keys.txt.");
        return 0;
    case "audit-verify":
        return await AuditVerifyCommand.RunAsync(gateway.DatabasePath, Console.Out);
    default:
        await GatewayApp.Create(args).RunAsync();
        return 0;
}
