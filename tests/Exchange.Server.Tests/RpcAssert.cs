using Google.Rpc;
using Grpc.Core;

namespace Exchange.Server.Tests;

/// <summary>Reads the google.rpc details of an error the way a client would.</summary>
public static class RpcAssert
{
    public static ErrorInfo ErrorInfo(RpcException error) =>
        error.GetRpcStatus()?.GetDetail<ErrorInfo>() ?? throw new Xunit.Sdk.XunitException($"No ErrorInfo in {error.Status}.");

    public static BadRequest BadRequest(RpcException error) =>
        error.GetRpcStatus()?.GetDetail<BadRequest>() ?? throw new Xunit.Sdk.XunitException($"No BadRequest in {error.Status}.");

    /// <summary>Asserts the status code, the ErrorInfo reason and, when given, the field BadRequest names.</summary>
    public static void Refused(RpcException error, StatusCode code, string reason, string? field = null)
    {
        // The whole status on failure: an unexpected code says why only in its detail.
        Assert.True(code == error.StatusCode, $"Expected {code}, got {error.Status}.");
        Assert.Equal(reason, ErrorInfo(error).Reason);
        if (field is not null)
        {
            Assert.Contains(BadRequest(error).FieldViolations, v => v.Field == field);
        }
    }
}
