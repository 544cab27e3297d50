using System.Net;
using HumanzCni.Netlink;

namespace HumanzCni.Testbed;

/// <summary>
/// N nodes on one machine: an underlay of one switch (a bridge in a namespace of its own) or, with
/// <see cref="UnderlayLayout.Routed"/>, two switches joined by a router namespace; node namespaces each with a
/// veth `eth1` to their switch and addresses 200.0.S.(10 × i)/24 and fd00:200:S::(10 × i)/64 (S the segment,
/// always 0 on one switch); and optionally an etcd host namespace (200.0.0.2) running etcd. Every namespace,
/// temp dir and process carries the cluster's prefix. Dispose stops every agent and etcd and removes every
/// namespace and temp dir, whatever happened before.
/// </summary>
public sealed class TestCluster : IDisposable
{
    public const string EtcdAddress = "200.0.0.2";

    private const int UnderlayPrefixLength = 24;
    private const int UnderlayPrefixLength6 = 64;

    private readonly List<ClusterNode> _nodes = [];
    private readonly List<UnderlaySwitch> _switches = [];
    private readonly string _prefix;
    private readonly List<TestNamespace> _hosts = [];

    /// <summary>Each node's switch and port there, for <see cref="SetUnderlayUp"/>.</summary>
    private readonly Dictionary<ClusterNode, (UnderlaySwitch Switch, string Port)> _ports = [];

    /// <param name="prefix">Names every namespace (PREFIX-sw-*, PREFIX-rt-*, PREFIX-node-*, PREFIX-pod-*, PREFIX-etcd-*) and temp dir.</param>
    /// <param name="underlay">One switch, or two joined by a router.</param>
    public TestCluster(string prefix = "hzc", UnderlayLayout underlay = UnderlayLayout.OneSegment)
    {
        _prefix = prefix;
        try
        {
            _switches.Add(new UnderlaySwitch($"{prefix}-sw"));
            if (underlay == UnderlayLayout.Routed)
            {
                _switches.Add(new UnderlaySwitch($"{prefix}-sw"));
                Router = CreateRouter();
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public IReadOnlyList<ClusterNode> Nodes => _nodes;

    /// <summary>The (first) underlay switch's namespace.</summary>
    public TestNamespace Switch => _switches[0].Namespace;

    /// <summary>The router between the two segments of a <see cref="UnderlayLayout.Routed"/> underlay; null on one switch.</summary>
    public TestNamespace? Router { get; }

    public EtcdServer? Etcd { get; private set; }

    /// <summary>The etcd endpoint for agents' --etcd.</summary>
    public string EtcdEndpoint => Etcd?.Endpoint ?? throw new InvalidOperationException("this cluster has no etcd: call StartEtcd");

    /// <summary>The router's address on segment <paramref name="segment"/>: the default gateway of the hosts there.</summary>
    public static (IPAddress V4, IPAddress V6) RouterAddresses(int segment) => (UnderlayAddress(segment, 1), UnderlayAddress6(segment, 1));

    /// <summary>Creates the etcd host on the (first) segment of the underlay and starts etcd there.</summary>
    public EtcdServer StartEtcd()
    {
        Etcd = new EtcdServer(AddHost("etcd", hostNumber: 2), _prefix);
        Etcd.Start();
        return Etcd;
    }

    /// <summary>
    /// A host that is no node (etcd, a stand-in API server) at 200.0.0.HOST on the (first) segment, in namespace
    /// PREFIX-ROLE-*; removed with the cluster. Its server is its owner's to stop.
    /// </summary>
    public TestNamespace AddHost(string role, int hostNumber)
    {
        var host = TestNamespace.Create($"{_prefix}-{role}");
        _hosts.Add(host);
        _ = AttachHost(host, segment: 0, hostNumber);
        return host;
    }

    /// <summary>Adds a node (node1, node2, ... unless named) on the underlay: on a routed one, odd nodes on segment 0, even ones on segment 1.</summary>
    public ClusterNode AddNode(string? name = null)
    {
        var index = _nodes.Count + 1;
        if (index > 25)
        {
            throw new InvalidOperationException("the underlay numbering (200.0.S.10 × i) stops at 25 nodes");
        }

        var segment = (index - 1) % _switches.Count;
        var testNode = new TestNode(_prefix);
        var node = new ClusterNode(name ?? $"node{index}", index, UnderlayAddress(segment, index * 10).ToString(), UnderlayAddress6(segment, index * 10).ToString(), testNode);
        _nodes.Add(node);
        _ports[node] = (_switches[segment], AttachHost(testNode.Namespace, segment, index * 10));
        return node;
    }

    /// <summary>
    /// Cuts <paramref name="node"/> off the underlay (its switch port down: its `eth1` loses the carrier, keeping its
    /// addresses and routes, as with a pulled cable) or connects it again.
    /// </summary>
    public void SetUnderlayUp(ClusterNode node, bool up)
    {
        var (underlaySwitch, port) = _ports[node];
        underlaySwitch.SetPortUp(port, up);
    }

    /// <summary>The agent arguments for etcd mode: endpoint, cluster range, short TTL and reconcile period (tests wait on them).</summary>
    public string[] EtcdAgentArguments(string clusterCidr = "100.100.0.0/16", int leaseTtlSeconds = 6, int reconcileSeconds = 2) =>
        ["--etcd", EtcdEndpoint, "--cluster-cidr", clusterCidr, "--subnet-size", "24", "--lease-ttl-seconds", $"{leaseTtlSeconds}", "--reconcile-seconds", $"{reconcileSeconds}"];

    public void Dispose()
    {
        // Agents first (they talk to etcd and write into the nodes' dirs), then etcd, then the namespaces.
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        Etcd?.Dispose();
        foreach (var host in _hosts)
        {
            host.Dispose();
        }

        Router?.Dispose();
        foreach (var underlaySwitch in _switches)
        {
            underlaySwitch.Dispose();
        }
    }

    /// <summary>200.0.SEGMENT.HOST.</summary>
    private static IPAddress UnderlayAddress(int segment, int host) => IPAddress.Parse($"200.0.{segment}.{host}");

    /// <summary>fd00:200:SEGMENT::HOST, HOST written with the same digits as in IPv4 (node 3 is 200.0.0.30 and fd00:200::30).</summary>
    private static IPAddress UnderlayAddress6(int segment, int host) => IPAddress.Parse($"fd00:200:{segment}::{host}");

    /// <summary>
    /// A host on segment <paramref name="segment"/>: `eth1` with 200.0.S.HOST/24 and fd00:200:S::HOST/64 and, on a
    /// routed underlay, default routes via the router, which is how it reaches the other segment.
    /// </summary>
    /// <returns>The host's port on its switch.</returns>
    private string AttachHost(TestNamespace ns, int segment, int hostNumber)
    {
        var port = _switches[segment].Attach(ns, ClusterNode.UnderlayInterface, (UnderlayAddress(segment, hostNumber), UnderlayPrefixLength), (UnderlayAddress6(segment, hostNumber), UnderlayPrefixLength6));
        if (Router is null)
        {
            return port;
        }

        var (gateway, gateway6) = RouterAddresses(segment);
        ns.Run(netlink =>
        {
            netlink.AddRoute(new RouteInfo(IPAddress.Any, 0, gateway));
            netlink.AddRoute(new RouteInfo(IPAddress.IPv6Any, 0, gateway6));
        });
        return port;
    }

    /// <summary>The router: `seg0`/`seg1` on the two switches, .1 on each, forwarding IPv4 and IPv6, and no other route.</summary>
    private TestNamespace CreateRouter()
    {
        var router = TestNamespace.Create($"{_prefix}-rt");
        try
        {
            for (var segment = 0; segment < _switches.Count; segment++)
            {
                var (address, address6) = RouterAddresses(segment);
                _ = _switches[segment].Attach(router, $"seg{segment}", (address, UnderlayPrefixLength), (address6, UnderlayPrefixLength6));
            }

            router.Handle.Run(() =>
            {
                Sysctl.Write("net.ipv4.ip_forward", "1");
                Sysctl.Write("net.ipv6.conf.all.forwarding", "1");
            });
            return router;
        }
        catch
        {
            router.Dispose();
            throw;
        }
    }
}
