using System.Net;
using System.Net.Sockets;

namespace HumanzCni.Stages.Ipam;

/// <summary>
/// Parses addresses written by people (config) and by host-local (lease file names).
/// IPAddress.TryParse alone accepts shorthand such as "10.1" for 10.0.0.1, which would turn a
/// typo into a silently different address, so IPv4 must be the full dotted quad.
/// </summary>
internal static class AddressText
{
    public static bool TryParse(string text, out IPAddress address)
    {
        // A zone index ("fe80::1%eth0") names an interface, not an address a pod can own.
        bool acceptable = IPAddress.TryParse(text, out IPAddress? parsed) && parsed.AddressFamily switch
        {
            AddressFamily.InterNetwork => parsed.ToString() == text,
            AddressFamily.InterNetworkV6 => parsed.ScopeId == 0,
            _ => false,
        };
        if (acceptable && parsed is not null)
        {
            address = parsed;
            return true;
        }

        address = IPAddress.None;
        return false;
    }
}
