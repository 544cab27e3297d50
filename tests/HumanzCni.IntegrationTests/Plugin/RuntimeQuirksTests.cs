using System.Text.Json.Nodes;
using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.Plugin;

/// <summary>Calls real runtimes make that a plain ADD/DEL cycle does not: containerd's second DEL, a repeated ADD.</summary>
public sealed class RuntimeQuirksTests
{
    [Fact]
    public void Containerds_second_del_without_netns_or_prev_result_succeeds()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var config = node.Config();
        node.Invoke("ADD", config, "ctr-del2", pod.Path).EnsureSuccess("ADD");
        node.Invoke("DEL", config, "ctr-del2", pod.Path).EnsureSuccess("first DEL");

        var second = node.Invoke("DEL", config, "ctr-del2", netns: "");

        Assert.True(second.ExitCode == 0, $"second DEL exited {second.ExitCode}: {second.StandardOutput} {second.StandardError}");
        Assert.Equal("", second.StandardOutput.Trim());
        Assert.Empty(node.Leases());
        Assert.Empty(node.HostVeths());
    }

    [Fact]
    public void Del_without_netns_still_releases_a_lease_and_removes_the_host_veth()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var config = node.Config();
        node.Invoke("ADD", config, "ctr-nonetns", pod.Path).EnsureSuccess("ADD");

        node.Invoke("DEL", config, "ctr-nonetns", netns: "").EnsureSuccess("DEL with empty CNI_NETNS");

        Assert.Empty(node.Leases());
        Assert.Empty(node.HostVeths());
    }

    [Fact]
    public void Repeated_add_of_the_same_attachment_is_refused_and_leaves_the_first_attachment_working()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var config = node.Config();
        var address = CniResults.PodAddress(node.Invoke("ADD", config, "ctr-twice", pod.Path).EnsureSuccess("first ADD").Json());
        var vethsBefore = node.HostVeths();

        var again = node.Invoke("ADD", config, "ctr-twice", pod.Path);

        PluginChecks.AssertCniError(again, 100, "already exists", "ctr-twice");
        Assert.Equal(vethsBefore, node.HostVeths());
        Assert.Equal(vethsBefore, node.BridgePorts());
        Assert.Contains(address, pod.Ip("-4", "addr", "show", "dev", "eth0"));
        Assert.True(PluginChecks.Ping(node.Namespace.Name, address), "the first attachment stopped answering after the refused ADD");
        // The refused ADD must not take back the lease the first ADD holds: otherwise the next pod gets
        // the same address while this one still uses it.
        Assert.Equal([address], node.Leases());
    }

    [Fact]
    public void A_refused_repeated_add_does_not_free_the_address_for_another_pod()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var other = node.CreatePod();
        // A range of exactly one address: once the first pod holds it, nobody else may get it.
        var config = node.Config();
        config.Remove("subnet");
        config["ipam"]!["ranges"] = JsonNode.Parse("""[[{"subnet":"100.100.1.0/24","rangeStart":"100.100.1.2","rangeEnd":"100.100.1.2"}]]""");
        var first = CniResults.PodAddress(node.Invoke("ADD", config, "ctr-dup", pod.Path).EnsureSuccess("first ADD").Json());
        Assert.Equal("100.100.1.2", first);
        Assert.NotEqual(0, node.Invoke("ADD", config, "ctr-dup", pod.Path).ExitCode);

        var next = node.Invoke("ADD", config, "ctr-next", other.Path);

        // Handing 100.100.1.2 out a second time would give two pods on one bridge the same address.
        PluginChecks.AssertCniError(next, 101);
        Assert.Equal(["100.100.1.2"], node.Leases());
    }
}
