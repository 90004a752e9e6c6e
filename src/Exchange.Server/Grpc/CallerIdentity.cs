using Exchange.Server.Hosting;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Grpc;

/// <summary>
/// Who is calling. The agency of a batch always comes from here, never from a request field.
/// Until authentication is configured every caller is the development agency.
/// </summary>
public sealed class CallerIdentity(IOptions<GatewayOptions> options)
{
    public string AgencyOf(ServerCallContext context) => options.Value.DevelopmentAgency;
}
