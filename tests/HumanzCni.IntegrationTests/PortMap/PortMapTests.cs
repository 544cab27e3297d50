using System.Text.RegularExpressions;
using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.PortMap;

/// <summary>
/// humanz-cni + humanz-portmap through libcni (cnictl): host ports reach the pod from everywhere they should, and DEL
/// leaves the node's ruleset as it was but for the empty host port layout, which a GC finding no pod takes away.
/// </summary>
public sealed class PortMapTests
{
    private const string Network = "hzt-net";

    [Fact]
    public void Tcp_and_udp_host_ports_reach_the_pod_from_another_host_the_node_and_the_pod_itself_and_del_restores_the_ruleset()
    {
        using var node = new TestNode("hzpm");
        using var host = new OtherHost(node);
        var pod = node.CreatePod("hzpm-pod");
        node.WriteConflist(Network, "1.0.0", node.Config(), node.PortMap());
        var mappings = PortMapConfigs.Mappings((8080, 80, "tcp"), (5353, 53, "udp"));
        var before = node.NftRuleset();

        var result = node.Cnictl("add", Network, pod.Path, "pm-1", capabilityArgs: mappings).EnsureSuccess("cnictl add");
        var podAddress = CniResults.PodAddress(result.Json());

        foreach (var protocol in new[] { "tcp", "udp" })
        {
            var (hostPort, port) = protocol == "tcp" ? (8080, 80) : (5353, 53);
            Assert.Equal(OtherHost.HostAddress, Socat.Exchange(pod, port, protocol, host.Name, OtherHost.NodeAddress, hostPort));
            Assert.Equal(OtherHost.NodeAddress, Socat.Exchange(pod, port, protocol, node.Namespace.Name, OtherHost.NodeAddress, hostPort));
            // From 127.0.0.1 the pod sees the bridge's address: it could not answer 127.0.0.1.
            Assert.Equal("100.100.1.1", Socat.Exchange(pod, port, protocol, node.Namespace.Name, "127.0.0.1", hostPort));
            // Hairpin: the pod reaches itself through the node's address, masqueraded to the bridge's.
            Assert.Equal("100.100.1.1", Socat.Exchange(pod, port, protocol, pod.Name, OtherHost.NodeAddress, hostPort));
        }

        // The mappings are elements of the fixed host port maps, commented with the attachment.
        var ruleset = node.NftRuleset();
        Assert.Matches($"tcp \\. 8080 comment \"hz:pm-1/eth0@[0-9a-f]{{16}}\" : {Regex.Escape(podAddress)} \\. 80", ruleset);
        Assert.Matches($"udp \\. 5353 comment \"hz:pm-1/eth0@[0-9a-f]{{16}}\" : {Regex.Escape(podAddress)} \\. 53", ruleset);
        node.Cnictl("check", Network, pod.Path, "pm-1", capabilityArgs: mappings).EnsureSuccess("cnictl check");

        node.Cnictl("del", Network, pod.Path, "pm-1", capabilityArgs: mappings).EnsureSuccess("cnictl del");
        var afterDel = node.NftRuleset();
        Assert.DoesNotContain("pm-1", afterDel);
        node.Cnictl("del", Network, pod.Path, "pm-1", capabilityArgs: mappings).EnsureSuccess("second cnictl del");
        Assert.Equal(afterDel, node.NftRuleset());
        node.AssertRulesetAsBeforeButTheEmptyHostPortLayout(Network, before);
    }

    [Fact]
    public void Deleting_one_pod_leaves_the_other_pods_mappings_in_place_and_working()
    {
        using var node = new TestNode("hzpm");
        using var host = new OtherHost(node);
        var first = node.CreatePod("hzpm-pod");
        var second = node.CreatePod("hzpm-pod");
        node.WriteConflist(Network, "1.0.0", node.Config(), node.PortMap());
        node.Cnictl("add", Network, first.Path, "pm-first", capabilityArgs: PortMapConfigs.Mappings((8081, 80, "tcp"))).EnsureSuccess("cnictl add first");
        var withFirstOnly = node.NftRuleset();
        node.Cnictl("add", Network, second.Path, "pm-second", capabilityArgs: PortMapConfigs.Mappings((8082, 80, "tcp"), (5300, 53, "udp"))).EnsureSuccess("cnictl add second");
        Assert.Equal(OtherHost.HostAddress, Socat.Exchange(first, 80, "tcp", host.Name, OtherHost.NodeAddress, 8081));

        node.Cnictl("del", Network, second.Path, "pm-second").EnsureSuccess("cnictl del second");

        Assert.Equal(withFirstOnly, node.NftRuleset());
        Assert.DoesNotContain("pm-second", node.NftRuleset());
        Assert.Equal(OtherHost.HostAddress, Socat.Exchange(first, 80, "tcp", host.Name, OtherHost.NodeAddress, 8081));
        Assert.Equal("", Socat.Exchange(second, 80, "tcp", host.Name, OtherHost.NodeAddress, 8082));
    }

    [Fact]
    public void Del_deletes_the_conntrack_entries_of_the_mapped_udp_ports()
    {
        using var node = new TestNode("hzpm");
        using var host = new OtherHost(node);
        var pod = node.CreatePod("hzpm-pod");
        node.WriteConflist(Network, "1.0.0", node.Config(), node.PortMap());
        var mappings = PortMapConfigs.Mappings((5454, 53, "udp"));
        node.Cnictl("add", Network, pod.Path, "ct-1", capabilityArgs: mappings).EnsureSuccess("cnictl add");

        // A flow through the mapping leaves a conntrack entry that ctnetlink finds and deletes by its original port.
        Assert.Equal(OtherHost.HostAddress, Socat.Exchange(pod, 53, "udp", host.Name, OtherHost.NodeAddress, 5454, sourcePort: 40123));
        Assert.True(DeleteUdpEntries(node, 5454) >= 1, "the flow's conntrack entry was not found");
        Assert.Equal(0, DeleteUdpEntries(node, 5454));

        // Once more, then DEL: a later flow on the same ports must not follow the entry to the pod that is gone.
        Assert.Equal(OtherHost.HostAddress, Socat.Exchange(pod, 53, "udp", host.Name, OtherHost.NodeAddress, 5454, sourcePort: 40123));
        node.Cnictl("del", Network, pod.Path, "ct-1", capabilityArgs: mappings).EnsureSuccess("cnictl del");
        Assert.Equal(0, DeleteUdpEntries(node, 5454));
    }

    [Fact]
    public void Add_without_a_prev_result_is_refused_with_code_7_and_del_without_one_succeeds()
    {
        using var node = new TestNode("hzpm");
        var pod = node.CreatePod("hzpm-pod");
        var config = node.PortMap();
        config["cniVersion"] = "1.0.0";
        config["name"] = Network;

        var add = node.Invoke("ADD", config, "pm-alone", pod.Path);
        PluginChecks.AssertCniError(add, 7, "prevResult", "chained");

        node.Invoke("DEL", config, "pm-alone", "").EnsureSuccess("DEL without prevResult or netns");
    }

    [Fact]
    public void The_reference_bridge_and_host_local_chained_with_humanz_portmap_map_the_port()
    {
        using var node = new TestNode("hzpm");
        using var host = new OtherHost(node, podSubnet: "100.100.2.0/24");
        var pod = node.CreatePod("hzpm-pod");
        var bridge = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "bridge",
            ["bridge"] = "cni-ref0",
            ["isGateway"] = true,
            ["isDefaultGateway"] = true,
            ["hairpinMode"] = true,
            ["ipam"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "host-local", ["subnet"] = "100.100.2.0/24", ["dataDir"] = node.DataDir },
        };
        node.WriteConflist(Network, "1.0.0", bridge, node.PortMap());
        var mappings = PortMapConfigs.Mappings((8443, 443, "tcp"));
        var before = node.NftRuleset();

        node.Cnictl("add", Network, pod.Path, "ref-1", capabilityArgs: mappings).EnsureSuccess("cnictl add");

        Assert.Equal(OtherHost.HostAddress, Socat.Exchange(pod, 443, "tcp", host.Name, OtherHost.NodeAddress, 8443));
        Assert.Equal("100.100.2.1", Socat.Exchange(pod, 443, "tcp", node.Namespace.Name, "127.0.0.1", 8443));
        node.Cnictl("check", Network, pod.Path, "ref-1", capabilityArgs: mappings).EnsureSuccess("cnictl check");
        node.Cnictl("del", Network, pod.Path, "ref-1", capabilityArgs: mappings).EnsureSuccess("cnictl del");
        node.AssertRulesetAsBeforeButTheEmptyHostPortLayout(Network, before);
    }

    private static int DeleteUdpEntries(TestNode node, int port) =>
        node.Namespace.Handle.Run(() =>
        {
            using var nf = HumanzCni.Netlink.NfTables.Open();
            return nf.Conntrack.DeleteUdpByOriginalDestinationPort([port]);
        });
}
