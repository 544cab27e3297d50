namespace HumanzCni.Netlink;

/// <summary>
/// NETLINK_ROUTE message types and attribute numbers from linux/rtnetlink.h, linux/if_link.h,
/// linux/if_addr.h, linux/neighbour.h and linux/veth.h. Only what the plugin sends or reads is listed.
/// </summary>
internal static class RtNetlinkConstants
{
    // Message types.
    public const ushort RTM_NEWLINK = 16;
    public const ushort RTM_DELLINK = 17;
    public const ushort RTM_GETLINK = 18;
    public const ushort RTM_SETLINK = 19;
    public const ushort RTM_NEWADDR = 20;
    public const ushort RTM_DELADDR = 21;
    public const ushort RTM_GETADDR = 22;
    public const ushort RTM_NEWROUTE = 24;
    public const ushort RTM_DELROUTE = 25;
    public const ushort RTM_GETROUTE = 26;
    public const ushort RTM_NEWNEIGH = 28;
    public const ushort RTM_DELNEIGH = 29;
    public const ushort RTM_GETNEIGH = 30;

    // Address families (linux/socket.h).
    public const byte AF_UNSPEC = 0;
    public const byte AF_INET = 2;
    public const byte AF_BRIDGE = 7;
    public const byte AF_INET6 = 10;

    // ifi_flags (linux/if.h).
    public const uint IFF_UP = 0x1;

    /// <summary>IFNAMSIZ - 1: the longest interface name the kernel accepts, in bytes.</summary>
    public const int IFNAMSIZ_MAX = 15;

    // IFLA_* (enum in linux/if_link.h).
    public const ushort IFLA_ADDRESS = 1;
    public const ushort IFLA_IFNAME = 3;
    public const ushort IFLA_LINK = 5;
    public const ushort IFLA_MTU = 4;
    public const ushort IFLA_MASTER = 10;
    public const ushort IFLA_PROTINFO = 12;
    public const ushort IFLA_LINKINFO = 18;
    public const ushort IFLA_NET_NS_FD = 28;

    // IFLA_PROTINFO nest of an AF_BRIDGE request: bridge port settings (IFLA_BRPORT_* in linux/if_link.h).
    public const ushort IFLA_BRPORT_MODE = 4;

    // IFLA_LINKINFO nest.
    public const ushort IFLA_INFO_KIND = 1;
    public const ushort IFLA_INFO_DATA = 2;

    // IFLA_INFO_DATA nest for kind "veth" (linux/veth.h).
    public const ushort VETH_INFO_PEER = 1;

    // IFLA_INFO_DATA nest for kind "vxlan" (IFLA_VXLAN_* in linux/if_link.h).
    public const ushort IFLA_VXLAN_ID = 1;
    public const ushort IFLA_VXLAN_LINK = 3;
    public const ushort IFLA_VXLAN_LOCAL = 4;
    public const ushort IFLA_VXLAN_LEARNING = 7;
    public const ushort IFLA_VXLAN_PORT = 15;
    public const ushort IFLA_VXLAN_LOCAL6 = 17;

    // NDA_* (linux/neighbour.h): attributes of RTM_*NEIGH, for ARP/NDP neighbours and bridge FDB entries alike.
    public const ushort NDA_DST = 1;
    public const ushort NDA_LLADDR = 2;
    public const ushort NDA_IFINDEX = 8;

    /// <summary>ndm_flags: the FDB entry belongs to the device itself (a VXLAN's own table), not to a bridge it is a port of.</summary>
    public const byte NTF_SELF = 0x02;

    /// <summary>ndm_state: a static entry; neither aged out nor ever re-resolved.</summary>
    public const ushort NUD_PERMANENT = 0x80;

    // IFA_* (linux/if_addr.h).
    public const ushort IFA_ADDRESS = 1;
    public const ushort IFA_LOCAL = 2;
    public const ushort IFA_FLAGS = 8;

    /// <summary>Skip IPv6 duplicate address detection: the address is usable at once instead of "tentative".</summary>
    public const uint IFA_F_NODAD = 0x02;

    // RTA_* (enum rtattr_type_t).
    public const ushort RTA_DST = 1;
    public const ushort RTA_OIF = 4;
    public const ushort RTA_GATEWAY = 5;
    public const ushort RTA_PRIORITY = 6;
    public const ushort RTA_TABLE = 15;

    // rtm_type.
    public const byte RTN_UNICAST = 1;

    /// <summary>rtm_scope for deletes: matches a route of any scope, as `ip route del` does.</summary>
    public const byte RT_SCOPE_NOWHERE = 255;

    /// <summary>rtm_table when the real table id (> 255) travels in RTA_TABLE.</summary>
    public const byte RT_TABLE_UNSPEC = 0;

    /// <summary>rtm_flags bit of cached (cloned) routes, which a table listing skips.</summary>
    public const uint RTM_F_CLONED = 0x200;

    /// <summary>rtm_flags bit: the gateway is on the output link even though no address there covers it (`onlink`).</summary>
    public const uint RTNH_F_ONLINK = 0x4;
}
