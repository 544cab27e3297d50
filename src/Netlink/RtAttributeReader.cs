using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using static HumanzCni.Netlink.NetlinkConstants;

namespace HumanzCni.Netlink;

/// <summary>One rtattr: its type (flag bits masked off) and its payload.</summary>
internal readonly ref struct RtAttribute
{
    public RtAttribute(ushort type, ReadOnlySpan<byte> value)
    {
        Type = type;
        Value = value;
    }

    public ushort Type { get; }

    public ReadOnlySpan<byte> Value { get; }

    /// <summary>A u32 in host byte order; 0 when the payload is too short.</summary>
    public uint GetUInt32() => Value.Length >= sizeof(uint) ? MemoryMarshal.Read<uint>(Value) : 0;

    public int GetInt32() => unchecked((int)GetUInt32());

    /// <summary>A u64 in host byte order; 0 when the payload is too short.</summary>
    public ulong GetUInt64() => Value.Length >= sizeof(ulong) ? MemoryMarshal.Read<ulong>(Value) : 0;

    /// <summary>A NUL-terminated string (the terminator is optional on input).</summary>
    public string GetString()
    {
        var end = Value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end >= 0 ? Value[..end] : Value);
    }

    /// <summary>A 4- or 16-byte address in network order; null for any other length.</summary>
    public IPAddress? GetAddress() => Value.Length is 4 or 16 ? new IPAddress(Value) : null;

    /// <summary>The attributes nested inside this one.</summary>
    public RtAttributeReader Nested() => new(Value);
}

/// <summary>Walks a run of rtattrs (RTA_OK/RTA_NEXT), stopping at the first malformed one.</summary>
internal ref struct RtAttributeReader
{
    private ReadOnlySpan<byte> _remaining;

    public RtAttributeReader(ReadOnlySpan<byte> attributes) => _remaining = attributes;

    public bool TryRead(out RtAttribute attribute)
    {
        if (_remaining.Length < NLA_HDRLEN)
        {
            attribute = default;
            return false;
        }

        var length = MemoryMarshal.Read<ushort>(_remaining);
        var type = (ushort)(MemoryMarshal.Read<ushort>(_remaining[2..]) & NLA_TYPE_MASK);
        if (length < NLA_HDRLEN || length > _remaining.Length)
        {
            attribute = default;
            _remaining = default;
            return false;
        }

        attribute = new RtAttribute(type, _remaining[NLA_HDRLEN..length]);
        var next = Align(length);
        _remaining = next < _remaining.Length ? _remaining[next..] : default;
        return true;
    }
}
