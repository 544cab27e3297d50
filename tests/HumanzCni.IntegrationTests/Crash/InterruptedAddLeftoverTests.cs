using HumanzCni.IntegrationTests.Harness;
using HumanzCni.Stages.Veth;

namespace HumanzCni.IntegrationTests.Crash;

/// <summary>
/// What an older version, killed between creating a pod's veth pair and attaching it to the bridge, left behind
/// once a GC had released its lease (GC finds veths through leases; NetworkScopeTests covers that part): a host veth
/// on no bridge with the pod's interface at its other end. A new ADD of the same container must replace it (this
/// version creates the pair attached, which the kill sweep checks).
/// </summary>
public sealed class InterruptedAddLeftoverTests
{
    [Fact]
    public void A_new_add_of_the_container_replaces_a_veth_pair_left_off_the_bridge()
    {
        using var node = new TestNode("hzk-re");
        var pod = node.CreatePod();
        var config = node.Config();
        node.Invoke("ADD", config, "other", node.CreatePod().Path).EnsureSuccess("ADD of another pod, which makes the bridge");
        var leftover = LeaveOffBridge(node, pod, "ctr-left");

        var address = CniResults.PodAddress(node.Invoke("ADD", config, "ctr-left", pod.Path).EnsureSuccess("ADD over the leftover").Json());

        Assert.Contains(leftover, node.BridgePorts());
        Assert.Contains(address, pod.Ip("-4", "addr", "show", "dev", "eth0"));
        Assert.True(PluginChecks.Ping(node.Namespace.Name, address), "the pod set up over the leftover does not answer");
    }

    /// <summary>The container's host veth, with eth0 in the pod, on no bridge: what the old two-step creation left when killed in between.</summary>
    private static string LeaveOffBridge(TestNode node, TestNamespace pod, string containerId)
    {
        var name = HostVethName.For(containerId, "eth0");
        node.Namespace.Run(netlink => netlink.AddVethPair(name, "eth0", pod.Handle, 0));
        return name;
    }
}
