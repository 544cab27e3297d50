using System.Text.Json.Nodes;
using HumanzCni.IntegrationTests.Harness;
using HumanzCni.Stages.Bandwidth;

namespace HumanzCni.IntegrationTests.Plugin;

/// <summary>
/// humanz-bandwidth chained after humanz-cni (and after the reference bridge plugin) through libcni: the
/// pod's throughput each way is what was configured, and DEL leaves no qdisc or ifb behind.
/// </summary>
public sealed class BandwidthTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Network = "hzt-bw";

    // Low enough that two busy shared cores sustain them; bursts of 64 KiB, a few ms of traffic at these rates.
    private const long TenMbit = 10_000_000;
    private const long TwentyMbit = 20_000_000;
    private const long Burst = 524_288;

    [Fact]
    public void Capability_limits_shape_the_pod_both_ways_and_del_leaves_no_ifb()
    {
        using var node = new TestNode("hzbw");
        var pod = node.CreatePod("hzbw-pod");
        node.WriteConflist(Network, "1.0.0", node.Config(name: Network), BandwidthConfig(node, capability: true));
        var capArgs = new JsonObject
        {
            ["bandwidth"] = new JsonObject { ["ingressRate"] = TenMbit, ["ingressBurst"] = Burst, ["egressRate"] = TwentyMbit, ["egressBurst"] = Burst },
        }.ToJsonString();

        var result = node.Cnictl("add", Network, pod.Path, "bw-cap", capabilityArgs: capArgs).EnsureSuccess("cnictl add");
        var address = CniResults.PodAddress(result.Json());

        AssertNear(TenMbit, Iperf.IntoPod(node.Namespace.Name, pod.Name, address), "into the pod");
        AssertNear(TwentyMbit, Iperf.FromPod(node.Namespace.Name, pod.Name, address), "from the pod");
        Assert.Single(node.Ifbs());
        node.Cnictl("check", Network, pod.Path, "bw-cap", capabilityArgs: capArgs).EnsureSuccess("cnictl check");

        node.Cnictl("del", Network, pod.Path, "bw-cap", capabilityArgs: capArgs).EnsureSuccess("cnictl del");
        Assert.Empty(node.Ifbs());
        Assert.Empty(node.HostVeths());
        node.Cnictl("del", Network, pod.Path, "bw-cap", capabilityArgs: capArgs).EnsureSuccess("second cnictl del");
    }

    [Fact]
    public void Static_config_limits_shape_the_pod_both_ways()
    {
        using var node = new TestNode("hzbw");
        var pod = node.CreatePod("hzbw-pod");
        node.WriteConflist(Network, "1.0.0", node.Config(name: Network), BandwidthConfig(node, ingressRate: TwentyMbit, egressRate: TenMbit));

        var address = CniResults.PodAddress(node.Cnictl("add", Network, pod.Path, "bw-static").EnsureSuccess("cnictl add").Json());

        AssertNear(TwentyMbit, Iperf.IntoPod(node.Namespace.Name, pod.Name, address), "into the pod");
        AssertNear(TenMbit, Iperf.FromPod(node.Namespace.Name, pod.Name, address), "from the pod");
        node.Cnictl("check", Network, pod.Path, "bw-static").EnsureSuccess("cnictl check");
        node.Cnictl("del", Network, pod.Path, "bw-static").EnsureSuccess("cnictl del");
        Assert.Empty(node.Ifbs());
    }

    [Fact]
    public void Del_of_the_bandwidth_plugin_alone_unshapes_the_host_veth_and_works_without_netns_or_prevResult()
    {
        using var node = new TestNode("hzbw");
        var pod = node.CreatePod("hzbw-pod");
        node.WriteConflist(Network, "1.0.0", node.Config(name: Network), BandwidthConfig(node, ingressRate: TenMbit, egressRate: TenMbit));
        var prevResult = node.Cnictl("add", Network, pod.Path, "bw-del").EnsureSuccess("cnictl add").StandardOutput;
        var veth = Assert.Single(node.HostVeths());
        Assert.Equal(["ingress", "tbf"], node.QdiscKinds(veth));

        var config = BandwidthConfig(node, ingressRate: TenMbit, egressRate: TenMbit);
        config["cniVersion"] = "1.0.0";
        config["name"] = Network;
        config["prevResult"] = JsonNode.Parse(prevResult);
        node.Invoke("DEL", config, "bw-del", pod.Path).EnsureSuccess("humanz-bandwidth DEL");

        Assert.Empty(node.QdiscKinds(veth));
        Assert.Empty(node.Ifbs());
        Assert.True(PluginChecks.Ping(node.Namespace.Name, CniResults.PodAddress(System.Text.Json.JsonDocument.Parse(prevResult).RootElement)), "the pod lost connectivity");
        config.Remove("prevResult");
        node.Invoke("DEL", config, "bw-del", netns: "").EnsureSuccess("humanz-bandwidth DEL without netns and prevResult");
    }

    [Fact]
    public void Check_fails_naming_the_veth_once_its_shaping_was_removed()
    {
        using var node = new TestNode("hzbw");
        var pod = node.CreatePod("hzbw-pod");
        node.WriteConflist(Network, "1.0.0", node.Config(name: Network), BandwidthConfig(node, ingressRate: TenMbit));
        node.Cnictl("add", Network, pod.Path, "bw-check").EnsureSuccess("cnictl add");
        var veth = Assert.Single(node.HostVeths());
        Assert.Empty(node.Ifbs());

        node.Tc("qdisc", "del", "dev", veth, "root");
        var check = node.Cnictl("check", Network, pod.Path, "bw-check");

        Assert.NotEqual(0, check.ExitCode);
        Assert.Contains(veth, check.StandardOutput + check.StandardError);
        Assert.Contains("should be shaped", check.StandardOutput + check.StandardError);
    }

    [Fact]
    public void Failed_add_undoes_the_ingress_shaping_and_leaves_a_foreign_ifb_alone()
    {
        using var node = new TestNode("hzbw");
        var pod = node.CreatePod("hzbw-pod");
        node.WriteConflist(Network, "1.0.0", node.Config(name: Network), BandwidthConfig(node, ingressRate: TenMbit, egressRate: TenMbit));
        var ifb = IfbName.For("bw-undo", "eth0");
        node.Namespace.Ip("link", "add", ifb, "type", "ifb");

        var add = node.Cnictl("add", Network, pod.Path, "bw-undo");

        Assert.NotEqual(0, add.ExitCode);
        Assert.Contains(ifb, add.StandardOutput + add.StandardError);
        // humanz-cni's part stays until the runtime's DEL; humanz-bandwidth took back its own qdisc.
        Assert.Empty(node.QdiscKinds(Assert.Single(node.HostVeths())));
        Assert.Equal([ifb], node.Ifbs());
    }

    [Fact]
    public void Chained_after_the_reference_bridge_and_host_local_plugins_it_shapes_their_veth()
    {
        using var node = new TestNode("hzbw");
        var pod = node.CreatePod("hzbw-pod");
        var bridge = new JsonObject
        {
            ["type"] = "bridge",
            ["bridge"] = "hzrbr0",
            ["isGateway"] = true,
            ["ipam"] = new JsonObject { ["type"] = "host-local", ["subnet"] = "100.100.7.0/24", ["dataDir"] = node.DataDir },
        };
        node.WriteConflist(Network, "1.0.0", bridge, BandwidthConfig(node, ingressRate: TenMbit, egressRate: TwentyMbit));

        var result = node.Cnictl("add", Network, pod.Path, "bw-ref").EnsureSuccess("cnictl add").Json();
        var veth = Assert.Single(node.HostVeths());

        Assert.StartsWith("veth", veth);
        Assert.Contains(result.GetProperty("interfaces").EnumerateArray(), i => i.GetProperty("name").GetString() == veth);
        Assert.Equal(["ingress", "tbf"], node.QdiscKinds(veth));
        var ifb = Assert.Single(node.Ifbs());
        Assert.Contains("rate 20Mbit", node.Tc("qdisc", "show", "dev", ifb));
        Assert.Contains("rate 10Mbit", node.Tc("qdisc", "show", "dev", veth));
        node.Cnictl("check", Network, pod.Path, "bw-ref").EnsureSuccess("cnictl check");

        node.Cnictl("del", Network, pod.Path, "bw-ref").EnsureSuccess("cnictl del");
        Assert.Empty(node.Ifbs());
        Assert.Empty(node.HostVeths());
    }

    [Theory]
    [InlineData("ingressRate", TenMbit, "ingressBurst")]
    [InlineData("egressBurst", Burst, "egressRate")]
    [InlineData("ingressRate", -1, "ingressRate")]
    public void Bad_limits_are_refused_with_code_7_naming_the_field(string field, long value, string named)
    {
        using var node = new TestNode("hzbw");
        var config = new JsonObject { ["cniVersion"] = "1.0.0", ["name"] = Network, ["type"] = "humanz-bandwidth", ["logFile"] = node.LogFile, [field] = value };
        config["prevResult"] = new JsonObject { ["cniVersion"] = "1.0.0", ["interfaces"] = new JsonArray() };

        PluginChecks.AssertCniError(node.Invoke("ADD", config, "bw-bad", "/var/run/netns/none"), 7, named);
    }

    [Fact]
    public void Add_without_prevResult_is_refused_with_code_7()
    {
        using var node = new TestNode("hzbw");
        var pod = node.CreatePod("hzbw-pod");
        var config = BandwidthConfig(node, ingressRate: TenMbit);
        config["cniVersion"] = "1.0.0";
        config["name"] = Network;

        PluginChecks.AssertCniError(node.Invoke("ADD", config, "bw-noprev", pod.Path), 7, "prevResult");
    }

    private static JsonObject BandwidthConfig(TestNode node, bool capability = false, long ingressRate = 0, long egressRate = 0)
    {
        var config = new JsonObject { ["type"] = BandwidthPlugin.TypeName, ["logFile"] = node.LogFile };
        if (capability)
        {
            config["capabilities"] = new JsonObject { ["bandwidth"] = true };
        }

        if (ingressRate > 0)
        {
            config["ingressRate"] = ingressRate;
            config["ingressBurst"] = Burst;
        }

        if (egressRate > 0)
        {
            config["egressRate"] = egressRate;
            config["egressBurst"] = Burst;
        }

        return config;
    }

    private void AssertNear(long configured, double measured, string direction)
    {
        output.WriteLine($"throughput {direction}: {measured / 1e6:F2} Mbit/s, configured {configured / 1e6:F2} Mbit/s");
        Assert.True(
            Math.Abs(measured - configured) <= configured * 0.2,
            $"throughput {direction}: measured {measured / 1e6:F2} Mbit/s, configured {configured / 1e6:F2} Mbit/s (allowed ±20%)");
    }
}
