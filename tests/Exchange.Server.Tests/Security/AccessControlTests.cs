using Exchange.Server.Security;
using Exchange.Server.Tests.Infrastructure;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Jamsostek.Exchange.V1;

namespace Exchange.Server.Tests.Security;

/// <summary>
/// Every RPC of every service, called with no credentials, a wrong key and each role: the README's
/// Security table must hold, and the table must name every RPC the gateway serves.
/// </summary>
public sealed class AccessControlTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly ServiceDescriptor[] Services =
    [
        SubmissionService.Descriptor, RegistryService.Descriptor, ReportService.Descriptor, AuditService.Descriptor,
        global::Grpc.Health.V1.Health.Descriptor, global::Grpc.Reflection.V1Alpha.ServerReflection.Descriptor,
    ];

    [Fact]
    public void The_readme_table_names_every_rpc_and_agrees_with_the_permissions_in_code()
    {
        var table = ReadmeTable();
        var methods = Services.SelectMany(s => s.Methods).Select(m => m.Service.FullName + "/" + m.Name).ToList();
        Assert.All(methods, m => Assert.True(table.ContainsKey(m), $"{m} is missing from the README table"));
        foreach (var (method, allowed) in table)
        {
            var path = "/" + method;
            Assert.Equal(allowed.Contains("no credentials"), Permissions.Anonymous.Contains(path));
            foreach (var role in Enum.GetValues<CallerRole>())
            {
                Assert.True(allowed.Contains(role.ToString().ToLowerInvariant()) == (Permissions.Allows(path, role) || Permissions.Anonymous.Contains(path)),
                    $"README and code disagree on {method} for {role}");
            }
        }
    }

    public static TheoryData<string> Methods() => [.. Services.SelectMany(s => s.Methods).Select(m => m.Service.FullName + "/" + m.Name)];

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Each_rpc_admits_exactly_the_callers_the_table_names(string method)
    {
        var allowed = ReadmeTable()[method];
        var descriptor = Services.SelectMany(s => s.Methods).Single(m => m.Service.FullName + "/" + m.Name == method);
        var gateway = fixture.Gateway;

        var anonymous = await CallAsync(gateway.Channel.CreateCallInvoker(), descriptor);
        var wrongKey = await CallAsync(gateway.WithApiKey("exk_not_a_real_key"), descriptor);
        if (allowed.Contains("no credentials"))
        {
            Assert.True(Admitted(anonymous), $"{method} without credentials: {anonymous}");
            Assert.True(Admitted(wrongKey), $"{method} with a wrong key: {wrongKey}");
        }
        else
        {
            Assert.Equal(StatusCode.Unauthenticated, anonymous.Status);
            Assert.Equal(StatusCode.Unauthenticated, wrongKey.Status);
        }

        foreach (var caller in TestCallers.All)
        {
            var status = await CallAsync(gateway.As(caller), descriptor);
            if (allowed.Contains(caller.Role.ToString().ToLowerInvariant()))
            {
                Assert.True(Admitted(status), $"{method} as {caller.Name}: {status}");
            }
            else
            {
                Assert.Equal((StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED"), (status.Status, status.Reason));
            }
        }
    }

    /// <summary>
    /// Past authentication and the role check. A refusal for another reason (an agency not allowed the purpose a call needs)
    /// is the RPC's own answer, given once the table admitted the caller.
    /// </summary>
    private static bool Admitted(Answer answer) =>
        answer.Status != StatusCode.Unauthenticated && !(answer.Status == StatusCode.PermissionDenied && answer.Reason == "ROLE_NOT_ALLOWED");

    /// <summary>A call's final status and, for a refusal, its ErrorInfo reason.</summary>
    private sealed record Answer(StatusCode Status, string? Reason);

    /// <summary>Calls a method with an empty request (and an empty request stream) and returns the final status and reason.</summary>
    private static async Task<Answer> CallAsync(CallInvoker invoker, MethodDescriptor descriptor)
    {
        var type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (false, true) => MethodType.ServerStreaming,
            (true, false) => MethodType.ClientStreaming,
            _ => MethodType.DuplexStreaming,
        };
        var marshaller = Marshallers.Create(bytes => bytes, bytes => bytes);
        var method = new Method<byte[], byte[]>(type, descriptor.Service.FullName, descriptor.Name, marshaller, marshaller);
        // Health's Watch never ends by itself: the client gives up after a while, and that is an answer like any other.
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var options = new CallOptions(cancellationToken: giveUp.Token);
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, options, []);
                    break;
                case MethodType.ServerStreaming:
                {
                    using var call = invoker.AsyncServerStreamingCall(method, null, options, []);
                    while (await call.ResponseStream.MoveNext(CancellationToken.None).Within())
                    {
                    }
                    break;
                }
                case MethodType.ClientStreaming:
                {
                    using var call = invoker.AsyncClientStreamingCall(method, null, options);
                    await call.RequestStream.CompleteAsync().Within();
                    await call.ResponseAsync.Within();
                    break;
                }
                default:
                {
                    using var call = invoker.AsyncDuplexStreamingCall(method, null, options);
                    await call.RequestStream.CompleteAsync().Within();
                    while (await call.ResponseStream.MoveNext(CancellationToken.None).Within())
                    {
                    }
                    break;
                }
            }
            return new Answer(StatusCode.OK, null);
        }
        catch (RpcException error)
        {
            return new Answer(error.StatusCode, error.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason);
        }
    }

    /// <summary>The README's Security table: method → the columns ticked "yes".</summary>
    private static Dictionary<string, HashSet<string>> ReadmeTable()
    {
        var columns = RepositoryFiles.ReadLines("README.md").First(l => l.StartsWith("| RPC |", StringComparison.Ordinal))
            .Trim('|').Split('|').Select(c => c.Trim()).ToArray();
        return RepositoryFiles.Table("README.md", "| RPC |").ToDictionary(
            cells => cells[0].Trim('`'),
            cells => Enumerable.Range(1, columns.Length - 1).Where(i => cells[i] == "yes").Select(i => columns[i]).ToHashSet());
    }
}
