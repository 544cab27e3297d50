using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using static HumanzCni.Netlink.NetlinkConstants;
using static HumanzCni.Netlink.RtNetlinkConstants;

namespace HumanzCni.Netlink;

/// <summary>RTM_*NEIGH requests for ARP/NDP neighbours: `ip neigh`.</summary>
/// <remarks>Only permanent entries are written: they are what a control plane that knows every peer's MAC programs.</remarks>
public sealed partial class RtNetlink
{
    /// <summary>`ip neigh add ADDRESS lladdr MAC dev INDEX nud permanent`. Throws with EEXIST when the entry is there already.</summary>
    public void AddNeighbour(int index, IPAddress address, PhysicalAddress mac) =>
        WriteNeighbour("add", NLM_F_CREATE | NLM_F_EXCL, index, address, mac);

    /// <summary>`ip neigh replace ADDRESS lladdr MAC dev INDEX nud permanent`: creates the entry or overwrites it, whatever its state.</summary>
    public void ReplaceNeighbour(int index, IPAddress address, PhysicalAddress mac) =>
        WriteNeighbour("replace", NLM_F_CREATE | NLM_F_REPLACE, index, address, mac);

    /// <summary>`ip neigh del ADDRESS dev INDEX`. Throws with ENOENT when there is no such entry.</summary>
    public void DeleteNeighbour(int index, IPAddress address)
    {
        BeginNeighbourRequest(RTM_DELNEIGH, NLM_F_REQUEST | NLM_F_ACK, FamilyOf(address), index, state: 0, flags: 0);
        Request.AddAddress(NDA_DST, address);
        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            throw new NetlinkException($"ip neigh del {address} dev {index}", errno, message);
        }
    }

    /// <summary>`ip neigh show dev INDEX`: the IPv4 and IPv6 neighbours of one link (of every link with index 0), whatever their state.</summary>
    public IReadOnlyList<NeighbourInfo> ListNeighbours(int index)
    {
        // A strictly checked neighbour dump wants ndm_ifindex 0 and the device filter in NDA_IFINDEX.
        BeginNeighbourRequest(RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_DUMP, AF_UNSPEC, index: 0, state: 0, flags: 0);
        if (index > 0)
        {
            Request.AddInt32(NDA_IFINDEX, index);
        }

        var collector = new NeighbourCollector(index);
        var errno = _socket.Transact(ref collector, out var message);
        if (errno != 0)
        {
            throw new NetlinkException(index > 0 ? $"ip neigh show dev {index}" : "ip neigh show", errno, message);
        }

        return collector.Entries
            .Where(e => e.Family is AF_INET or AF_INET6 && e.Address is not null)
            .Select(e => new NeighbourInfo(e.LinkIndex, e.Address!, e.Mac, e.State))
            .ToList();
    }

    private void WriteNeighbour(string verb, ushort createFlags, int index, IPAddress address, PhysicalAddress mac)
    {
        ArgumentNullException.ThrowIfNull(mac);
        BeginNeighbourRequest(RTM_NEWNEIGH, (ushort)(NLM_F_REQUEST | NLM_F_ACK | createFlags), FamilyOf(address), index, NUD_PERMANENT, flags: 0);
        Request.AddAddress(NDA_DST, address);
        Request.AddBytes(NDA_LLADDR, mac.GetAddressBytes());
        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            throw new NetlinkException($"ip neigh {verb} {address} lladdr {mac} dev {index} nud permanent", errno, message);
        }
    }

    private void BeginNeighbourRequest(ushort type, ushort requestFlags, byte family, int index, ushort state, byte flags)
    {
        Request.Begin(type, requestFlags);
        Request.Append(new NdMsg { ndm_family = family, ndm_ifindex = index, ndm_state = state, ndm_flags = flags });
    }

    private static byte FamilyOf(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => AF_INET,
            AddressFamily.InterNetworkV6 => AF_INET6,
            _ => throw new ArgumentException($"not an IPv4 or IPv6 address: {address}", nameof(address)),
        };
    }

    /// <summary>One RTM_NEWNEIGH message, neighbour or FDB entry alike (they differ in family and in which attributes matter).</summary>
    private readonly record struct NeighbourEntry(byte Family, int LinkIndex, IPAddress? Address, PhysicalAddress? Mac, NeighbourState State);

    /// <summary>Turns RTM_NEWNEIGH messages into <see cref="NeighbourEntry"/>s of one link (or all with index 0).</summary>
    private readonly struct NeighbourCollector : INetlinkResponseHandler
    {
        private readonly int _index;

        public NeighbourCollector(int index)
        {
            _index = index;
            Entries = [];
        }

        public List<NeighbourEntry> Entries { get; }

        public void OnMessage(in NetlinkMessage message)
        {
            // The kernel filters on the device itself; checked again for kernels that ignore the filter.
            if (message.Type != RTM_NEWNEIGH || !message.TryReadHeader<NdMsg>(out var header) || (_index > 0 && header.ndm_ifindex != _index))
            {
                return;
            }

            IPAddress? address = null;
            PhysicalAddress? mac = null;
            var attributes = message.AttributesAfter<NdMsg>();
            while (attributes.TryRead(out var attribute))
            {
                switch (attribute.Type)
                {
                    case NDA_DST:
                        address = attribute.GetAddress();
                        break;
                    case NDA_LLADDR when attribute.Value.Length > 0:
                        mac = new PhysicalAddress(attribute.Value.ToArray());
                        break;
                }
            }

            Entries.Add(new NeighbourEntry(header.ndm_family, header.ndm_ifindex, address, mac, (NeighbourState)header.ndm_state));
        }

        public void Reset() => Entries.Clear();
    }
}
