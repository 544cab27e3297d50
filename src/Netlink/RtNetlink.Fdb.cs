using System.Net;
using System.Net.NetworkInformation;
using static HumanzCni.Netlink.NetlinkConstants;
using static HumanzCni.Netlink.RtNetlinkConstants;

namespace HumanzCni.Netlink;

/// <summary>
/// AF_BRIDGE RTM_*NEIGH requests on a device's own forwarding database: `bridge fdb ... self`. On a VXLAN
/// device an entry says which remote VTEP (underlay address) a MAC lives behind.
/// </summary>
public sealed partial class RtNetlink
{
    /// <summary>
    /// `bridge fdb append MAC dev INDEX dst DESTINATION self permanent`: adds DESTINATION to the MAC's remotes
    /// (a VXLAN sends a frame to every remote of its MAC), creating the entry if needed.
    /// </summary>
    /// <remarks>
    /// Only the all-zeros MAC (the default entry, for flooding) and multicast MACs take more than one remote: for a
    /// unicast MAC that already has an entry the kernel acks and changes nothing. Use <see cref="ReplaceFdb"/> for those.
    /// </remarks>
    public void AppendFdb(int index, PhysicalAddress mac, IPAddress destination) =>
        WriteFdb("append", NLM_F_CREATE | NLM_F_APPEND, index, mac, destination);

    /// <summary>`bridge fdb replace MAC dev INDEX dst DESTINATION self permanent`: creates the entry or points it at DESTINATION instead.</summary>
    public void ReplaceFdb(int index, PhysicalAddress mac, IPAddress destination) =>
        WriteFdb("replace", NLM_F_CREATE | NLM_F_REPLACE, index, mac, destination);

    /// <summary>
    /// `bridge fdb del MAC dev INDEX [dst DESTINATION] self`: with a destination, only that remote of the MAC;
    /// without, the whole entry. Throws with ENOENT when there is no such entry.
    /// </summary>
    public void DeleteFdb(int index, PhysicalAddress mac, IPAddress? destination)
    {
        ArgumentNullException.ThrowIfNull(mac);
        BeginNeighbourRequest(RTM_DELNEIGH, NLM_F_REQUEST | NLM_F_ACK, AF_BRIDGE, index, state: 0, NTF_SELF);
        Request.AddBytes(NDA_LLADDR, mac.GetAddressBytes());
        if (destination is not null)
        {
            Request.AddAddress(NDA_DST, destination);
        }

        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            throw new NetlinkException($"bridge fdb del {mac} dev {index}{(destination is null ? string.Empty : $" dst {destination}")} self", errno, message);
        }
    }

    /// <summary>`bridge fdb show dev INDEX`: one <see cref="FdbEntry"/> per remote of every MAC in the device's table.</summary>
    public IReadOnlyList<FdbEntry> ListFdb(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(index);
        // Unlike a neighbour dump, a strictly checked FDB dump takes the device in ndm_ifindex.
        BeginNeighbourRequest(RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_DUMP, AF_BRIDGE, index, state: 0, flags: 0);
        var collector = new NeighbourCollector(index);
        var errno = _socket.Transact(ref collector, out var message);
        if (errno != 0)
        {
            throw new NetlinkException($"bridge fdb show dev {index}", errno, message);
        }

        return collector.Entries
            .Where(e => e.Family == AF_BRIDGE && e.Mac is not null)
            .Select(e => new FdbEntry(e.LinkIndex, e.Mac!, e.Address, e.State))
            .ToList();
    }

    private void WriteFdb(string verb, ushort createFlags, int index, PhysicalAddress mac, IPAddress destination)
    {
        ArgumentNullException.ThrowIfNull(mac);
        ArgumentNullException.ThrowIfNull(destination);
        BeginNeighbourRequest(RTM_NEWNEIGH, (ushort)(NLM_F_REQUEST | NLM_F_ACK | createFlags), AF_BRIDGE, index, NUD_PERMANENT, NTF_SELF);
        Request.AddBytes(NDA_LLADDR, mac.GetAddressBytes());
        Request.AddAddress(NDA_DST, destination);
        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            throw new NetlinkException($"bridge fdb {verb} {mac} dev {index} dst {destination} self permanent", errno, message);
        }
    }
}
