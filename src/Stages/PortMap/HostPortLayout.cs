using HumanzCni.Netlink;
using HumanzCni.Stages.Nat;
using static HumanzCni.Stages.Nat.NftMatch;

namespace HumanzCni.Stages.PortMap;

/// <summary>
/// The fixed part of host port mapping in <see cref="HumanzTable"/>, laid out as kube-proxy's nftables mode lays
/// out services: rules that never change, looking packets up in maps, so a pod's port mappings are only map
/// elements (<see cref="PortMapElements"/>), and adding or deleting a pod adds or deletes elements, never chains
/// or rules. Per family (4, 6):
/// <list type="bullet">
/// <item>map `hostports-ipN` { `ADDR . PROTO . PORT : POD . PORT` }: mappings with a hostIP;</item>
/// <item>map `hostports-anyN` { `PROTO . PORT : POD . PORT` }: mappings on every node address (`fib daddr type local`);</item>
/// <item>set `hostport-masqN` { `SOURCES . POD . PROTO . PORT` }, with intervals: DNATed packets to be masqueraded
/// (from 127.0.0.0/8, which the pod could not answer, or from the pod's own network, which would get the answer
/// straight from the pod instead of through the node's conntrack: hairpin).</item>
/// </list>
/// prerouting (from other hosts and pods) and output (from the node itself) both hold
/// `meta nfproto ipv4 dnat ip to ip daddr . meta l4proto . th dport map @hostports-ip4` and
/// `meta nfproto ipv4 fib daddr type local dnat ip to meta l4proto . th dport map @hostports-any4` (and ipv6's);
/// postrouting `meta nfproto ipv4 ct status dnat ip saddr . ip daddr . meta l4proto . th dport @hostport-masq4 masquerade`.
/// The layout is node-wide, shared by every network: it is created by the first ADD that needs it and stays
/// when pods go; a GC, or a network's last DEL, that leaves HumanzCni's table holding nothing of anyone deletes
/// the table (<see cref="NodeRules.DeleteTableIfUnused"/>).
/// </summary>
internal static class HostPortLayout
{
    public static readonly NfSet HostIp4 = new("hostports-ip4", [NfDataType.Ipv4Address, NfDataType.InetProtocol, NfDataType.InetService], [NfDataType.Ipv4Address, NfDataType.InetService]);
    public static readonly NfSet AnyIp4 = new("hostports-any4", [NfDataType.InetProtocol, NfDataType.InetService], [NfDataType.Ipv4Address, NfDataType.InetService]);
    public static readonly NfSet Masquerade4 = new("hostport-masq4", [NfDataType.Ipv4Address, NfDataType.Ipv4Address, NfDataType.InetProtocol, NfDataType.InetService], Interval: true);
    public static readonly NfSet HostIp6 = new("hostports-ip6", [NfDataType.Ipv6Address, NfDataType.InetProtocol, NfDataType.InetService], [NfDataType.Ipv6Address, NfDataType.InetService]);
    public static readonly NfSet AnyIp6 = new("hostports-any6", [NfDataType.InetProtocol, NfDataType.InetService], [NfDataType.Ipv6Address, NfDataType.InetService]);
    public static readonly NfSet Masquerade6 = new("hostport-masq6", [NfDataType.Ipv6Address, NfDataType.Ipv6Address, NfDataType.InetProtocol, NfDataType.InetService], Interval: true);

    /// <summary>Every set and map of the layout.</summary>
    public static IReadOnlyList<NfSet> Sets { get; } = [HostIp4, AnyIp4, Masquerade4, HostIp6, AnyIp6, Masquerade6];

    /// <summary>Whether the node has the layout: its first map tells (they are created in one transaction).</summary>
    public static bool IsPresent(NfTables nf) => nf.HasSet(HumanzTable.Family, HumanzTable.Name, HostIp4.Name);

    /// <summary>Adds the table, its chains, the sets and maps and the fixed rules to <paramref name="batch"/>.</summary>
    public static void AddTo(NfBatch batch)
    {
        batch.AddTableAndChains();
        foreach (var set in Sets)
        {
            batch.AddSet(HumanzTable.Family, HumanzTable.Name, set);
        }

        foreach (var chain in new[] { HumanzTable.Prerouting, HumanzTable.Output })
        {
            foreach (var ipv6 in new[] { false, true })
            {
                batch.AddRule(HumanzTable.Family, HumanzTable.Name, chain, Dnat(ipv6, hostIp: true));
                batch.AddRule(HumanzTable.Family, HumanzTable.Name, chain, Dnat(ipv6, hostIp: false));
            }
        }

        foreach (var ipv6 in new[] { false, true })
        {
            IEnumerable<NfExpression> masquerade = [
                .. NfProto(ipv6),
                .. CtStatusDnat(),
                .. Concat(ipv6, Field.SourceAddress, Field.DestinationAddress, Field.L4Protocol, Field.DestinationPort),
                new NfLookup((ipv6 ? Masquerade6 : Masquerade4).Name, NfRegister.First),
                new NfMasquerade()];
            batch.AddRule(HumanzTable.Family, HumanzTable.Name, HumanzTable.Postrouting, masquerade.ToList());
        }
    }

    /// <summary>`meta nfproto ipvN [fib daddr type local] dnat ipN to [ipN daddr .] meta l4proto . th dport map @hostports-...`.</summary>
    private static List<NfExpression> Dnat(bool ipv6, bool hostIp)
    {
        var map = (ipv6, hostIp) switch
        {
            (false, true) => HostIp4,
            (false, false) => AnyIp4,
            (true, true) => HostIp6,
            (true, false) => AnyIp6,
        };
        var key = hostIp ? Concat(ipv6, Field.DestinationAddress, Field.L4Protocol, Field.DestinationPort) : Concat(ipv6, Field.L4Protocol, Field.DestinationPort);
        // The value, POD . PORT, lands in the registers from the first: the address, then the port after it.
        var portRegister = NfRegister.At(ipv6 ? 16 : 4);
        return [
            .. NfProto(ipv6),
            .. hostIp ? [] : DestinationIsLocal(),
            .. key,
            new NfLookup(map.Name, NfRegister.First, NfRegister.First),
            new NfDnat(ipv6 ? (byte)10 : (byte)2, NfRegister.First, portRegister)];
    }
}
