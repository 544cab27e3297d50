using System.Text.Json.Nodes;
using HumanzCni.IntegrationTests.Harness;
using HumanzCni.Stages.Veth;

namespace HumanzCni.IntegrationTests.Plugin;

/// <summary>
/// GC and DEL touch only their own network's attachments: two networks sharing one bridge, and a node with two
/// networks on two bridges. Which attachments are a network's comes from its leases, not from a veth's name or bridge.
/// </summary>
public sealed class NetworkScopeTests
{
    [Fact]
    public void Gc_of_one_network_on_a_shared_bridge_keeps_the_other_networks_pods()
    {
        using var node = new TestNode();
        var blue = node.Config(cniVersion: "1.1.0", name: "hzt-blue", subnet: "100.100.1.0/24");
        var green = node.Config(cniVersion: "1.1.0", name: "hzt-green", subnet: "100.100.2.0/24");
        node.Invoke("ADD", blue, "blue-1", node.CreatePod().Path).EnsureSuccess("ADD blue-1");
        node.Invoke("ADD", green, "green-1", node.CreatePod().Path).EnsureSuccess("ADD green-1");
        Assert.Equal(2, node.BridgePorts().Count);

        var gc = node.Config(cniVersion: "1.1.0", name: "hzt-blue", subnet: "100.100.1.0/24");
        gc["cni.dev/valid-attachments"] = new JsonArray();
        node.Invoke("GC", gc).EnsureSuccess("GC blue");

        Assert.Empty(node.Leases("hzt-blue"));
        Assert.Equal([HostVethName.For("green-1", "eth0")], node.BridgePorts());
        Assert.Single(node.Leases("hzt-green"));
    }

    [Fact]
    public void Gc_removes_a_stale_attachments_veth_even_when_it_never_reached_the_bridge()
    {
        using var node = new TestNode();
        var config = node.Config(cniVersion: "1.1.0");
        node.Invoke("ADD", config, "half-made", node.CreatePod().Path).EnsureSuccess("ADD");
        // What an ADD killed between creating the pair and attaching it leaves: a lease and an unattached veth.
        node.Namespace.Ip("link", "set", HostVethName.For("half-made", "eth0"), "nomaster");

        var gc = node.Config(cniVersion: "1.1.0");
        gc["cni.dev/valid-attachments"] = new JsonArray();
        node.Invoke("GC", gc).EnsureSuccess("GC");

        Assert.Empty(node.Leases());
        Assert.Empty(node.HostVeths());
    }

    [Fact]
    public void Del_on_one_network_leaves_a_veth_attached_to_another_networks_bridge()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var other = node.Config(name: "hzt-other", subnet: "100.100.2.0/24", bridge: "hzt-br2");
        node.Invoke("ADD", other, "ctr-x", pod.Path).EnsureSuccess("ADD on hzt-other");

        // The runtime asks the wrong network to DEL this attachment (e.g. after the node's conflist changed).
        node.Invoke("DEL", node.Config(), "ctr-x", pod.Path).EnsureSuccess("DEL on hzt-net");

        Assert.Equal([HostVethName.For("ctr-x", "eth0")], node.BridgePorts("hzt-br2"));
        Assert.Single(node.Leases("hzt-other"));
        node.Invoke("DEL", other, "ctr-x", pod.Path).EnsureSuccess("DEL on hzt-other");
        Assert.Empty(node.HostVeths());
        Assert.Empty(node.Leases("hzt-other"));
    }
}
