using System.Net;
using System.Net.Sockets;
using HumanzCni.Addressing;
using HumanzCni.Agent.Cluster;
using k8s.Models;

namespace HumanzCni.Agent.Kubernetes;

/// <summary>
/// What the cluster's Nodes mean for this node: its own pod subnets (spec.podCIDRs, else spec.podCIDR), and one
/// <see cref="NodeRecord"/> per other node and podCIDR, keyed "NAME/CIDR" (e.g. "n2/100.100.12.0/24"), with that
/// node's InternalIP of the CIDR's family: the address its pods are routed via. Only the families this node has
/// pod subnets of are routed. <see cref="Warnings"/> say what was left out and why.
/// </summary>
internal sealed record NodeSubnets(IReadOnlyList<NodeRecord> Own, IReadOnlyDictionary<string, NodeRecord> Peers, IReadOnlyList<string> Warnings)
{
    public const string InternalIp = "InternalIP";

    /// <summary>
    /// Maps <paramref name="own"/> and the other <paramref name="nodes"/> (<paramref name="own"/> among them or not).
    /// A podCIDR overlapping one claimed before is skipped: this node's come first, then the other nodes' in order
    /// of creation (then name), so a node registered later never takes over an earlier node's pods.
    /// </summary>
    public static NodeSubnets Map(V1Node own, IEnumerable<V1Node> nodes)
    {
        var warnings = new List<string>();
        var ownName = own.Metadata?.Name ?? string.Empty;
        var ownSubnets = PodCidrs(own, warnings);
        var families = ownSubnets.Select(s => s.BaseAddress.AddressFamily).ToHashSet();
        var claimed = ownSubnets.Select(s => (Subnet: s, Node: ownName)).ToList();
        var peers = new Dictionary<string, NodeRecord>(StringComparer.Ordinal);
        var others = nodes
            .Where(n => n.Metadata?.Name is { Length: > 0 } name && name != ownName)
            .OrderBy(n => n.Metadata.CreationTimestamp ?? DateTime.MaxValue)
            .ThenBy(n => n.Metadata.Name, StringComparer.Ordinal);
        foreach (var node in others)
        {
            var name = node.Metadata.Name;
            foreach (var subnet in PodCidrs(node, warnings).Where(s => families.Contains(s.BaseAddress.AddressFamily)))
            {
                // A podCIDR claims its range even when it is not routed itself: the later of two overlapping nodes never is.
                var earlier = claimed.FindIndex(c => AddressArithmetic.Overlap(c.Subnet, subnet));
                claimed.Add((subnet, name));
                if (earlier >= 0)
                {
                    warnings.Add($"node {name}: podCIDR {subnet} overlaps {claimed[earlier].Subnet} of node {claimed[earlier].Node}, which takes precedence: not routed");
                    continue;
                }

                if (AddressOf(node, subnet.BaseAddress.AddressFamily) is { } address)
                {
                    peers[$"{name}/{subnet}"] = new NodeRecord(name, address.ToString(), subnet.ToString());
                }
                else
                {
                    warnings.Add($"node {name} has no {AddressFamilyName.Of(subnet.BaseAddress.AddressFamily)} {InternalIp} in status.addresses: its podCIDR {subnet} is not routed");
                }
            }
        }

        var ownRecords = ownSubnets
            .Select(s => new NodeRecord(ownName, AddressOf(own, s.BaseAddress.AddressFamily)?.ToString() ?? string.Empty, s.ToString()))
            .ToList();
        return new NodeSubnets(ownRecords, peers, warnings);
    }

    /// <summary>spec.podCIDRs (one per family on dual-stack nodes), else the older single spec.podCIDR; malformed entries are warned about.</summary>
    private static List<IPNetwork> PodCidrs(V1Node node, List<string> warnings)
    {
        var texts = node.Spec?.PodCIDRs is { Count: > 0 } cidrs ? cidrs : node.Spec?.PodCIDR is { Length: > 0 } cidr ? [cidr] : [];
        var subnets = new List<IPNetwork>();
        foreach (var text in texts)
        {
            if (CidrText.TryParseExact(text, out var subnet))
            {
                subnets.Add(subnet);
            }
            else
            {
                warnings.Add($"node {node.Metadata?.Name}: podCIDR '{text}' is not a CIDR without host bits: ignored");
            }
        }

        return subnets;
    }

    /// <summary>The node's first InternalIP of the family, from status.addresses.</summary>
    private static IPAddress? AddressOf(V1Node node, AddressFamily family) =>
        (node.Status?.Addresses ?? [])
            .Where(a => a.Type == InternalIp)
            .Select(a => IPAddress.TryParse(a.Address, out var address) ? address : null)
            .FirstOrDefault(a => a?.AddressFamily == family);
}
