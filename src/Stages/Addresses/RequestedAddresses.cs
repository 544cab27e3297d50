using System.Net;
using System.Text.Json;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;

namespace HumanzCni.Stages.Addresses;

/// <summary>
/// Specific addresses the runtime asks for, per CONVENTIONS.md, in order of precedence: the "ips"
/// capability (runtimeConfig.ips), then args.cni.ips in the config, then CNI_ARGS IP=a,b (host-local's form).
/// Entries may carry a prefix ("10.1.2.3/24"); only the address counts.
/// </summary>
internal static class RequestedAddresses
{
    public const string CniArgKey = "IP";

    public static IReadOnlyList<IPAddress> From(StageContext context)
    {
        if (context.Config.RuntimeConfig.TryGetPath(out var fromRuntime, "ips"))
        {
            return Parse(fromRuntime, "runtimeConfig.ips");
        }

        if (context.Config.Args.TryGetPath(out var fromArgs, "cni", "ips"))
        {
            return Parse(fromArgs, "args.cni.ips");
        }

        return context.Request.Args.Get(CniArgKey) is { Length: > 0 } text
            ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(item => ParseOne(item, "CNI_ARGS IP")).ToList()
            : [];
    }

    private static List<IPAddress> Parse(JsonElement list, string field)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new CniException(CniErrorCode.InvalidConfig, $"{field} must be a list of addresses, e.g. [\"100.100.1.20\"]");
        }

        return list.EnumerateArray().Select(item => ParseOne(item.ValueKind == JsonValueKind.String ? item.GetString()! : item.ToString(), field)).ToList();
    }

    private static IPAddress ParseOne(string text, string field)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        return IPAddress.TryParse(addressText, out var address)
            ? address
            : throw new CniException(CniErrorCode.InvalidConfig, $"{field}: \"{text}\" is not an IP address");
    }
}
