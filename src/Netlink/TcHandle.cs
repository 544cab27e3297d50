using System.Globalization;

namespace HumanzCni.Netlink;

/// <summary>Qdisc and class handles ("MAJOR:MINOR", 16 bits each) as linux/pkt_sched.h defines them.</summary>
internal static class TcHandle
{
    /// <summary>TC_H_ROOT: the parent of a link's root (egress) qdisc.</summary>
    public const uint Root = 0xFFFF_FFFF;

    /// <summary>TC_H_INGRESS: the parent of a link's ingress qdisc.</summary>
    public const uint Ingress = 0xFFFF_FFF1;

    /// <summary>"ffff:": the handle of the ingress qdisc, and so the parent of ingress filters.</summary>
    public const uint IngressQdisc = 0xFFFF_0000;

    /// <summary>TC_H_MAKE: e.g. Make(1, 0) is "1:".</summary>
    public static uint Make(ushort major, ushort minor) => ((uint)major << 16) | minor;

    /// <summary>The handle as tc prints it: "1:", "ffff:", "1:10", "root", "ingress".</summary>
    public static string Format(uint handle) => handle switch
    {
        Root => "root",
        Ingress => "ingress",
        _ when (handle & 0xFFFF) == 0 => (handle >> 16).ToString("x", CultureInfo.InvariantCulture) + ":",
        _ => (handle >> 16).ToString("x", CultureInfo.InvariantCulture) + ":" + (handle & 0xFFFF).ToString("x", CultureInfo.InvariantCulture),
    };
}
