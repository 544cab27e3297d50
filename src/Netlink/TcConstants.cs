namespace HumanzCni.Netlink;

/// <summary>
/// Traffic-control message types and attribute numbers from linux/rtnetlink.h, linux/pkt_sched.h,
/// linux/pkt_cls.h and linux/tc_act/tc_mirred.h. Only what the plugin sends or reads is listed.
/// </summary>
internal static class TcConstants
{
    // Message types.
    public const ushort RTM_NEWQDISC = 36;
    public const ushort RTM_DELQDISC = 37;
    public const ushort RTM_GETQDISC = 38;
    public const ushort RTM_NEWTFILTER = 44;
    public const ushort RTM_GETTFILTER = 46;

    // TCA_* (enum in linux/rtnetlink.h): the attributes of qdisc and filter messages.
    public const ushort TCA_KIND = 1;
    public const ushort TCA_OPTIONS = 2;

    // TCA_TBF_* (linux/pkt_sched.h).
    public const ushort TCA_TBF_PARMS = 1;
    public const ushort TCA_TBF_RATE64 = 4;
    public const ushort TCA_TBF_BURST = 6;

    /// <summary>tc_ratespec.linklayer: rates count Ethernet frames, which also tells the kernel not to expect a rate table.</summary>
    public const byte TC_LINKLAYER_ETHERNET = 1;

    // TCA_U32_* (linux/pkt_cls.h).
    public const ushort TCA_U32_SEL = 5;
    public const ushort TCA_U32_ACT = 7;

    /// <summary>tc_u32_sel.flags: a match ends classification here, so the filter's actions run.</summary>
    public const byte TC_U32_TERMINAL = 1;

    // TCA_ACT_* (linux/pkt_cls.h): one action inside TCA_U32_ACT, itself nested under its order number.
    public const ushort TCA_ACT_KIND = 1;
    public const ushort TCA_ACT_OPTIONS = 2;

    /// <summary>TC_ACT_STOLEN: the action consumed the packet (a redirect), classification stops.</summary>
    public const int TC_ACT_STOLEN = 4;

    // TCA_MIRRED_* (linux/tc_act/tc_mirred.h).
    public const ushort TCA_MIRRED_PARMS = 2;

    /// <summary>tc_mirred.eaction: hand the packet to the target link's egress, as `mirred egress redirect` does.</summary>
    public const int TCA_EGRESS_REDIR = 1;

    /// <summary>ETH_P_ALL (linux/if_ether.h): a filter for every protocol.</summary>
    public const ushort ETH_P_ALL = 0x0003;
}
