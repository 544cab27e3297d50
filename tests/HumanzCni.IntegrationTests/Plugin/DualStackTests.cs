using System.Diagnostics;
using System.Text.Json.Nodes;
using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.Plugin;

/// <summary>ipam.ranges with an IPv4 and an IPv6 range set: one address of each, both default routes, no DAD wait.</summary>
public sealed class DualStackTests
{
    private static JsonObject DualStackConfig(TestNode node, string cniVersion = "1.0.0")
    {
        var config = node.Config(cniVersion);
        config.Remove("subnet");
        config["ipam"]!["ranges"] = JsonNode.Parse("""[[{"subnet":"100.100.1.0/24"}],[{"subnet":"fd00:100:1::/64"}]]""");
        return config;
    }

    [Fact]
    public void A_dual_stack_add_gives_both_addresses_both_default_routes_and_answers_ping6()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();

        var result = node.Invoke("ADD", DualStackConfig(node), "dual-1", pod.Path).EnsureSuccess("dual-stack ADD").Json();

        var ips = result.GetProperty("ips").EnumerateArray().ToList();
        Assert.Equal(2, ips.Count);
        Assert.All(ips, ip => Assert.Equal(2, ip.GetProperty("interface").GetInt32()));
        var v4 = CniResults.PodAddress(result);
        var v6 = CniResults.PodAddress(result, ipv6: true);
        Assert.StartsWith("100.100.1.", v4);
        Assert.StartsWith("fd00:100:1::", v6);
        Assert.Contains(ips, ip => ip.GetProperty("gateway").GetString() == "fd00:100:1::1");
        var routes = result.GetProperty("routes").EnumerateArray().Select(r => r.GetProperty("dst").GetString()).ToList();
        Assert.Contains("0.0.0.0/0", routes);
        Assert.Contains("::/0", routes);

        Assert.Contains(v4 + "/24", pod.Ip("-4", "addr", "show", "dev", "eth0"));
        Assert.Contains(v6 + "/64", pod.Ip("-6", "addr", "show", "dev", "eth0"));
        Assert.Contains("default via 100.100.1.1 dev eth0", pod.Ip("-4", "route", "show"));
        Assert.Contains("default via fd00:100:1::1 dev eth0", pod.Ip("-6", "route", "show"));
        Assert.Contains("fd00:100:1::1/64", node.Namespace.Ip("-6", "addr", "show", "dev", "humanz-cni0"));
        Assert.Equal(2, node.Leases().Count);

        Assert.True(PluginChecks.Ping(node.Namespace.Name, v6), $"node cannot ping6 the pod at {v6}");
        Assert.True(PluginChecks.Ping(pod.Name, "fd00:100:1::1"), "pod cannot ping6 its gateway");
        Assert.True(PluginChecks.Ping(node.Namespace.Name, v4), $"node cannot ping the pod at {v4}");

        node.Invoke("DEL", DualStackConfig(node), "dual-1", pod.Path).EnsureSuccess("DEL");
        Assert.Empty(node.Leases());
    }

    [Fact]
    public void The_pod_address_is_usable_at_once_not_tentative()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var clock = Stopwatch.StartNew();

        var result = node.Invoke("ADD", DualStackConfig(node), "dual-dad", pod.Path).EnsureSuccess("dual-stack ADD").Json();

        var elapsed = clock.Elapsed;
        var v6 = CniResults.PodAddress(result, ipv6: true);
        // Read right after ADD returns: with DAD the address would stay tentative for about a second.
        var addresses = pod.IpJson("-6", "addr", "show", "dev", "eth0")[0].GetProperty("addr_info").EnumerateArray().ToList();
        var ours = Assert.Single(addresses, a => a.GetProperty("local").GetString() == v6);
        Assert.False(ours.TryGetProperty("tentative", out _), $"{v6} is tentative: {ours}");
        Assert.False(ours.TryGetProperty("dadfailed", out _), $"{v6} failed DAD: {ours}");
        var gateway = node.Namespace.IpJson("-6", "addr", "show", "dev", "humanz-cni0")[0].GetProperty("addr_info").EnumerateArray()
            .Single(a => a.GetProperty("local").GetString() == "fd00:100:1::1");
        Assert.False(gateway.TryGetProperty("tentative", out _), $"the bridge's gateway address is tentative: {gateway}");
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"dual-stack ADD took {elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public void Check_passes_on_a_dual_stack_attachment()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        node.WriteConflist("hzt-net", "1.0.0", DualStackConfig(node));

        node.Cnictl("add", "hzt-net", pod.Path, "dual-check").EnsureSuccess("cnictl add");
        node.Cnictl("check", "hzt-net", pod.Path, "dual-check").EnsureSuccess("cnictl check");
        node.Cnictl("del", "hzt-net", pod.Path, "dual-check").EnsureSuccess("cnictl del");

        Assert.Empty(node.Leases());
        Assert.Empty(node.HostVeths());
    }
}
