using System.Net;
using HumanzCni.Stages.Nat;

namespace HumanzCni.Stages.PortMap;

/// <summary>
/// The nft rules that make host ports reach a pod, per mapping and pod address of the mapping's family
/// (a hostIP of one family skips the pod's address of the other):
/// <list type="bullet">
/// <item>prerouting: `fib daddr type local` (any node address) or `ip daddr HOSTIP`, protocol and port: DNAT
/// to the pod. Catches packets from other hosts and from pods, including the pod itself (hairpin).</item>
/// <item>output: the same for packets the node sends itself, to its own address or to 127.0.0.1
/// (local to `fib`; the host interface needs route_localnet, see <see cref="PortMapStage"/>).</item>
/// <item>postrouting: masquerade DNATed packets to the pod's port that come from 127.0.0.0/8 (the pod cannot
/// answer 127.0.0.1) or from the pod's own network (the pod itself, or a neighbour on the bridge, would
/// otherwise get the answer straight from the pod's address instead of through the node's conntrack).</item>
/// </list>
/// IPv6 has no route_localnet, so [::1]:hostPort is not mapped (as with the reference portmap).
/// </summary>
public static class PortMapRules
{
    public static IReadOnlyList<NftRuleSpec> For(PortMappings mappings, ContainerAddresses addresses)
    {
        var rules = new List<NftRuleSpec>();
        foreach (var mapping in mappings.Mappings)
        {
            foreach (var pod in addresses.Addresses.Where(a => mapping.HostIp is null || mapping.HostIp.AddressFamily == a.Address.AddressFamily))
            {
                var ip = pod.IsIpv6 ? "ip6" : "ip";
                var destination = mapping.HostIp is { } hostIp ? $"{ip} daddr {hostIp}" : "fib daddr type local";
                var target = pod.IsIpv6 ? $"[{pod.Address}]:{mapping.ContainerPort}" : $"{pod.Address}:{mapping.ContainerPort}";
                var dnat = $"meta nfproto {(pod.IsIpv6 ? "ipv6" : "ipv4")} {destination} meta l4proto {mapping.Protocol} th dport {mapping.HostPort} dnat {ip} to {target}";
                rules.Add(HumanzTable.Rule(HumanzTable.Prerouting, dnat));
                rules.Add(HumanzTable.Rule(HumanzTable.Output, dnat));

                var sources = pod.IsIpv6 ? $"{pod.Network}" : $"{{ 127.0.0.0/8, {pod.Network} }}";
                rules.Add(HumanzTable.Rule(
                    HumanzTable.Postrouting,
                    $"ct status dnat {ip} saddr {sources} {ip} daddr {pod.Address} meta l4proto {mapping.Protocol} th dport {mapping.ContainerPort} masquerade"));
            }
        }

        // Two mappings to one container port share their masquerade rule.
        return rules.Distinct().ToList();
    }

    /// <summary>The host interfaces that need route_localnet: those holding an address in a pod's IPv4 network (the bridge).</summary>
    public static IEnumerable<IPNetwork> LocalnetNetworks(PortMappings mappings, ContainerAddresses addresses) =>
        mappings.Mappings.Any(m => m.HostIp is null || IPAddress.IsLoopback(m.HostIp))
            ? addresses.Addresses.Where(a => !a.IsIpv6).Select(a => a.Network).Distinct()
            : [];
}
