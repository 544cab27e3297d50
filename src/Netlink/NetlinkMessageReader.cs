using System.Runtime.InteropServices;
using static HumanzCni.Netlink.NetlinkConstants;

namespace HumanzCni.Netlink;

/// <summary>One message out of a received datagram: its header fields and the bytes after the nlmsghdr.</summary>
internal readonly ref struct NetlinkMessage
{
    public NetlinkMessage(NlMsgHdr header, ReadOnlySpan<byte> payload)
    {
        Type = header.nlmsg_type;
        Flags = header.nlmsg_flags;
        Sequence = header.nlmsg_seq;
        PortId = header.nlmsg_pid;
        Payload = payload;
    }

    public ushort Type { get; }

    public ushort Flags { get; }

    public uint Sequence { get; }

    /// <summary>nlmsg_pid: in a reply, the port id of the socket whose request it answers.</summary>
    public uint PortId { get; }

    /// <summary>Everything after the nlmsghdr: the family header, then attributes.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Reads the fixed family header (ifinfomsg, ifaddrmsg, rtmsg) at the start of the payload.</summary>
    public bool TryReadHeader<T>(out T header)
        where T : unmanaged
    {
        if (Payload.Length < System.Runtime.CompilerServices.Unsafe.SizeOf<T>())
        {
            header = default;
            return false;
        }

        header = MemoryMarshal.Read<T>(Payload);
        return true;
    }

    /// <summary>The attributes following a family header of type <typeparamref name="T"/>.</summary>
    public RtAttributeReader AttributesAfter<T>()
        where T : unmanaged
    {
        var offset = Align(System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        return new RtAttributeReader(offset <= Payload.Length ? Payload[offset..] : default);
    }
}

/// <summary>
/// Walks the messages packed into one datagram (NLMSG_OK/NLMSG_NEXT). Stops at the first truncated or
/// malformed header instead of reading past it.
/// </summary>
internal ref struct NetlinkMessageReader
{
    private ReadOnlySpan<byte> _remaining;

    public NetlinkMessageReader(ReadOnlySpan<byte> datagram) => _remaining = datagram;

    public bool TryRead(out NetlinkMessage message)
    {
        if (_remaining.Length < NLMSG_HDRLEN)
        {
            message = default;
            return false;
        }

        var header = MemoryMarshal.Read<NlMsgHdr>(_remaining);
        var length = (int)header.nlmsg_len;
        if (length < NLMSG_HDRLEN || length > _remaining.Length)
        {
            message = default;
            _remaining = default;
            return false;
        }

        message = new NetlinkMessage(header, _remaining[NLMSG_HDRLEN..length]);
        var next = Align(length);
        _remaining = next < _remaining.Length ? _remaining[next..] : default;
        return true;
    }
}
