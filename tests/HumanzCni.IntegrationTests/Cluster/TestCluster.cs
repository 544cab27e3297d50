using HumanzCni.IntegrationTests.Harness;
using HumanzCni.IntegrationTests.Netlink;

namespace HumanzCni.IntegrationTests.Cluster;

/// <summary>
/// N nodes on one machine: an underlay "switch" (a bridge in a namespace of its own), node namespaces
/// each with a veth `eth1` to it and an address 200.0.0.(10 × i)/24, and optionally an etcd host namespace
/// (200.0.0.2) running etcd. Dispose stops every agent and etcd and removes every namespace and temp dir,
/// whatever the test did.
/// </summary>
public sealed class TestCluster : IDisposable
{
    public const string EtcdAddress = "200.0.0.2";

    private const string SwitchBridge = "sw0";

    private readonly List<ClusterNode> _nodes = [];
    private readonly TestNamespace _switch;
    private TestNamespace? _etcdHost;
    private int _ports;

    public TestCluster()
    {
        _switch = TestNamespace.Create("hzc-sw");
        try
        {
            _switch.Ip("link", "add", SwitchBridge, "type", "bridge");
            _switch.Ip("link", "set", SwitchBridge, "up");
        }
        catch
        {
            _switch.Dispose();
            throw;
        }
    }

    public IReadOnlyList<ClusterNode> Nodes => _nodes;

    public EtcdServer? Etcd { get; private set; }

    /// <summary>The etcd endpoint for agents' --etcd.</summary>
    public string EtcdEndpoint => Etcd?.Endpoint ?? throw new InvalidOperationException("this cluster has no etcd: call StartEtcd");

    /// <summary>Creates the etcd host on the underlay and starts etcd there.</summary>
    public EtcdServer StartEtcd()
    {
        _etcdHost = TestNamespace.Create("hzc-etcd");
        Attach(_etcdHost, EtcdAddress);
        Etcd = new EtcdServer(_etcdHost);
        Etcd.Start();
        return Etcd;
    }

    /// <summary>Adds a node (node1, node2, ... unless named) on the underlay.</summary>
    public ClusterNode AddNode(string? name = null)
    {
        var index = _nodes.Count + 1;
        if (index > 25)
        {
            throw new InvalidOperationException("the underlay numbering (200.0.0.10 × i) stops at 25 nodes");
        }

        var address = $"200.0.0.{index * 10}";
        var testNode = new TestNode("hzc");
        var node = new ClusterNode(name ?? $"node{index}", index, address, testNode);
        _nodes.Add(node);
        Attach(testNode.Namespace, address);
        return node;
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
        _etcdHost?.Dispose();
        _switch.Dispose();
    }

    /// <summary>A veth from the switch into <paramref name="ns"/> (named eth1 there) with ADDRESS/24, both ends up, lo up.</summary>
    private void Attach(TestNamespace ns, string address)
    {
        var port = $"p{++_ports}";
        _switch.Ip("link", "add", port, "type", "veth", "peer", "name", ClusterNode.UnderlayInterface, "netns", ns.Name);
        _switch.Ip("link", "set", port, "master", SwitchBridge, "up");
        ns.Ip("addr", "add", $"{address}/24", "dev", ClusterNode.UnderlayInterface);
        ns.Ip("link", "set", ClusterNode.UnderlayInterface, "up");
        ns.Ip("link", "set", "lo", "up");
    }
}
