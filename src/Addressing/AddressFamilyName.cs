using System.Net.Sockets;

namespace HumanzCni.Addressing;

/// <summary>An IP address family as messages name it.</summary>
internal static class AddressFamilyName
{
    /// <summary>"IPv4" or "IPv6".</summary>
    public static string Of(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
}
