using Exchange.Server.Hosting;
using Exchange.Server.Security;
using Exchange.Storage;

// exchange-server                 run the gateway
// exchange-server dev-setup       make (or show) the local CA, certificates and API keys under the data directory
// exchange-server audit-verify    check the audit trail's hash chain and its signed checkpoints
// Each reads the configuration the gateway runs with (GatewayConfiguration), so --data DIR means the same to all three.
switch (args.FirstOrDefault())
{
    case "dev-setup":
    {
        using var configuration = GatewayConfiguration.Read(args[1..]);
        var setup = GatewayApp.MakeDevelopmentSetup(GatewayOptions.Read(configuration).DataDirectory, TimeProvider.System.GetUtcNow());
        Console.WriteLine($"Development setup in {setup.Directory}: CA, server and client certificates, API keys in api-keys.txt.");
        return 0;
    }
    case "audit-verify":
    {
        using var configuration = GatewayConfiguration.Read(args[1..]);
        return await AuditVerifyCommand.RunAsync(GatewayOptions.Read(configuration), AuditSettings.Read(configuration), Console.Out);
    }
    default:
        try
        {
            await GatewayApp.Create(args).RunAsync();
            return 0;
        }
        catch (Exception e) when (Refusal(e) is { } refused)
        {
            await Console.Error.WriteLineAsync($"The gateway did not start: {refused.Message}");
            return 1;
        }
}

// A hosted service's refusal may arrive wrapped when several start together.
static GatewayStartRefusedException? Refusal(Exception e) => e switch
{
    GatewayStartRefusedException refused => refused,
    DatabaseUnusableException unusable => new GatewayStartRefusedException(unusable.Message),
    AggregateException all => all.InnerExceptions.Select(Refusal).FirstOrDefault(r => r is not null),
    _ => e.InnerException is { } inner ? Refusal(inner) : null,
};
