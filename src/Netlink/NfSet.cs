using System.Net;
using System.Net.Sockets;

namespace HumanzCni.Netlink;

/// <summary>nft's data types (enum datatypes in nftables' datatype.h) of set keys and map values; the kernel stores them for nft to print with.</summary>
internal enum NfDataType : uint
{
    /// <summary>`ipv4_addr`: 4 bytes, network order.</summary>
    Ipv4Address = 7,

    /// <summary>`ipv6_addr`: 16 bytes, network order.</summary>
    Ipv6Address = 8,

    /// <summary>`inet_proto`: 1 byte (IPPROTO_*).</summary>
    InetProtocol = 12,

    /// <summary>`inet_service`: a port, 2 bytes, network order.</summary>
    InetService = 13,
}

/// <summary>
/// A named set or map in a table: `set NAME { type KEY; }`, `map NAME { type KEY : DATA; }`, either with
/// `flags interval`. Keys and values may be concatenations (`ipv4_addr . inet_service`): each field takes a
/// multiple of 4 bytes, as in the registers the rule loads them into.
/// </summary>
internal sealed record NfSet(string Name, IReadOnlyList<NfDataType> Key, IReadOnlyList<NfDataType>? Data = null, bool Interval = false)
{
    /// <summary>Bytes of a key: its fields, each padded to 4.</summary>
    public int KeyLength => Key.Sum(FieldLength);

    /// <summary>Bytes of a map's value.</summary>
    public int DataLength => Data?.Sum(FieldLength) ?? 0;

    /// <summary>`type ipv4_addr . inet_service : ...` as nft writes it.</summary>
    public string Declaration =>
        $"{(Data is null ? "set" : "map")} {Name} {{ type {TypeText(Key)}{(Data is null ? "" : " : " + TypeText(Data))};{(Interval ? " flags interval;" : "")} }}";

    /// <summary>The bytes one field of this type takes in a concatenation.</summary>
    public static int FieldLength(NfDataType type) => NetlinkConstants.Align(Size(type));

    /// <summary>The size of a value of this type.</summary>
    public static int Size(NfDataType type) => type switch
    {
        NfDataType.Ipv4Address => 4,
        NfDataType.Ipv6Address => 16,
        NfDataType.InetProtocol => 1,
        NfDataType.InetService => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown nftables data type"),
    };

    /// <summary>The type id nft gives a concatenation: each field's id shifted in 6 bits at a time (TYPE_BITS).</summary>
    internal static uint TypeId(IReadOnlyList<NfDataType> fields) => fields.Aggregate(0u, (id, field) => (id << 6) | (uint)field);

    private static string TypeText(IReadOnlyList<NfDataType> fields) => string.Join(" . ", fields.Select(f => f switch
    {
        NfDataType.Ipv4Address => "ipv4_addr",
        NfDataType.Ipv6Address => "ipv6_addr",
        NfDataType.InetProtocol => "inet_proto",
        _ => "inet_service",
    }));
}

/// <summary>
/// One element of a set or map: its key (for an interval set, the first key of the range, with
/// <see cref="KeyEnd"/> the last), a map's value, and its comment (kept as user data, as nft keeps it).
/// </summary>
internal sealed record NfSetElement(byte[] Key, byte[]? KeyEnd = null, byte[]? Data = null, string? Comment = null);

/// <summary>Builds the bytes of keys and values: fields in network order, each padded to 4 bytes, concatenated.</summary>
internal static class NfValue
{
    /// <summary>`A . B . C`: the fields one after the other, each padded to a multiple of 4 bytes.</summary>
    public static byte[] Concat(params ReadOnlySpan<byte[]> fields)
    {
        var length = 0;
        foreach (var field in fields)
        {
            length += NetlinkConstants.Align(field.Length);
        }

        var value = new byte[length];
        var offset = 0;
        foreach (var field in fields)
        {
            field.CopyTo(value, offset);
            offset += NetlinkConstants.Align(field.Length);
        }

        return value;
    }

    /// <summary>An address, 4 or 16 bytes in network order.</summary>
    public static byte[] Address(IPAddress address) => address.GetAddressBytes();

    /// <summary>The first address of <paramref name="network"/> (host bits 0).</summary>
    public static byte[] First(IPNetwork network) => network.BaseAddress.GetAddressBytes();

    /// <summary>The last address of <paramref name="network"/> (host bits 1).</summary>
    public static byte[] Last(IPNetwork network)
    {
        var bytes = network.BaseAddress.GetAddressBytes();
        for (var bit = network.PrefixLength; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
        }

        return bytes;
    }

    /// <summary>The netmask of <paramref name="network"/> as bytes, for a bitwise match.</summary>
    public static byte[] Mask(IPNetwork network)
    {
        var bytes = new byte[network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 ? 16 : 4];
        for (var bit = 0; bit < network.PrefixLength; bit++)
        {
            bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
        }

        return bytes;
    }

    /// <summary>A port, 2 bytes in network order.</summary>
    public static byte[] Port(int port) => [(byte)(port >> 8), (byte)port];

    /// <summary>An IP protocol number (`tcp` 6, `udp` 17, `sctp` 132).</summary>
    public static byte[] Protocol(byte protocol) => [protocol];

    /// <summary>A u32 in host order: what meta, ct status and fib results are compared with.</summary>
    public static byte[] HostUInt32(uint value) => BitConverter.GetBytes(value);
}
