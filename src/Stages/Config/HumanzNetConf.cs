using System.Net;
using HumanzCni.Chain.Results;
using HumanzCni.Stages.Ipam;

namespace HumanzCni.Stages.Config;

/// <summary>A validated humanz-cni configuration: what the parse stage hands to the stages after it.</summary>
internal sealed class HumanzNetConf
{
    public const string DefaultBridge = "humanz-cni0";
    public const string DefaultDataDir = "/var/lib/cni/networks";

    public required string NetworkName { get; init; }

    public required string BridgeName { get; init; }

    /// <summary>0 leaves the kernel's default.</summary>
    public int Mtu { get; init; }

    public bool IsDefaultGateway { get; init; } = true;

    /// <summary>One address is allocated from each set.</summary>
    public required IReadOnlyList<RangeSet> RangeSets { get; init; }

    /// <summary>Extra routes for the pod (ipam.routes), besides the default route.</summary>
    public IReadOnlyList<PodRoute> Routes { get; init; } = [];

    /// <summary>The lease directory of this network: dataDir/name.</summary>
    public required string LeaseDirectory { get; init; }

    public IReadOnlyList<Peer> Peers { get; init; } = [];

    public CniDns? Dns { get; init; }

    /// <summary>Masquerade traffic from the pod subnets to anything but <see cref="NonMasqueradeCidrs"/> and the subnets themselves.</summary>
    public bool IpMasq { get; init; }

    public IReadOnlyList<IPNetwork> NonMasqueradeCidrs { get; init; } = [];

    /// <summary>
    /// Hairpin mode on the pod's bridge port. On by default: with br_netfilter loaded (every Kubernetes
    /// node) a pod reaching itself through a host port or service is bridged back out of its own port.
    /// </summary>
    public bool HairpinMode { get; init; } = true;
}

/// <summary>A route inside the pod; a null gateway means "via the range's gateway".</summary>
internal sealed record PodRoute(IPNetwork Destination, IPAddress? Gateway);

/// <summary>Another node: its pod subnet and the node address that reaches it.</summary>
internal sealed record Peer(IPNetwork Subnet, IPAddress Via);
