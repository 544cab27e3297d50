using System.Text.Json;

namespace HumanzCni.Testbed;

/// <summary>Reading what an ADD returned.</summary>
public static class CniResults
{
    /// <summary>The first address (without prefix) of the given family in an ADD result.</summary>
    public static string PodAddress(JsonElement result, bool ipv6 = false) =>
        TryPodAddress(result, ipv6) ?? throw new InvalidOperationException($"no {(ipv6 ? "IPv6" : "IPv4")} address in result {result}");

    /// <summary>The first address (without prefix) of the given family in an ADD result, or null when it has none.</summary>
    public static string? TryPodAddress(JsonElement result, bool ipv6 = false)
    {
        foreach (var ip in result.GetProperty("ips").EnumerateArray())
        {
            var cidr = ip.GetProperty("address").GetString()!;
            if (cidr.Contains(':') == ipv6)
            {
                return cidr[..cidr.IndexOf('/')];
            }
        }

        return null;
    }
}
