using System.Net;
using System.Net.Sockets;
using HumanzCni.Addressing;
using HumanzCni.Agent.Backends;
using HumanzCni.Agent.Conflist;
using HumanzCni.Agent.Kubernetes;
using HumanzCni.Netlink;

namespace HumanzCni.Agent.Hosting;

/// <summary>`humanz-cni agent` options, read and checked by <see cref="AgentCommandLine"/>.</summary>
internal sealed record AgentOptions
{
    public required string NodeName { get; init; }

    /// <summary>etcd: the cluster's pod ranges (one, or one IPv4 and one IPv6), each with the prefix length of the node subnets cut from it.</summary>
    public IReadOnlyList<ClusterRange> ClusterRanges { get; init; } = [];

    /// <summary>--node-address: the underlay addresses given, at most one per family.</summary>
    public IReadOnlyList<IPAddress> NodeAddresses { get; init; } = [];

    public string? NodeInterface { get; init; }

    public IReadOnlyList<Uri> EtcdEndpoints { get; init; } = [];

    public required ConflistSettings Conflist { get; init; }

    public TimeSpan ReconcilePeriod { get; init; } = TimeSpan.FromSeconds(10);

    public int LeaseTtlSeconds { get; init; } = 30;

    public bool ReleaseOnExit { get; init; }

    public string? StaticClusterFile { get; init; }

    /// <summary>Kubernetes mode (src/Agent/Kubernetes): where the API server is; null in the other modes.</summary>
    public ApiServerConnection? Kubernetes { get; init; }

    public bool Once { get; init; }

    public string? LogFile { get; init; }

    public string? LogLevel { get; init; }

    /// <summary>Where /healthz and /metrics are served; null: not at all.</summary>
    public IPEndPoint? HealthAddress { get; init; }

    /// <summary>host-gw (the default) or VXLAN, with the VXLAN settings.</summary>
    public BackendOptions Backend { get; init; } = new();

    /// <summary>The underlay address of <paramref name="family"/>: given, or the first address of the family on --node-interface.</summary>
    public IPAddress ResolveNodeAddress(AddressFamily family)
    {
        if (NodeAddresses.Count > 0)
        {
            return NodeAddresses.FirstOrDefault(a => a.AddressFamily == family)
                ?? throw new UsageException($"--node-address gives no {AddressFamilyName.Of(family)} address, which the {AddressFamilyName.Of(family)} cluster range needs: give one per family (e.g. 200.0.0.10,fd00:200::10)");
        }

        using var netlink = RtNetlink.Open();
        var link = netlink.GetLink(NodeInterface!) ?? throw new UsageException($"--node-interface {NodeInterface}: no such link in this network namespace");
        return netlink.ListAddresses(link.Index).Select(a => a.Address).FirstOrDefault(a => a.AddressFamily == family && !a.IsIPv6LinkLocal)
            ?? throw new UsageException($"--node-interface {NodeInterface} has no {AddressFamilyName.Of(family)} address");
    }
}
