using System.Text.Json.Nodes;
using HumanzCni.IntegrationTests.Harness;
using HumanzCni.Stages.Veth;

namespace HumanzCni.IntegrationTests.Plugin;

/// <summary>The verbs besides ADD/DEL/CHECK: VERSION, and 1.1.0's GC and STATUS.</summary>
public sealed class VersionGcStatusTests
{
    [Theory]
    [InlineData("""{"cniVersion":"1.0.0"}""", "1.0.0")]
    [InlineData("", "1.1.0")]
    public void Version_lists_every_supported_spec_version(string stdin, string answeredIn)
    {
        using var node = new TestNode();

        var result = node.Invoke("VERSION", stdin).EnsureSuccess("VERSION");

        var json = result.Json();
        Assert.Equal(answeredIn, json.GetProperty("cniVersion").GetString());
        var supported = json.GetProperty("supportedVersions").EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.Equal(["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"], supported.Order());
    }

    [Theory]
    [InlineData("cni.dev/valid-attachments")]
    [InlineData("cni.dev/attachments")]
    public void Gc_releases_the_leases_of_attachments_not_listed_and_keeps_the_listed(string key)
    {
        using var node = new TestNode();
        var config = node.Config(cniVersion: "1.1.0");
        var addresses = new Dictionary<string, string>();
        foreach (var id in (string[])["gc-keep-1", "gc-drop", "gc-keep-2"])
        {
            addresses[id] = CniResults.PodAddress(node.Invoke("ADD", config, id, node.CreatePod().Path).EnsureSuccess($"ADD {id}").Json());
        }

        var gc = node.Config(cniVersion: "1.1.0");
        gc[key] = JsonNode.Parse("""[{"containerID":"gc-keep-1","ifname":"eth0"},{"containerID":"gc-keep-2","ifname":"eth0"}]""");
        var result = node.Invoke("GC", gc);

        result.EnsureSuccess("GC");
        Assert.Equal("", result.StandardOutput.Trim());
        Assert.Equal(new[] { addresses["gc-keep-1"], addresses["gc-keep-2"] }.Order(), node.Leases().Order());

        // The dropped attachment's veth leaves the bridge too; the kept ones stay.
        Assert.Equal(
            new[] { HostVethName.For("gc-keep-1", "eth0"), HostVethName.For("gc-keep-2", "eth0") }.Order(),
            node.BridgePorts().Order());
    }

    [Fact]
    public void Gc_keeps_nothing_of_an_attachment_listed_with_another_ifname()
    {
        using var node = new TestNode();
        var config = node.Config(cniVersion: "1.1.0");
        node.Invoke("ADD", config, "gc-if", node.CreatePod().Path).EnsureSuccess("ADD");

        var gc = node.Config(cniVersion: "1.1.0");
        gc["cni.dev/valid-attachments"] = JsonNode.Parse("""[{"containerID":"gc-if","ifname":"net1"}]""");
        node.Invoke("GC", gc).EnsureSuccess("GC");

        Assert.Empty(node.Leases());
    }

    [Fact]
    public void Status_on_a_ready_node_exits_zero_with_empty_stdout()
    {
        using var node = new TestNode();

        var result = node.Invoke("STATUS", node.Config(cniVersion: "1.1.0"));

        result.EnsureSuccess("STATUS");
        Assert.Equal("", result.StandardOutput.Trim());
    }

    [Fact]
    public void Status_with_version_1_0_0_is_refused()
    {
        using var node = new TestNode();

        PluginChecks.AssertCniError(node.Invoke("STATUS", node.Config(cniVersion: "1.0.0")), 1, "STATUS", "1.1.0");
    }

    [Fact]
    public void Status_when_the_range_is_full_is_not_ready_and_add_is_exhausted()
    {
        using var node = new TestNode();
        // 100.100.1.0/29: hosts .1-.6, .1 is the gateway, so five addresses for pods.
        var config = node.Config(cniVersion: "1.1.0", subnet: "100.100.1.0/29");
        for (var i = 0; i < 5; i++)
        {
            node.Invoke("ADD", config, $"full-{i}", node.CreatePod().Path).EnsureSuccess($"ADD {i}");
        }

        Assert.Equal(5, node.Leases().Count);

        PluginChecks.AssertCniError(node.Invoke("STATUS", config), 50, "100.100.1.0/29");
        PluginChecks.AssertCniError(node.Invoke("ADD", config, "full-6", node.CreatePod().Path), 101, "100.100.1.0/29");
        Assert.Equal(5, node.Leases().Count);
        Assert.Equal(5, node.HostVeths().Count);

        node.Invoke("DEL", config, "full-0", "").EnsureSuccess("DEL");
        node.Invoke("STATUS", config).EnsureSuccess("STATUS once an address is free again");
    }

    [Fact]
    public void Status_when_the_lease_store_is_not_writable_is_not_ready()
    {
        using var node = new TestNode();
        var blocker = Path.Combine(node.Directory, "a-file");
        File.WriteAllText(blocker, "");
        var config = node.Config(cniVersion: "1.1.0");
        config["ipam"]!["dataDir"] = Path.Combine(blocker, "leases");

        var result = node.Invoke("STATUS", config);

        PluginChecks.AssertCniError(result, 50, blocker);
    }
}
