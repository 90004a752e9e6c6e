using Exchange.Core.Validation;
using Grpc.Core;

namespace Exchange.Server.Grpc;

/// <summary>The language of readable messages for one call: English when accept-language asks for it, else Indonesian.</summary>
public static class CallLanguage
{
    public static Language Of(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("accept-language");
        return header is not null && header.TrimStart().StartsWith("en", StringComparison.OrdinalIgnoreCase)
            ? Language.English
            : Language.Indonesian;
    }
}
