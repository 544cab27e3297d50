using System.Runtime.InteropServices;

namespace HumanzCni.Netlink;

// The fixed structs of traffic-control messages, laid out byte for byte as the kernel declares them
// (host byte order unless a field says otherwise).

/// <summary>struct tcmsg (linux/rtnetlink.h): the fixed part of RTM_*QDISC and RTM_*TFILTER messages.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcMsg
{
    public byte tcm_family;
    public byte tcm__pad1;
    public ushort tcm__pad2;
    public int tcm_ifindex;
    public uint tcm_handle;
    public uint tcm_parent;

    /// <summary>Filters: priority in the upper 16 bits, protocol (network byte order) in the lower 16.</summary>
    public uint tcm_info;
}

/// <summary>struct tc_ratespec (linux/pkt_sched.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcRateSpec
{
    public byte cell_log;
    public byte linklayer;
    public ushort overhead;
    public short cell_align;
    public ushort mpu;

    /// <summary>Bytes per second, saturated at uint.MaxValue (the full rate then travels in TCA_TBF_RATE64).</summary>
    public uint rate;
}

/// <summary>struct tc_tbf_qopt (linux/pkt_sched.h): TCA_TBF_PARMS.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcTbfQopt
{
    public TcRateSpec rate;
    public TcRateSpec peakrate;

    /// <summary>Bytes that may queue waiting for tokens.</summary>
    public uint limit;

    /// <summary>The bucket size as the time to send it at <see cref="rate"/>, in scheduler ticks.</summary>
    public uint buffer;
    public uint mtu;
}

/// <summary>struct tc_u32_sel (linux/pkt_cls.h) with room for exactly one key, which is all a match-all needs.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcU32SelOneKey
{
    public byte flags;
    public byte offshift;
    public byte nkeys;
    public ushort offmask;
    public ushort off;
    public short offoff;
    public short hoff;
    public uint hmask;

    // struct tc_u32_key keys[0]: mask and val in network byte order; mask 0 matches every packet.
    public uint key_mask;
    public uint key_val;
    public int key_off;
    public int key_offmask;
}

/// <summary>struct tc_mirred (linux/tc_act/tc_mirred.h), starting with the tc_gen fields every action has.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcMirred
{
    public uint index;
    public uint capab;
    public int action;
    public int refcnt;
    public int bindcnt;
    public int eaction;
    public uint ifindex;
}
