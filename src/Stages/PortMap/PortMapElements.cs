using System.Net;
using HumanzCni.Netlink;

namespace HumanzCni.Stages.PortMap;

/// <summary>An element of one of the <see cref="HostPortLayout"/>'s sets or maps.</summary>
internal sealed record HostPortElement(NfSet Set, NfSetElement Element)
{
    /// <summary>Whether <paramref name="other"/> is the same element: same set, same key (and key end).</summary>
    public bool SameKey(HostPortElement other) =>
        other is not null && Set.Name == other.Set.Name && Element.Key.AsSpan().SequenceEqual(other.Element.Key)
        && (Element.KeyEnd ?? []).AsSpan().SequenceEqual(other.Element.KeyEnd ?? []);
}

/// <summary>
/// The elements that make host ports reach a pod, per mapping and pod address of the mapping's family (a hostIP
/// of one family skips the pod's address of the other), all commented with the attachment's tag:
/// <list type="bullet">
/// <item>`hostports-anyN` { `tcp . 8080 : 100.100.1.5 . 80` } (a mapping on every node address: from other hosts,
/// pods, the pod itself (hairpin), the node, and 127.0.0.1, local to `fib` once the bridge has route_localnet,
/// see <see cref="PortMapStage"/>), or `hostports-ipN` { `HOSTIP . tcp . 8080 : 100.100.1.5 . 80` };</item>
/// <item>`hostport-masqN` { `127.0.0.0/8 . 100.100.1.5 . tcp . 80`, `100.100.1.0/24 . 100.100.1.5 . tcp . 80` }:
/// masquerade what was DNATed to the pod's port from 127.0.0.0/8 or from the pod's own network.</item>
/// </list>
/// IPv6 has no route_localnet, so [::1]:hostPort is not mapped (as with the reference portmap).
/// </summary>
internal static class PortMapElements
{
    private static readonly IPNetwork Loopback4 = IPNetwork.Parse("127.0.0.0/8");

    public static IReadOnlyList<HostPortElement> For(PortMappings mappings, ContainerAddresses addresses, string tag)
    {
        var elements = new List<HostPortElement>();
        foreach (var mapping in mappings.Mappings)
        {
            foreach (var pod in addresses.Addresses.Where(a => mapping.HostIp is null || mapping.HostIp.AddressFamily == a.Address.AddressFamily))
            {
                var protocol = NfValue.Protocol(ProtocolNumber(mapping.Protocol));
                var target = NfValue.Concat(NfValue.Address(pod.Address), NfValue.Port(mapping.ContainerPort));
                elements.Add(mapping.HostIp is { } hostIp
                    ? new((pod.IsIpv6 ? HostPortLayout.HostIp6 : HostPortLayout.HostIp4), new(NfValue.Concat(NfValue.Address(hostIp), protocol, NfValue.Port(mapping.HostPort)), Data: target, Comment: tag))
                    : new((pod.IsIpv6 ? HostPortLayout.AnyIp6 : HostPortLayout.AnyIp4), new(NfValue.Concat(protocol, NfValue.Port(mapping.HostPort)), Data: target, Comment: tag)));

                var masquerade = pod.IsIpv6 ? HostPortLayout.Masquerade6 : HostPortLayout.Masquerade4;
                foreach (var sources in pod.IsIpv6 ? [pod.Network] : new[] { Loopback4, pod.Network })
                {
                    var rest = new[] { NfValue.Address(pod.Address), protocol, NfValue.Port(mapping.ContainerPort) };
                    elements.Add(new(masquerade, new(
                        NfValue.Concat([NfValue.First(sources), .. rest]),
                        KeyEnd: NfValue.Concat([NfValue.Last(sources), .. rest]),
                        Comment: tag)));
                }
            }
        }

        // Two mappings to one container port share their masquerade elements.
        return elements.Where((e, i) => !elements.Take(i).Any(e.SameKey)).ToList();
    }

    /// <summary>The host interfaces that need route_localnet: those holding an address in a pod's IPv4 network (the bridge).</summary>
    public static IEnumerable<IPNetwork> LocalnetNetworks(PortMappings mappings, ContainerAddresses addresses) =>
        mappings.Mappings.Any(m => m.HostIp is null || IPAddress.IsLoopback(m.HostIp))
            ? addresses.Addresses.Where(a => !a.IsIpv6).Select(a => a.Network).Distinct()
            : [];

    private static byte ProtocolNumber(string protocol) => protocol switch
    {
        "tcp" => 6,
        "udp" => 17,
        _ => 132, // sctp: PortMappingReader lets no other through
    };
}
