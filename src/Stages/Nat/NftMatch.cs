using System.Net;
using System.Net.Sockets;
using HumanzCni.Netlink;

namespace HumanzCni.Stages.Nat;

/// <summary>The expressions nft compiles the matches HumanzCni's rules use into (what `nft --debug=netlink` shows).</summary>
internal static class NftMatch
{
    /// <summary>Fields a rule loads one after the other to look a concatenation up in a set or map.</summary>
    public enum Field
    {
        /// <summary>`ip saddr` / `ip6 saddr`.</summary>
        SourceAddress,

        /// <summary>`ip daddr` / `ip6 daddr`.</summary>
        DestinationAddress,

        /// <summary>`meta l4proto`.</summary>
        L4Protocol,

        /// <summary>`th dport`.</summary>
        DestinationPort,
    }

    private const uint Register = NfRegister.First;

    /// <summary>`meta nfproto ipv4` / `ipv6`: what `ip saddr` and friends need in an inet table.</summary>
    public static IEnumerable<NfExpression> NfProto(bool ipv6) =>
        [new NfMeta(NfMeta.NfProto, Register), new NfCmp(Register, true, [ipv6 ? (byte)10 : (byte)2])];

    /// <summary>`ip saddr NETWORK` / `ip daddr != NETWORK` (ip6 alike).</summary>
    public static IEnumerable<NfExpression> Address(bool source, IPNetwork network, bool equal)
    {
        var ipv6 = network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6;
        var (offset, length) = AddressOffset(ipv6, source);
        yield return new NfPayload(NfPayload.NetworkHeader, offset, length, Register);
        if (network.PrefixLength < length * 8)
        {
            yield return new NfBitwise(Register, NfValue.Mask(network));
        }

        yield return new NfCmp(Register, equal, NfValue.First(network));
    }

    /// <summary>`ct status dnat`: the connection's destination was NATed (IPS_DST_NAT).</summary>
    public static IEnumerable<NfExpression> CtStatusDnat() =>
        [new NfCt(NfCt.Status, Register), new NfBitwise(Register, NfValue.HostUInt32(0x20)), new NfCmp(Register, false, new byte[4])];

    /// <summary>`fib daddr type local`: the destination is one of the node's own addresses (RTN_LOCAL).</summary>
    public static IEnumerable<NfExpression> DestinationIsLocal() =>
        [new NfFibDestinationType(Register), new NfCmp(Register, true, NfValue.HostUInt32(2))];

    /// <summary>`F1 . F2 . ...`: the fields loaded into consecutive registers from the first, as a set lookup wants its key.</summary>
    public static IEnumerable<NfExpression> Concat(bool ipv6, params Field[] fields)
    {
        var offset = 0;
        foreach (var field in fields)
        {
            var register = NfRegister.At(offset);
            switch (field)
            {
                case Field.SourceAddress or Field.DestinationAddress:
                    var (at, length) = AddressOffset(ipv6, field == Field.SourceAddress);
                    yield return new NfPayload(NfPayload.NetworkHeader, at, length, register);
                    offset += (int)length;
                    break;
                case Field.L4Protocol:
                    yield return new NfMeta(NfMeta.L4Proto, register);
                    offset += 4;
                    break;
                default:
                    yield return new NfPayload(NfPayload.TransportHeader, 2, 2, register);
                    offset += 4;
                    break;
            }
        }
    }

    /// <summary>Where the address is in the IPv4 (saddr 12, daddr 16) or IPv6 (8, 24) header, and its size.</summary>
    private static (uint Offset, uint Length) AddressOffset(bool ipv6, bool source) =>
        ipv6 ? (source ? 8u : 24u, 16u) : (source ? 12u : 16u, 4u);
}
