using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using HumanzCni.Native;
using static HumanzCni.Netlink.NetlinkConstants;
using static HumanzCni.Netlink.RtNetlinkConstants;

namespace HumanzCni.Netlink;

/// <summary>RTM_*LINK requests: `ip link`.</summary>
public sealed partial class RtNetlink
{
    /// <summary>`ip link show NAME`; null when no such link.</summary>
    public LinkInfo? GetLink(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        // The kernel rejects an over-long IFLA_IFNAME with EINVAL/ERANGE; such a link cannot exist anyway.
        if (name.Length == 0 || Encoding.UTF8.GetByteCount(name) > IFNAMSIZ_MAX)
        {
            return null;
        }

        BeginLinkRequest(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, index: 0);
        Request.AddString(IFLA_IFNAME, name);
        return GetOneLink($"ip link show {name}");
    }

    /// <summary>`ip link show` by index; null when no such link.</summary>
    public LinkInfo? GetLink(int index)
    {
        // ifindex 0 without a name is EINVAL to the kernel; no link has it.
        if (index <= 0)
        {
            return null;
        }

        BeginLinkRequest(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, index);
        return GetOneLink($"ip link show index {index}");
    }

    /// <summary>`ip link show`: every link of the namespace.</summary>
    public IReadOnlyList<LinkInfo> ListLinks()
    {
        BeginLinkRequest(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, index: 0);
        var collector = new LinkCollector(masterFilter: -1);
        var errno = _socket.Transact(ref collector, out var message);
        if (errno != 0)
        {
            throw new NetlinkException("ip link show", errno, message);
        }

        return collector.Links;
    }

    /// <summary>`ip link show master BRIDGE`: links enslaved to the given master; with 0, links on no master.</summary>
    public IReadOnlyList<LinkInfo> ListLinks(int masterIndex)
    {
        BeginLinkRequest(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, index: 0);
        // The kernel filters a link dump on IFLA_MASTER itself; the collector checks again because
        // old kernels ignore the filter.
        Request.AddInt32(IFLA_MASTER, masterIndex);
        var collector = new LinkCollector(masterIndex);
        var errno = _socket.Transact(ref collector, out var message);
        if (errno != 0)
        {
            throw new NetlinkException($"ip link show master {masterIndex}", errno, message);
        }

        return collector.Links;
    }

    /// <summary>`ip link add NAME [mtu MTU] type bridge`. Throws with EEXIST when it is there already.</summary>
    public void AddBridge(string name, int mtu) => AddLinkOfKind(name, mtu, "bridge");

    /// <summary>
    /// `ip link add NAME [mtu MTU] type ifb`: an intermediate functional block, a link whose egress qdisc
    /// shapes whatever a tc mirred action redirects into it. Throws with EEXIST when it is there already.
    /// </summary>
    public void AddIfb(string name, int mtu) => AddLinkOfKind(name, mtu, "ifb");

    /// <summary>
    /// `ip link add NAME [mtu MTU] [master MASTER] type veth peer name PEER [mtu MTU] netns PEERNS`: the peer is
    /// created directly inside the namespace behind <paramref name="peerNamespace"/>, so its name never clashes on
    /// the host, and with a <paramref name="masterIndex"/> above 0 the host end is that bridge's port from its
    /// first instant. One request, so no observer (and no process killed half-way) ever sees a pair that is
    /// not yet in the pod or not yet on the bridge.
    /// </summary>
    public void AddVethPair(string name, string peerName, NetworkNamespace peerNamespace, int mtu, int masterIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(peerName);
        ArgumentNullException.ThrowIfNull(peerNamespace);
        var peerNamespaceFd = peerNamespace.FileDescriptor;

        BeginLinkRequest(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, index: 0);
        Request.AddString(IFLA_IFNAME, name);
        if (mtu > 0)
        {
            Request.AddInt32(IFLA_MTU, mtu);
        }

        if (masterIndex > 0)
        {
            Request.AddInt32(IFLA_MASTER, masterIndex);
        }

        var linkInfo = Request.BeginNested(IFLA_LINKINFO);
        Request.AddString(IFLA_INFO_KIND, "veth");
        var infoData = Request.BeginNested(IFLA_INFO_DATA);

        // VETH_INFO_PEER carries a whole ifinfomsg plus link attributes describing the other end,
        // as if it were a nested RTM_NEWLINK of its own.
        var peer = Request.BeginNested(VETH_INFO_PEER);
        Request.Append(new IfInfoMsg { ifi_family = AF_UNSPEC });
        Request.AddString(IFLA_IFNAME, peerName);
        if (mtu > 0)
        {
            Request.AddInt32(IFLA_MTU, mtu);
        }

        Request.AddInt32(IFLA_NET_NS_FD, peerNamespaceFd);
        Request.EndNested(peer);

        Request.EndNested(infoData);
        Request.EndNested(linkInfo);
        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            var master = masterIndex > 0 ? $" master {masterIndex}" : "";
            throw new NetlinkException($"ip link add {name}{MtuText(mtu)}{master} type veth peer name {peerName}{MtuText(mtu)} netns {peerNamespace.Path}", errno, message);
        }
    }

    /// <summary>
    /// `ip link add NAME [mtu MTU] [address MAC] type vxlan id VNI [local ADDR] dstport PORT [no]learning [dev UNDERLAY]`,
    /// IPv4 or IPv6 local address alike. Throws with EEXIST when a link of that name is there already.
    /// </summary>
    /// <remarks>
    /// The kernel refuses to change the VNI or the port of an existing VXLAN device, so a reconciler whose
    /// <see cref="LinkInfo.Vxlan"/> differs from what it wants deletes the device and adds it again. MTU and MAC
    /// are changed in place (<see cref="SetMtu"/>, <see cref="SetMac"/>), but only when they differ: setting a
    /// VXLAN device's MAC, even to the one it has, flushes every neighbour entry on it, permanent ones included.
    /// </remarks>
    public void AddVxlan(string name, VxlanAttributes vxlan, int mtu, PhysicalAddress? mac)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(vxlan);
        ArgumentOutOfRangeException.ThrowIfNegative(vxlan.Port, nameof(vxlan));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(vxlan.Port, ushort.MaxValue, nameof(vxlan));

        BeginLinkRequest(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, index: 0);
        Request.AddString(IFLA_IFNAME, name);
        if (mtu > 0)
        {
            Request.AddInt32(IFLA_MTU, mtu);
        }

        if (mac is not null)
        {
            Request.AddBytes(IFLA_ADDRESS, mac.GetAddressBytes());
        }

        var linkInfo = Request.BeginNested(IFLA_LINKINFO);
        Request.AddString(IFLA_INFO_KIND, "vxlan");
        var infoData = Request.BeginNested(IFLA_INFO_DATA);
        Request.AddInt32(IFLA_VXLAN_ID, vxlan.Vni);
        if (vxlan.Local is { } local)
        {
            Request.AddAddress(local.AddressFamily == AddressFamily.InterNetworkV6 ? IFLA_VXLAN_LOCAL6 : IFLA_VXLAN_LOCAL, local);
        }

        if (vxlan.UnderlayIndex > 0)
        {
            Request.AddInt32(IFLA_VXLAN_LINK, vxlan.UnderlayIndex);
        }

        // The one big-endian integer of the nest (__be16), as on the wire of the UDP header it fills.
        Span<byte> port = stackalloc byte[sizeof(ushort)];
        BinaryPrimitives.WriteUInt16BigEndian(port, (ushort)vxlan.Port);
        Request.AddBytes(IFLA_VXLAN_PORT, port);
        Request.AddBytes(IFLA_VXLAN_LEARNING, [vxlan.Learning ? (byte)1 : (byte)0]);
        Request.EndNested(infoData);
        Request.EndNested(linkInfo);
        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            throw new NetlinkException($"ip link add {name}{MtuText(mtu)}{(mac is null ? string.Empty : $" address {mac}")} {vxlan}", errno, message);
        }
    }

    /// <summary>`ip link set dev INDEX master MASTER`.</summary>
    public void SetMaster(int index, int masterIndex)
    {
        BeginLinkRequest(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, index);
        Request.AddInt32(IFLA_MASTER, masterIndex);
        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            throw new NetlinkException($"ip link set dev {index} master {masterIndex}", errno, message);
        }
    }

    /// <summary>
    /// `bridge link set dev INDEX hairpin on|off`: whether the bridge may send a frame back out of the port
    /// it came in on. With br_netfilter, a pod's packet to a host port DNATed back to the pod itself is
    /// bridged out of its own port, which the bridge drops unless hairpin is on.
    /// </summary>
    public void SetHairpin(int index, bool on)
    {
        BuildHairpinRequest(index, on);
        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            throw new NetlinkException(DescribeHairpin(index, on), errno, message);
        }
    }

    /// <summary>`ip link set dev INDEX up`.</summary>
    public void SetUp(int index) => SetAdminState(index, up: true);

    /// <summary>`ip link set dev INDEX down`.</summary>
    public void SetDown(int index) => SetAdminState(index, up: false);

    internal void BuildHairpinRequest(int index, bool on)
    {
        Request.Begin(RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK);
        Request.Append(new IfInfoMsg { ifi_family = AF_BRIDGE, ifi_index = index });
        var protinfo = Request.BeginNested(IFLA_PROTINFO | NLA_F_NESTED);
        Request.AddBytes(IFLA_BRPORT_MODE, [on ? (byte)1 : (byte)0]);
        Request.EndNested(protinfo);
    }

    internal static string DescribeHairpin(int index, bool on) => $"bridge link set dev {index} hairpin {(on ? "on" : "off")}";

    internal void BuildAdminStateRequest(int index, bool up)
    {
        // ifi_change says which ifi_flags bits the request touches; everything else stays as it is.
        Request.Begin(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK);
        Request.Append(new IfInfoMsg { ifi_family = AF_UNSPEC, ifi_index = index, ifi_flags = up ? IFF_UP : 0u, ifi_change = IFF_UP });
    }

    internal static string DescribeAdminState(int index, bool up) => $"ip link set dev {index} {(up ? "up" : "down")}";

    private void SetAdminState(int index, bool up)
    {
        BuildAdminStateRequest(index, up);
        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            throw new NetlinkException(DescribeAdminState(index, up), errno, message);
        }
    }

    /// <summary>`ip link set dev INDEX mtu MTU`.</summary>
    public void SetMtu(int index, int mtu)
    {
        BeginLinkRequest(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, index);
        Request.AddInt32(IFLA_MTU, mtu);
        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            throw new NetlinkException($"ip link set dev {index} mtu {mtu}", errno, message);
        }
    }

    /// <summary>`ip link set dev INDEX address MAC`. An address set this way stays: a bridge no longer takes its lowest port's MAC.</summary>
    public void SetMac(int index, PhysicalAddress mac)
    {
        ArgumentNullException.ThrowIfNull(mac);
        BeginLinkRequest(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, index);
        Request.AddBytes(IFLA_ADDRESS, mac.GetAddressBytes());
        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            throw new NetlinkException($"ip link set dev {index} address {mac}", errno, message);
        }
    }

    /// <summary>`ip link set dev INDEX name NEWNAME` (the link must be down).</summary>
    public void Rename(int index, string newName)
    {
        ArgumentNullException.ThrowIfNull(newName);
        BeginLinkRequest(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, index);
        Request.AddString(IFLA_IFNAME, newName);
        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            throw new NetlinkException($"ip link set dev {index} name {newName}", errno, message);
        }
    }

    /// <summary>`ip link del dev INDEX`. Deleting one end of a veth deletes both.</summary>
    public void DeleteLink(int index)
    {
        BeginLinkRequest(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, index);
        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            throw new NetlinkException($"ip link del dev {index}", errno, message);
        }
    }

    /// <summary>`ip link add NAME [mtu MTU] type KIND` for kinds that need no IFLA_INFO_DATA.</summary>
    private void AddLinkOfKind(string name, int mtu, string kind)
    {
        ArgumentNullException.ThrowIfNull(name);
        // EXCL makes creation the atomic "who wins" test between concurrent plugin invocations.
        BeginLinkRequest(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, index: 0);
        Request.AddString(IFLA_IFNAME, name);
        if (mtu > 0)
        {
            Request.AddInt32(IFLA_MTU, mtu);
        }

        var linkInfo = Request.BeginNested(IFLA_LINKINFO);
        Request.AddString(IFLA_INFO_KIND, kind);
        Request.EndNested(linkInfo);
        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            throw new NetlinkException($"ip link add {name}{MtuText(mtu)} type {kind}", errno, message);
        }
    }

    private void BeginLinkRequest(ushort type, ushort flags, int index)
    {
        Request.Begin(type, flags);
        Request.Append(new IfInfoMsg { ifi_family = AF_UNSPEC, ifi_index = index });
    }

    /// <summary>Runs a single-link RTM_GETLINK; ENODEV means there is no such link.</summary>
    private LinkInfo? GetOneLink(string operation)
    {
        var collector = new LinkCollector(masterFilter: -1);
        var errno = _socket.Transact(ref collector, out var message);
        if (errno == Errno.ENODEV)
        {
            return null;
        }

        if (errno != 0)
        {
            throw new NetlinkException(operation, errno, message);
        }

        return collector.Links.Count > 0 ? collector.Links[0] : null;
    }

    private static string MtuText(int mtu) => mtu > 0 ? $" mtu {mtu}" : string.Empty;

    /// <summary>Turns RTM_NEWLINK messages into <see cref="LinkInfo"/>s, keeping those with the wanted master.</summary>
    private readonly struct LinkCollector : INetlinkResponseHandler
    {
        private readonly int _masterFilter;

        public LinkCollector(int masterFilter)
        {
            _masterFilter = masterFilter;
            Links = [];
        }

        public List<LinkInfo> Links { get; }

        public void OnMessage(in NetlinkMessage message)
        {
            if (message.Type != RTM_NEWLINK || !message.TryReadHeader<IfInfoMsg>(out var header))
            {
                return;
            }

            string? name = null;
            string? kind = null;
            VxlanAttributes? vxlan = null;
            var mtu = 0;
            var master = 0;
            var link = 0;
            var mac = PhysicalAddress.None;
            var attributes = message.AttributesAfter<IfInfoMsg>();
            while (attributes.TryRead(out var attribute))
            {
                switch (attribute.Type)
                {
                    case IFLA_IFNAME:
                        name = attribute.GetString();
                        break;
                    case IFLA_MTU:
                        mtu = attribute.GetInt32();
                        break;
                    case IFLA_MASTER:
                        master = attribute.GetInt32();
                        break;
                    case IFLA_LINK:
                        link = attribute.GetInt32();
                        break;
                    case IFLA_ADDRESS when attribute.Value.Length > 0:
                        mac = new PhysicalAddress(attribute.Value.ToArray());
                        break;
                    case IFLA_LINKINFO:
                        (kind, vxlan) = ReadLinkInfo(attribute.Nested());
                        break;
                }
            }

            if (_masterFilter >= 0 && master != _masterFilter)
            {
                return;
            }

            Links.Add(new LinkInfo(header.ifi_index, name ?? string.Empty, mtu, master, (header.ifi_flags & IFF_UP) != 0, mac, kind) { LinkIndex = link, Vxlan = vxlan });
        }

        public void Reset() => Links.Clear();

        /// <summary>IFLA_INFO_KIND and, for a VXLAN, the settings in IFLA_INFO_DATA (whose layout depends on the kind).</summary>
        private static (string? Kind, VxlanAttributes? Vxlan) ReadLinkInfo(RtAttributeReader linkInfo)
        {
            string? kind = null;
            var data = default(ReadOnlySpan<byte>);
            while (linkInfo.TryRead(out var attribute))
            {
                if (attribute.Type == IFLA_INFO_KIND)
                {
                    kind = attribute.GetString();
                }
                else if (attribute.Type == IFLA_INFO_DATA)
                {
                    data = attribute.Value;
                }
            }

            return (kind, kind == "vxlan" ? ReadVxlan(new RtAttributeReader(data)) : null);
        }

        private static VxlanAttributes ReadVxlan(RtAttributeReader data)
        {
            var vni = 0;
            IPAddress? local = null;
            var port = 0;
            var underlay = 0;
            var learning = false;
            while (data.TryRead(out var attribute))
            {
                switch (attribute.Type)
                {
                    case IFLA_VXLAN_ID:
                        vni = attribute.GetInt32();
                        break;
                    case IFLA_VXLAN_LOCAL or IFLA_VXLAN_LOCAL6:
                        local = attribute.GetAddress();
                        break;
                    case IFLA_VXLAN_PORT when attribute.Value.Length >= sizeof(ushort):
                        port = BinaryPrimitives.ReadUInt16BigEndian(attribute.Value);
                        break;
                    case IFLA_VXLAN_LINK:
                        underlay = attribute.GetInt32();
                        break;
                    case IFLA_VXLAN_LEARNING when attribute.Value.Length > 0:
                        learning = attribute.Value[0] != 0;
                        break;
                }
            }

            return new VxlanAttributes(vni, local, port, underlay, learning);
        }
    }
}
