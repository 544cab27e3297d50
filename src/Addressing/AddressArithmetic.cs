using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace HumanzCni.Addressing;

/// <summary>
/// Addresses as unsigned numbers so ranges can be walked and measured. UInt128 covers IPv6;
/// IPv4 uses the low 32 bits, which keeps its arithmetic as cheap as two machine words.
/// </summary>
internal static class AddressArithmetic
{
    public static UInt128 ToNumber(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out int written))
        {
            throw new ArgumentException($"{address} is neither IPv4 nor IPv6", nameof(address));
        }

        return written == 4
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    public static IPAddress FromNumber(UInt128 number, AddressFamily family)
    {
        if (family == AddressFamily.InterNetwork)
        {
            Span<byte> v4 = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)number);
            return new IPAddress(v4);
        }

        Span<byte> v6 = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(v6, number);
        return new IPAddress(v6);
    }

    public static int BitLength(AddressFamily family) => family == AddressFamily.InterNetwork ? 32 : 128;

    /// <summary>
    /// Whether the two networks share an address. CIDR blocks never overlap in part, so they do exactly when one holds
    /// the other's base address. Networks of different families never do: the kernel routes each family apart, while
    /// IPNetwork.Contains matches an IPv4 address with its IPv4-mapped IPv6 twin (::ffff:a.b.c.d), hence the family test.
    /// </summary>
    public static bool Overlap(IPNetwork a, IPNetwork b) =>
        a.BaseAddress.AddressFamily == b.BaseAddress.AddressFamily && (a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress));

    /// <summary>The highest address of the subnet (the IPv4 broadcast address).</summary>
    public static UInt128 LastOf(IPNetwork subnet) =>
        ToNumber(subnet.BaseAddress) | HostMask(subnet.BaseAddress.AddressFamily, subnet.PrefixLength);

    /// <summary>The bits a /prefix network leaves to hosts, e.g. 0xFF for an IPv4 /24.</summary>
    public static UInt128 HostMask(AddressFamily family, int prefixLength)
    {
        int hostBits = BitLength(family) - prefixLength;
        // UInt128 shifts take the count modulo 128, so a /0 IPv6 network needs its own case.
        return hostBits >= 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
    }
}
