using Exchange.Server.Tests.Infrastructure;

namespace Exchange.Server.Tests;

/// <summary>One running gateway shared by the tests of a class; each test uses its own batch ids.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public RunningGateway Gateway { get; private set; } = null!;

    public async Task InitializeAsync() => Gateway = await RunningGateway.StartAsync();

    public async Task DisposeAsync() => await Gateway.DisposeAsync();

    public static string NewBatchId() => "batch-" + Guid.NewGuid().ToString("N");
}
