using System.Net.NetworkInformation;

namespace HumanzCni.Netlink;

/// <summary>What RTM_GETLINK reports about one link (the fields `ip -d link show` prints that the plugin needs).</summary>
/// <param name="Index">ifindex.</param>
/// <param name="Name">IFLA_IFNAME.</param>
/// <param name="Mtu">IFLA_MTU.</param>
/// <param name="MasterIndex">IFLA_MASTER, 0 when the link has no master.</param>
/// <param name="IsUp">IFF_UP is set in ifi_flags.</param>
/// <param name="Mac">IFLA_ADDRESS (empty for links without one).</param>
/// <param name="Kind">IFLA_LINKINFO/IFLA_INFO_KIND, e.g. "bridge" or "veth"; null when the kernel gives none.</param>
public sealed record LinkInfo(int Index, string Name, int Mtu, int MasterIndex, bool IsUp, PhysicalAddress Mac, string? Kind)
{
    /// <summary>
    /// IFLA_LINK, 0 when the kernel gives none. For a veth end it is the ifindex of its peer, counted in the
    /// peer's namespace: for a pod interface, the index of the host veth on the node.
    /// </summary>
    public int LinkIndex { get; init; }

    /// <summary>The VXLAN settings when <see cref="Kind"/> is "vxlan", null otherwise.</summary>
    public VxlanAttributes? Vxlan { get; init; }
}
