using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using static HumanzCni.Netlink.NetlinkConstants;

namespace HumanzCni.Netlink;

/// <summary>
/// Writes one netlink request (nlmsghdr, a fixed family header, then rtattrs, possibly nested) into a
/// buffer that is reused from request to request, so building a message allocates nothing once the
/// buffer has grown to fit. Lengths are patched in when a message or a nest is closed, the way
/// libnl/iproute2 do it.
/// </summary>
internal sealed partial class NetlinkMessageBuilder
{
    private byte[] _buffer = new byte[1024];
    private int _length;

    /// <summary>The bytes written so far (the whole message once <see cref="Finish"/> has run).</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>Starts a new message, discarding the previous one. Sequence number is stamped by the socket.</summary>
    public void Begin(ushort type, ushort flags)
    {
        _length = 0;
        var header = new NlMsgHdr { nlmsg_type = type, nlmsg_flags = flags };
        Append(in header);
    }

    /// <summary>Appends a fixed header (ifinfomsg, ifaddrmsg, rtmsg, tcmsg) right after the nlmsghdr.</summary>
    public void Append<T>(in T value)
        where T : unmanaged
    {
        var span = Reserve(Unsafe.SizeOf<T>());
        MemoryMarshal.Write(span, in value);
    }

    public void AddUInt32(ushort type, uint value)
    {
        // Netlink integers travel in host byte order.
        MemoryMarshal.Write(ReserveAttribute(type, sizeof(uint)), in value);
    }

    public void AddInt32(ushort type, int value) => AddUInt32(type, unchecked((uint)value));

    public void AddUInt64(ushort type, ulong value) => MemoryMarshal.Write(ReserveAttribute(type, sizeof(ulong)), in value);

    /// <summary>A NUL-terminated string attribute (IFLA_IFNAME, IFLA_INFO_KIND), encoded straight into the buffer.</summary>
    public void AddString(ushort type, string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        var span = ReserveAttribute(type, byteCount + 1);
        Encoding.UTF8.GetBytes(value, span);
        span[byteCount] = 0;
    }

    /// <summary>An address attribute (IFA_LOCAL, RTA_GATEWAY...): 4 or 16 bytes in network order.</summary>
    public void AddAddress(ushort type, IPAddress address)
    {
        var size = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 16 : 4;
        var span = ReserveAttribute(type, size);
        if (!address.TryWriteBytes(span, out _))
        {
            throw new ArgumentException($"cannot encode address {address}", nameof(address));
        }
    }

    /// <summary>A raw byte attribute (IFLA_ADDRESS).</summary>
    public void AddBytes(ushort type, ReadOnlySpan<byte> value) => value.CopyTo(ReserveAttribute(type, value.Length));

    /// <summary>Opens a nested attribute; pass the returned offset to <see cref="EndNested"/>.</summary>
    public int BeginNested(ushort type)
    {
        var start = _length;
        ReserveAttribute(type, 0);
        return start;
    }

    /// <summary>Closes a nest opened by <see cref="BeginNested"/>: its length now covers everything added since.</summary>
    public void EndNested(int start) =>
        MemoryMarshal.Write(_buffer.AsSpan(start), checked((ushort)(_length - start)));

    /// <summary>Patches nlmsg_len and nlmsg_seq and returns the complete message.</summary>
    public ReadOnlySpan<byte> Finish(uint sequence)
    {
        ref var header = ref MemoryMarshal.AsRef<NlMsgHdr>(_buffer.AsSpan());
        header.nlmsg_len = (uint)_length;
        header.nlmsg_seq = sequence;
        return Written;
    }

    /// <summary>Writes an rtattr header and returns the (zeroed, padded) room for its payload.</summary>
    private Span<byte> ReserveAttribute(ushort type, int payloadLength)
    {
        var total = NLA_HDRLEN + payloadLength;
        var span = Reserve(total);
        MemoryMarshal.Write(span, checked((ushort)total));
        MemoryMarshal.Write(span[2..], type);
        return span.Slice(NLA_HDRLEN, payloadLength);
    }

    /// <summary>Grows the buffer if needed and hands out the next <paramref name="size"/> bytes, zeroed.</summary>
    private Span<byte> Reserve(int size)
    {
        var aligned = Align(size);
        if (_length + aligned > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + aligned));
        }

        var span = _buffer.AsSpan(_length, aligned);
        span.Clear();
        _length += aligned;
        return span[..size];
    }
}
