using System.Text.Json.Nodes;
using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.PortMap;

/// <summary>humanz-cni's ipMasq and forwarding rules: outside the node pods appear as the node, to the cluster range as themselves, even on a node whose iptables-nft FORWARD policy is drop (Docker's).</summary>
public sealed class MasqueradeTests
{
    private const string Network = "hzt-net";
    private const string ClusterAddress = "100.64.0.2";

    [Fact]
    public void Masqueraded_pods_reach_another_host_as_the_node_and_the_cluster_range_as_themselves_through_a_forward_drop_policy()
    {
        using var node = new TestNode("hzmq");
        using var host = new OtherHost(node);
        // The other host also stands for the cluster range (another node's pods): 100.64.0.0/16 via it.
        host.Namespace.Ip("addr", "add", $"{ClusterAddress}/32", "dev", "lo");
        node.Namespace.Ip("route", "add", "100.64.0.0/16", "via", OtherHost.HostAddress);
        // What Docker leaves on a node: iptables-nft's filter table with FORWARD policy drop.
        node.Nft("table ip filter {\n chain FORWARD {\n  type filter hook forward priority filter; policy drop;\n }\n}\n");
        var before = node.NftRuleset();
        var config = node.Config();
        config["ipMasq"] = true;
        config["nonMasqueradeCidrs"] = new JsonArray("100.64.0.0/16");
        node.WriteConflist(Network, "1.0.0", config);
        var first = node.CreatePod("hzmq-pod");
        var second = node.CreatePod("hzmq-pod");
        var firstAddress = CniResults.PodAddress(node.Cnictl("add", Network, first.Path, "mq-1").EnsureSuccess("cnictl add first").Json());
        var secondAddress = CniResults.PodAddress(node.Cnictl("add", Network, second.Path, "mq-2").EnsureSuccess("cnictl add second").Json());

        Assert.Equal(OtherHost.NodeAddress, Socat.Exchange(host.Namespace, 9000, "tcp", first.Name, OtherHost.HostAddress, 9000));
        Assert.Equal(firstAddress, Socat.Exchange(host.Namespace, 9000, "tcp", first.Name, ClusterAddress, 9000));
        Assert.Equal(OtherHost.NodeAddress, Socat.Exchange(host.Namespace, 9000, "udp", second.Name, OtherHost.HostAddress, 9000));
        node.Cnictl("check", Network, first.Path, "mq-1").EnsureSuccess("cnictl check");

        node.Cnictl("del", Network, first.Path, "mq-1").EnsureSuccess("cnictl del first");
        Assert.Equal(OtherHost.NodeAddress, Socat.Exchange(host.Namespace, 9000, "tcp", second.Name, OtherHost.HostAddress, 9000));
        Assert.Equal(secondAddress, Socat.Exchange(host.Namespace, 9000, "tcp", second.Name, ClusterAddress, 9000));

        node.Cnictl("del", Network, second.Path, "mq-2").EnsureSuccess("cnictl del second");
        Assert.Equal(before, node.NftRuleset());
    }

    [Fact]
    public void Without_ip_masq_pods_keep_their_address_and_a_network_without_rules_leaves_the_ruleset_alone()
    {
        using var node = new TestNode("hzmq");
        using var host = new OtherHost(node);
        node.WriteConflist(Network, "1.0.0", node.Config());
        var pod = node.CreatePod("hzmq-pod");
        var before = node.NftRuleset();

        var address = CniResults.PodAddress(node.Cnictl("add", Network, pod.Path, "nomq-1").EnsureSuccess("cnictl add").Json());

        Assert.Equal(before, node.NftRuleset());
        Assert.Equal(address, Socat.Exchange(host.Namespace, 9000, "tcp", pod.Name, OtherHost.HostAddress, 9000));
        node.Cnictl("del", Network, pod.Path, "nomq-1").EnsureSuccess("cnictl del");
    }
}
