using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace HumanzCni.Agent.Vxlan;

/// <summary>
/// The MAC of a node's VXLAN device (its VTEP), derived from the node's underlay address, so every node can
/// compute every peer's VTEP MAC from the cluster records it already has and nobody needs to publish it
/// (flannel publishes it in a node annotation instead).
/// </summary>
/// <remarks>
/// Both schemes give locally administered unicast MACs (first octet: bit 1 set, bit 0 clear), so they never
/// clash with a vendor-assigned one, and they differ in the first octet, so an IPv4 and an IPv6 MAC never clash
/// with each other either.
/// <list type="bullet">
/// <item>IPv4: 0a:68:A:B:C:D for A.B.C.D. The four address bytes fit whole, so two nodes get the same MAC
/// only if they have the same underlay address: collisions are impossible.</item>
/// <item>IPv6: 0e followed by the first 40 bits of SHA-256 of the 16 address bytes. 128 bits do not fit in
/// the 46 free bits of a MAC, so distinct addresses can collide; a hash spreads any addressing plan (one /64,
/// SLAAC interface ids, several sites) uniformly, which bounds the chance that any two of n nodes collide by
/// n² / 2⁴¹: about 5·10⁻⁷ for 1,000 nodes and 5·10⁻⁵ for 10,000. Taking the address's low bits instead would
/// be collision-free inside one /88 but could collide systematically across prefixes (EUI-64 ids repeat).</item>
/// </list>
/// </remarks>
internal static class VtepMac
{
    private const byte Ipv4FirstOctet = 0x0a;
    private const byte Ipv4SecondOctet = 0x68;
    private const byte Ipv6FirstOctet = 0x0e;

    /// <summary>The VTEP MAC of the node with underlay address <paramref name="underlay"/>.</summary>
    public static PhysicalAddress From(IPAddress underlay)
    {
        ArgumentNullException.ThrowIfNull(underlay);
        // An IPv4 node written as ::ffff:A.B.C.D is the same node.
        var address = underlay.IsIPv4MappedToIPv6 ? underlay.MapToIPv4() : underlay;
        var mac = new byte[6];
        switch (address.AddressFamily)
        {
            case AddressFamily.InterNetwork:
                mac[0] = Ipv4FirstOctet;
                mac[1] = Ipv4SecondOctet;
                address.TryWriteBytes(mac.AsSpan(2), out _);
                break;
            case AddressFamily.InterNetworkV6:
                Span<byte> bytes = stackalloc byte[16];
                address.TryWriteBytes(bytes, out _);
                Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
                SHA256.HashData(bytes, hash);
                mac[0] = Ipv6FirstOctet;
                hash[..5].CopyTo(mac.AsSpan(1));
                break;
            default:
                throw new ArgumentException($"not an IPv4 or IPv6 address: {underlay}", nameof(underlay));
        }

        return new PhysicalAddress(mac);
    }
}
