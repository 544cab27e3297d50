namespace HumanzCni.Netlink;

/// <summary>
/// Generic netlink framing constants from linux/netlink.h, spelled as the kernel spells them so a
/// reader can grep the kernel headers for them.
/// </summary>
internal static class NetlinkConstants
{
    /// <summary>The address family of netlink sockets (linux/socket.h).</summary>
    public const int AF_NETLINK = 16;

    /// <summary>The rtnetlink protocol number for socket(AF_NETLINK, ..., NETLINK_ROUTE).</summary>
    public const int NETLINK_ROUTE = 0;

    /// <summary>The netfilter protocol number (nfnetlink: conntrack and friends).</summary>
    public const int NETLINK_NETFILTER = 12;

    /// <summary>The kernel's port id (no macro names it): the sender of every reply, the destination of every request.</summary>
    public const uint KernelPortId = 0;

    /// <summary>setsockopt level of the netlink options below.</summary>
    public const int SOL_NETLINK = 270;

    /// <summary>setsockopt(SOL_NETLINK): do not echo the whole request back inside an error ack.</summary>
    public const int NETLINK_CAP_ACK = 10;

    /// <summary>setsockopt(SOL_NETLINK): error acks carry the kernel's explanation (NLMSGERR_ATTR_MSG).</summary>
    public const int NETLINK_EXT_ACK = 11;

    /// <summary>setsockopt(SOL_NETLINK): the kernel checks requests strictly, and dump filters are honoured.</summary>
    public const int NETLINK_GET_STRICT_CHK = 12;

    // nlmsg_type values below NLMSG_MIN_TYPE are control messages.
    public const ushort NLMSG_NOOP = 1;
    public const ushort NLMSG_ERROR = 2;
    public const ushort NLMSG_DONE = 3;
    public const ushort NLMSG_OVERRUN = 4;

    // nlmsg_flags.
    public const ushort NLM_F_REQUEST = 0x01;
    public const ushort NLM_F_ACK = 0x04;
    public const ushort NLM_F_DUMP_INTR = 0x10;

    // Modifiers of GET requests.
    public const ushort NLM_F_ROOT = 0x100;
    public const ushort NLM_F_MATCH = 0x200;
    public const ushort NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;

    // Modifiers of NEW requests.
    public const ushort NLM_F_REPLACE = 0x100;
    public const ushort NLM_F_EXCL = 0x200;
    public const ushort NLM_F_CREATE = 0x400;
    public const ushort NLM_F_APPEND = 0x800;

    // Flags the kernel sets on NLMSG_ERROR acks.
    public const ushort NLM_F_CAPPED = 0x100;
    public const ushort NLM_F_ACK_TLVS = 0x200;

    // Extended-ack TLVs that follow the echoed request in NLMSG_ERROR (enum nlmsgerr_attrs).
    public const ushort NLMSGERR_ATTR_MSG = 1;

    /// <summary>sizeof(struct nlmsghdr).</summary>
    public const int NLMSG_HDRLEN = 16;

    /// <summary>sizeof(struct rtattr) / sizeof(struct nlattr).</summary>
    public const int NLA_HDRLEN = 4;

    // The top two bits of nla_type are flags, not part of the type.
    public const ushort NLA_F_NESTED = 0x8000;
    public const ushort NLA_F_NET_BYTEORDER = 0x4000;
    public const ushort NLA_TYPE_MASK = unchecked((ushort)~(NLA_F_NESTED | NLA_F_NET_BYTEORDER));

    /// <summary>NLMSG_ALIGN / RTA_ALIGN: every message and attribute starts on a 4-byte boundary.</summary>
    public static int Align(int length) => (length + 3) & ~3;
}
