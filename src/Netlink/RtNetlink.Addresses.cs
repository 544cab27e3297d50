using System.Net;
using System.Net.Sockets;
using static HumanzCni.Netlink.NetlinkConstants;
using static HumanzCni.Netlink.RtNetlinkConstants;

namespace HumanzCni.Netlink;

/// <summary>RTM_*ADDR requests: `ip addr`.</summary>
public sealed partial class RtNetlink
{
    /// <summary>`ip addr add ADDRESS/PREFIX dev INDEX [nodad]`. <paramref name="noDad"/> sets IFA_F_NODAD (IPv6 only).</summary>
    public void AddAddress(int index, IPAddress address, int prefixLength, bool noDad = false)
    {
        BuildAddAddressRequest(index, address, prefixLength, noDad);
        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            throw new NetlinkException(DescribeAddAddress(index, address, prefixLength, noDad), errno, message);
        }
    }

    /// <summary>`ip addr show dev INDEX`; index 0 lists every link's addresses.</summary>
    public IReadOnlyList<AddressInfo> ListAddresses(int index)
    {
        Request.Begin(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP);
        // With NETLINK_GET_STRICT_CHK the kernel filters on ifa_index itself; the collector checks
        // again for kernels that ignore it.
        Request.Append(new IfAddrMsg { ifa_family = AF_UNSPEC, ifa_index = index });
        var collector = new AddressCollector(index);
        var errno = _socket.Transact(ref collector, out var message);
        if (errno != 0)
        {
            throw new NetlinkException(index > 0 ? $"ip addr show dev {index}" : "ip addr show", errno, message);
        }

        return collector.Addresses;
    }

    /// <summary>`ip addr del ADDRESS/PREFIX dev INDEX`.</summary>
    public void DeleteAddress(int index, IPAddress address, int prefixLength)
    {
        BuildAddressRequest(RTM_DELADDR, NLM_F_REQUEST | NLM_F_ACK, index, address, prefixLength, noDad: false);
        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            throw new NetlinkException($"ip addr del {address}/{prefixLength} dev {index}", errno, message);
        }
    }

    internal void BuildAddAddressRequest(int index, IPAddress address, int prefixLength, bool noDad) =>
        BuildAddressRequest(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, index, address, prefixLength, noDad);

    internal static string DescribeAddAddress(int index, IPAddress address, int prefixLength, bool noDad) =>
        $"ip addr add {address}/{prefixLength} dev {index}{(noDad ? " nodad" : string.Empty)}";

    private void BuildAddressRequest(ushort type, ushort flags, int index, IPAddress address, int prefixLength, bool noDad)
    {
        ArgumentNullException.ThrowIfNull(address);
        var isV6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        if (!isV6 && address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"not an IPv4 or IPv6 address: {address}", nameof(address));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, isV6 ? 128 : 32);

        var ifaFlags = noDad ? IFA_F_NODAD : 0u;
        Request.Begin(type, flags);
        Request.Append(new IfAddrMsg
        {
            ifa_family = isV6 ? AF_INET6 : AF_INET,
            ifa_prefixlen = (byte)prefixLength,
            // ifa_flags is only 8 bits wide; IFA_FLAGS below is its 32-bit successor. Both are set,
            // as iproute2 does, so old and new kernels read the same thing.
            ifa_flags = (byte)ifaFlags,
            ifa_index = index,
        });

        // IPv4 wants IFA_LOCAL (the interface's own address) and IFA_ADDRESS (the peer, which equals
        // the local one on a non point-to-point link); IPv6 only knows IFA_ADDRESS.
        if (!isV6)
        {
            Request.AddAddress(IFA_LOCAL, address);
        }

        Request.AddAddress(IFA_ADDRESS, address);
        if (ifaFlags != 0)
        {
            Request.AddUInt32(IFA_FLAGS, ifaFlags);
        }
    }

    /// <summary>Turns RTM_NEWADDR messages into <see cref="AddressInfo"/>s for one link (or all with index 0).</summary>
    private readonly struct AddressCollector : INetlinkResponseHandler
    {
        private readonly int _index;

        public AddressCollector(int index)
        {
            _index = index;
            Addresses = [];
        }

        public List<AddressInfo> Addresses { get; }

        public void OnMessage(in NetlinkMessage message)
        {
            if (message.Type != RTM_NEWADDR || !message.TryReadHeader<IfAddrMsg>(out var header))
            {
                return;
            }

            if (_index > 0 && header.ifa_index != _index)
            {
                return;
            }

            // IFA_LOCAL, when present, is this host's address (IFA_ADDRESS then is the peer's on a
            // point-to-point link); otherwise IFA_ADDRESS is the address.
            IPAddress? local = null;
            IPAddress? address = null;
            var attributes = message.AttributesAfter<IfAddrMsg>();
            while (attributes.TryRead(out var attribute))
            {
                if (attribute.Type == IFA_LOCAL)
                {
                    local = attribute.GetAddress();
                }
                else if (attribute.Type == IFA_ADDRESS)
                {
                    address = attribute.GetAddress();
                }
            }

            if ((local ?? address) is { } found)
            {
                Addresses.Add(new AddressInfo(header.ifa_index, found, header.ifa_prefixlen));
            }
        }

        public void Reset() => Addresses.Clear();
    }
}
