using System.Net;

namespace HumanzCni.Netlink;

/// <summary>
/// One route. <see cref="Destination"/> with <see cref="PrefixLength"/> 0 is the default route.
/// <see cref="Protocol"/> marks who owns the route (RTPROT_*), so an owner can find and remove only its own.
/// </summary>
public sealed record RouteInfo(
    IPAddress Destination,
    int PrefixLength,
    IPAddress? Gateway,
    int OutputLinkIndex = 0,
    byte Protocol = RouteProtocol.Boot,
    RouteScope Scope = RouteScope.Universe,
    int Table = RouteInfo.MainTable,
    int Metric = 0)
{
    /// <summary>RT_TABLE_MAIN.</summary>
    public const int MainTable = 254;

    /// <summary>
    /// RTNH_F_ONLINK (`onlink`): take the gateway as reachable on <see cref="OutputLinkIndex"/> even though no
    /// address there covers it, as a VXLAN route to a peer's VTEP address needs.
    /// </summary>
    public bool OnLink { get; init; }
}

/// <summary>rtm_scope values from linux/rtnetlink.h.</summary>
public enum RouteScope : byte
{
    /// <summary>RT_SCOPE_UNIVERSE: a route through a gateway or to anywhere.</summary>
    Universe = 0,
    /// <summary>RT_SCOPE_LINK: a destination on the attached link.</summary>
    Link = 253,
    /// <summary>RT_SCOPE_HOST: a local address.</summary>
    Host = 254,
}

/// <summary>rtm_protocol values: the kernel's own, and the one HumanzCni stamps on routes it owns.</summary>
public static class RouteProtocol
{
    /// <summary>RTPROT_KERNEL: added by the kernel (a connected subnet).</summary>
    public const byte Kernel = 2;
    /// <summary>RTPROT_BOOT: added by `ip route add` without a protocol.</summary>
    public const byte Boot = 3;
    /// <summary>RTPROT_STATIC: added by an administrator as static.</summary>
    public const byte Static = 4;

    /// <summary>Routes HumanzCni adds on the host (peer subnets). Not used by any well-known daemon (see /etc/iproute2/rt_protos).</summary>
    public const byte HumanzCni = 0x68;

    /// <summary>Routes the node agent (`humanz-cni agent`) keeps to the other nodes' pod subnets: a protocol of its own,
    /// so the agent only ever replaces or deletes its own routes and never those of the plugin or an admin.</summary>
    public const byte HumanzAgent = 0x69;
}
