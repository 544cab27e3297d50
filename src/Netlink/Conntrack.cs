using System.Buffers.Binary;
using HumanzCni.Native;
using static HumanzCni.Netlink.CtNetlinkConstants;
using static HumanzCni.Netlink.NetlinkConstants;

namespace HumanzCni.Netlink;

/// <summary>
/// The connection tracking table of the calling thread's network namespace, over ctnetlink. Only what
/// the plugin needs: removing UDP entries whose original destination port is a given host port, so a
/// flow that began before a port mapping existed (or while it pointed at a pod now gone) is NATed
/// afresh instead of following its stale entry until it times out. Failures throw <see cref="NetlinkException"/>.
/// ctnetlink speaks NETLINK_NETFILTER, as nf_tables does, so it borrows the socket of <see cref="NfTables.Conntrack"/>,
/// whose owner closes it.
/// </summary>
internal sealed class Conntrack(NetlinkSocket socket)
{
    private readonly NetlinkSocket _socket = socket;

    /// <summary>
    /// `conntrack -D -p udp --orig-port-dst PORT` for each port, IPv4 and IPv6: the table is dumped and each
    /// matching entry deleted by its original tuple (what the conntrack tool does too). Entries that expire
    /// in between are skipped. Returns how many were deleted.
    /// </summary>
    public int DeleteUdpByOriginalDestinationPort(IReadOnlyCollection<int> ports)
    {
        if (ports.Count == 0)
        {
            return 0;
        }

        var collector = new UdpEntryCollector(ports);
        _socket.Request.Begin(MessageType(IPCTNL_MSG_CT_GET), NLM_F_REQUEST | NLM_F_DUMP);
        _socket.Request.Append(new NfGenMsg { nfgen_family = 0, version = NFNETLINK_V0 });
        var errno = _socket.Transact(ref collector, out var message);
        if (errno != 0)
        {
            throw new NetlinkException("conntrack -L -p udp", errno, message);
        }

        var deleted = 0;
        foreach (var entry in collector.Entries)
        {
            _socket.Request.Begin(MessageType(IPCTNL_MSG_CT_DELETE), NLM_F_REQUEST | NLM_F_ACK);
            _socket.Request.Append(new NfGenMsg { nfgen_family = entry.Family, version = NFNETLINK_V0 });
            _socket.Request.AddBytes(CTA_TUPLE_ORIG | NLA_F_NESTED, entry.OriginalTuple);
            if (entry.Zone is { } zone)
            {
                _socket.Request.AddBytes(CTA_ZONE, zone);
            }

            errno = _socket.Transact(out message);
            if (errno == 0)
            {
                deleted++;
            }
            else if (errno != Errno.ENOENT)
            {
                throw new NetlinkException($"conntrack -D -p udp --orig-port-dst {entry.Port}", errno, message);
            }
        }

        return deleted;
    }

    /// <summary>An entry to delete: its family, its CTA_TUPLE_ORIG payload as the kernel sent it, and its zone attribute if any.</summary>
    private sealed record Entry(byte Family, byte[] OriginalTuple, byte[]? Zone, int Port);

    /// <summary>Keeps the UDP entries of the dump whose original destination port is one of the ports.</summary>
    private readonly struct UdpEntryCollector(IReadOnlyCollection<int> ports) : INetlinkResponseHandler
    {
        public List<Entry> Entries { get; } = [];

        public void OnMessage(in NetlinkMessage message)
        {
            if (!message.TryReadHeader<NfGenMsg>(out var header))
            {
                return;
            }

            byte[]? tuple = null;
            byte[]? zone = null;
            var port = -1;
            var attributes = message.AttributesAfter<NfGenMsg>();
            while (attributes.TryRead(out var attribute))
            {
                if (attribute.Type == CTA_TUPLE_ORIG)
                {
                    port = UdpDestinationPort(attribute.Nested());
                    tuple = attribute.Value.ToArray();
                }
                else if (attribute.Type == CTA_ZONE)
                {
                    zone = attribute.Value.ToArray();
                }
            }

            if (tuple is not null && port >= 0 && ports.Contains(port))
            {
                Entries.Add(new Entry(header.nfgen_family, tuple, zone, port));
            }
        }

        public void Reset() => Entries.Clear();

        /// <summary>The destination port of a UDP tuple, or -1 for any other protocol.</summary>
        private static int UdpDestinationPort(RtAttributeReader tuple)
        {
            while (tuple.TryRead(out var part))
            {
                if (part.Type != CTA_TUPLE_PROTO)
                {
                    continue;
                }

                var isUdp = false;
                var port = -1;
                var proto = part.Nested();
                while (proto.TryRead(out var field))
                {
                    if (field.Type == CTA_PROTO_NUM && field.Value.Length >= 1)
                    {
                        isUdp = field.Value[0] == IPPROTO_UDP;
                    }
                    else if (field.Type == CTA_PROTO_DST_PORT && field.Value.Length >= 2)
                    {
                        port = BinaryPrimitives.ReadUInt16BigEndian(field.Value);
                    }
                }

                return isUdp ? port : -1;
            }

            return -1;
        }
    }
}
