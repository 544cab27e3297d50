using System.Net;
using System.Net.NetworkInformation;

namespace HumanzCni.Netlink;

/// <summary>One ARP/NDP neighbour entry, as `ip neigh show` lists it.</summary>
/// <param name="LinkIndex">The device the entry is on.</param>
/// <param name="Address">NDA_DST, the IPv4 or IPv6 address.</param>
/// <param name="Mac">NDA_LLADDR; null while the entry is unresolved (INCOMPLETE, FAILED).</param>
/// <param name="State">ndm_state.</param>
public sealed record NeighbourInfo(int LinkIndex, IPAddress Address, PhysicalAddress? Mac, NeighbourState State);

/// <summary>
/// One forwarding database entry of a device's own table (`bridge fdb show dev DEV`, the "self" entries):
/// on a VXLAN device, frames to <paramref name="Mac"/> are encapsulated and sent to <paramref name="Destination"/>.
/// </summary>
/// <param name="LinkIndex">The device the entry is on.</param>
/// <param name="Mac">NDA_LLADDR.</param>
/// <param name="Destination">NDA_DST, the remote VTEP's underlay address; null for entries without one (a bridge's own).</param>
/// <param name="State">ndm_state.</param>
public sealed record FdbEntry(int LinkIndex, PhysicalAddress Mac, IPAddress? Destination, NeighbourState State);

/// <summary>ndm_state bits (NUD_* in linux/neighbour.h).</summary>
[Flags]
public enum NeighbourState : ushort
{
    /// <summary>NUD_NONE.</summary>
    None = 0,
    /// <summary>NUD_INCOMPLETE.</summary>
    Incomplete = 0x01,
    /// <summary>NUD_REACHABLE.</summary>
    Reachable = 0x02,
    /// <summary>NUD_STALE.</summary>
    Stale = 0x04,
    /// <summary>NUD_DELAY.</summary>
    Delay = 0x08,
    /// <summary>NUD_PROBE.</summary>
    Probe = 0x10,
    /// <summary>NUD_FAILED.</summary>
    Failed = 0x20,
    /// <summary>NUD_NOARP.</summary>
    NoArp = 0x40,
    /// <summary>NUD_PERMANENT.</summary>
    Permanent = 0x80,
}
