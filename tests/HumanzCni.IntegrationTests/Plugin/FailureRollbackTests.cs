using System.Text.Json.Nodes;
using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.Plugin;

/// <summary>An ADD that fails after some stages already changed the node takes all of it back.</summary>
public sealed class FailureRollbackTests
{
    [Fact]
    public void Unreachable_peer_gateway_fails_at_the_route_stage_and_leaves_nothing_behind()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var config = node.Config();
        config["peers"] = JsonNode.Parse("""[{"subnet":"100.100.9.0/24","via":"198.51.100.7"}]""");

        var add = node.Invoke("ADD", config, "ctr-peer", pod.Path);

        PluginChecks.AssertCniError(add, 100, "route", "100.100.9.0/24");
        AssertNothingLeft(node, pod);
        Assert.DoesNotContain("100.100.9.0", node.Namespace.Ip("route", "show"));
    }

    [Fact]
    public void An_unreachable_pod_route_gateway_fails_in_the_pod_and_removes_the_veth_and_lease()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var config = node.Config();
        config["ipam"]!["routes"] = JsonNode.Parse("""[{"dst":"10.99.0.0/16","gw":"192.0.2.1"}]""");

        var add = node.Invoke("ADD", config, "ctr-podroute", pod.Path);

        PluginChecks.AssertCniError(add, 100, "10.99.0.0/16");
        AssertNothingLeft(node, pod);
    }

    [Fact]
    public void An_interface_name_taken_in_the_pod_is_refused_without_touching_that_interface()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        // The pod already has an eth0 (a veth pair of its own, since the dummy module may be missing).
        pod.Ip("link", "add", "eth0", "type", "veth", "peer", "name", "own0");

        var add = node.Invoke("ADD", node.Config(), "ctr-taken", pod.Path);

        PluginChecks.AssertCniError(add, 100, "eth0");
        Assert.Empty(node.Leases());
        Assert.Empty(node.HostVeths());
        // The undo must not delete the pod's own eth0 (the pair's other end own0 shows it is still that one).
        var eth0 = pod.IpJson("link", "show", "dev", "eth0")[0];
        Assert.Equal("own0", eth0.GetProperty("link").GetString());
    }

    [Fact]
    public void A_later_add_after_a_failed_one_gets_the_first_address_again()
    {
        using var node = new TestNode();
        var failing = node.CreatePod();
        var pod = node.CreatePod();
        var bad = node.Config();
        bad["peers"] = JsonNode.Parse("""[{"subnet":"100.100.9.0/24","via":"198.51.100.7"}]""");
        Assert.NotEqual(0, node.Invoke("ADD", bad, "ctr-fail", failing.Path).ExitCode);

        var add = node.Invoke("ADD", node.Config(), "ctr-ok", pod.Path).EnsureSuccess("ADD after a failed ADD");

        Assert.StartsWith("100.100.1.", CniResults.PodAddress(add.Json()));
        Assert.Single(node.Leases());
        Assert.Single(node.HostVeths());
    }

    private static void AssertNothingLeft(TestNode node, TestNamespace pod)
    {
        Assert.Empty(node.Leases());
        Assert.Empty(node.HostVeths());
        Assert.All(node.LinkNames(), name => Assert.Contains(name, (string[])["lo", "humanz-cni0"]));
        Assert.DoesNotContain(pod.IpJson("link", "show").EnumerateArray(), l => l.GetProperty("ifname").GetString() == "eth0");
    }
}
