using System.Runtime.InteropServices;

namespace HumanzCni.Netlink;

/// <summary>
/// ctnetlink (conntrack over NETLINK_NETFILTER) numbers from linux/netfilter/nfnetlink.h and
/// linux/netfilter/nfnetlink_conntrack.h, spelled as the kernel spells them.
/// </summary>
internal static class CtNetlinkConstants
{
    /// <summary>nfnetlink subsystem id of conntrack; message type = subsystem &lt;&lt; 8 | message.</summary>
    public const ushort NFNL_SUBSYS_CTNETLINK = 1;

    public const ushort IPCTNL_MSG_CT_GET = 1;
    public const ushort IPCTNL_MSG_CT_DELETE = 2;

    public const byte NFNETLINK_V0 = 0;

    // enum ctattr_type.
    public const ushort CTA_TUPLE_ORIG = 1;
    public const ushort CTA_ZONE = 18;

    // enum ctattr_tuple.
    public const ushort CTA_TUPLE_PROTO = 2;

    // enum ctattr_l4proto.
    public const ushort CTA_PROTO_NUM = 1;
    public const ushort CTA_PROTO_DST_PORT = 3;

    /// <summary>IPPROTO_UDP.</summary>
    public const byte IPPROTO_UDP = 17;

    public static ushort MessageType(ushort message) => (ushort)((NFNL_SUBSYS_CTNETLINK << 8) | message);
}

/// <summary>struct nfgenmsg (linux/netfilter/nfnetlink.h): the fixed part of every nfnetlink message.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NfGenMsg
{
    public byte nfgen_family;
    public byte version;

    /// <summary>Big endian; 0 for conntrack.</summary>
    public ushort res_id;
}
