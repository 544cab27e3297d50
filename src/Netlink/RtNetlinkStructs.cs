using System.Runtime.InteropServices;

namespace HumanzCni.Netlink;

// The fixed headers of netlink messages, laid out byte for byte as the kernel declares them.
// They are written to and read from the message buffer with MemoryMarshal (host byte order,
// which is what netlink uses for everything except addresses).

/// <summary>struct nlmsghdr (linux/netlink.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NlMsgHdr
{
    public uint nlmsg_len;
    public ushort nlmsg_type;
    public ushort nlmsg_flags;
    public uint nlmsg_seq;
    public uint nlmsg_pid;
}

/// <summary>struct ifinfomsg (linux/rtnetlink.h): the fixed part of RTM_*LINK messages.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IfInfoMsg
{
    public byte ifi_family;
    public byte ifi_pad;
    public ushort ifi_type;
    public int ifi_index;
    public uint ifi_flags;
    public uint ifi_change;
}

/// <summary>struct ifaddrmsg (linux/if_addr.h): the fixed part of RTM_*ADDR messages.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IfAddrMsg
{
    public byte ifa_family;
    public byte ifa_prefixlen;
    public byte ifa_flags;
    public byte ifa_scope;
    public int ifa_index;
}

/// <summary>struct rtmsg (linux/rtnetlink.h): the fixed part of RTM_*ROUTE messages.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RtMsg
{
    public byte rtm_family;
    public byte rtm_dst_len;
    public byte rtm_src_len;
    public byte rtm_tos;
    public byte rtm_table;
    public byte rtm_protocol;
    public byte rtm_scope;
    public byte rtm_type;
    public uint rtm_flags;
}

/// <summary>struct ndmsg (linux/neighbour.h): the fixed part of RTM_*NEIGH messages.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NdMsg
{
    public byte ndm_family;
    public byte ndm_pad1;
    public ushort ndm_pad2;
    public int ndm_ifindex;
    public ushort ndm_state;
    public byte ndm_flags;
    public byte ndm_type;
}
