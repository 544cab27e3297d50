using System.Net;

namespace HumanzCni.Testbed;

/// <summary>
/// N nodes on one machine: an underlay "switch" (a bridge in a namespace of its own), node namespaces
/// each with a veth `eth1` to it and an address 200.0.0.(10 × i)/24, and optionally an etcd host namespace
/// (200.0.0.2) running etcd. Every namespace, temp dir and process carries the cluster's prefix. Dispose
/// stops every agent and etcd and removes every namespace and temp dir, whatever happened before.
/// </summary>
public sealed class TestCluster : IDisposable
{
    public const string EtcdAddress = "200.0.0.2";

    private const string SwitchBridge = "sw0";
    private const int UnderlayPrefixLength = 24;

    private readonly List<ClusterNode> _nodes = [];
    private readonly string _prefix;
    private readonly TestNamespace _switch;
    private TestNamespace? _etcdHost;
    private int _ports;

    /// <param name="prefix">Names every namespace (PREFIX-sw-*, PREFIX-node-*, PREFIX-pod-*, PREFIX-etcd-*) and temp dir.</param>
    public TestCluster(string prefix = "hzc")
    {
        _prefix = prefix;
        _switch = TestNamespace.Create($"{prefix}-sw");
        try
        {
            _switch.Run(netlink =>
            {
                netlink.AddBridge(SwitchBridge, mtu: 0);
                netlink.SetUp(netlink.GetLink(SwitchBridge)!.Index);
            });
        }
        catch
        {
            _switch.Dispose();
            throw;
        }
    }

    public IReadOnlyList<ClusterNode> Nodes => _nodes;

    /// <summary>The underlay switch's namespace.</summary>
    public TestNamespace Switch => _switch;

    public EtcdServer? Etcd { get; private set; }

    /// <summary>The etcd endpoint for agents' --etcd.</summary>
    public string EtcdEndpoint => Etcd?.Endpoint ?? throw new InvalidOperationException("this cluster has no etcd: call StartEtcd");

    /// <summary>Creates the etcd host on the underlay and starts etcd there.</summary>
    public EtcdServer StartEtcd()
    {
        _etcdHost = TestNamespace.Create($"{_prefix}-etcd");
        Attach(_etcdHost, EtcdAddress);
        Etcd = new EtcdServer(_etcdHost, _prefix);
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
        var testNode = new TestNode(_prefix);
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
        _switch.Run(netlink =>
        {
            netlink.AddVethPair(port, ClusterNode.UnderlayInterface, ns.Handle, mtu: 0);
            var index = netlink.GetLink(port)!.Index;
            netlink.SetMaster(index, netlink.GetLink(SwitchBridge)!.Index);
            netlink.SetUp(index);
        });
        ns.Run(netlink =>
        {
            var underlay = netlink.GetLink(ClusterNode.UnderlayInterface)!.Index;
            netlink.AddAddress(underlay, IPAddress.Parse(address), UnderlayPrefixLength);
            netlink.SetUp(underlay);
            netlink.SetUp(netlink.GetLink("lo")!.Index);
        });
    }
}
