using System.Text.Json.Nodes;
using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.ChainRunner;

/// <summary>
/// The same conflist through libcni (cnictl) on one node and through `humanz-cni chain` on another:
/// the ADD results must be equal once MACs, sandboxes and derived link names are masked, CHECK must end
/// the same way, and DEL through each must leave its node as it was.
/// </summary>
public sealed class ChainVersusLibcniTests
{
    private const string PortAndBandwidth = """
        {"portMappings":[{"hostPort":18080,"containerPort":80,"protocol":"tcp"}],
         "bandwidth":{"ingressRate":1000000,"ingressBurst":100000,"egressRate":1000000,"egressBurst":100000}}
        """;

    [Fact]
    public void Humanz_cni_alone_gives_libcnis_result_and_check_and_del_agree()
    {
        using var libcniNode = new TestNode("hzt-cl");
        using var chainNode = new TestNode("hzt-ch");
        var libcniPod = libcniNode.CreatePod();
        var chainPod = chainNode.CreatePod();
        libcniNode.WriteConflist("hzt-net", "1.0.0", libcniNode.Config());
        chainNode.WriteConflist("hzt-net", "1.0.0", chainNode.Config());

        var expected = libcniNode.Cnictl("add", "hzt-net", libcniPod.Path, "same-1").EnsureSuccess("cnictl add");
        var actual = chainNode.Chain("add", "hzt-net", chainPod.Path, "same-1").EnsureSuccess("chain add");

        AssertSameResult(expected.StandardOutput, actual.StandardOutput);
        libcniNode.Cnictl("check", "hzt-net", libcniPod.Path, "same-1").EnsureSuccess("cnictl check");
        chainNode.Chain("check", "hzt-net", chainPod.Path, "same-1").EnsureSuccess("chain check");
        libcniNode.Cnictl("del", "hzt-net", libcniPod.Path, "same-1").EnsureSuccess("cnictl del");
        chainNode.Chain("del", "hzt-net", chainPod.Path, "same-1").EnsureSuccess("chain del");
        AssertNothingLeft(chainNode, chainPod);
        AssertNothingLeft(libcniNode, libcniPod);
    }

    [Fact]
    public void Humanz_cni_then_reference_portmap_bandwidth_and_tuning_give_libcnis_result()
    {
        using var libcniNode = new TestNode("hzt-cl");
        using var chainNode = new TestNode("hzt-ch");
        var libcniPod = libcniNode.CreatePod();
        var chainPod = chainNode.CreatePod();
        foreach (var node in new[] { libcniNode, chainNode })
        {
            node.WriteConflist(
                "hzt-net",
                "1.0.0",
                node.Config(),
                new JsonObject { ["type"] = "portmap", ["capabilities"] = new JsonObject { ["portMappings"] = true }, ["snat"] = true },
                new JsonObject { ["type"] = "bandwidth", ["capabilities"] = new JsonObject { ["bandwidth"] = true } },
                new JsonObject { ["type"] = "tuning", ["sysctl"] = new JsonObject { ["net.core.somaxconn"] = "512" } });
        }

        var expected = libcniNode.Cnictl("add", "hzt-net", libcniPod.Path, "same-2", capabilityArgs: PortAndBandwidth).EnsureSuccess("cnictl add");
        var actual = chainNode.Chain("add", "hzt-net", chainPod.Path, "same-2", capabilityArgs: PortAndBandwidth).EnsureSuccess("chain add");

        AssertSameResult(expected.StandardOutput, actual.StandardOutput);
        foreach (var (node, pod) in new[] { (libcniNode, libcniPod), (chainNode, chainPod) })
        {
            Assert.Contains("dpt:18080", Iptables(node, "-t", "nat", "-L", "-n"));
            Assert.Contains("512", TestNamespaceSysctl(pod.Name, "net.core.somaxconn"));
            Assert.Single(node.Namespace.IpJson("link", "show", "type", "ifb").EnumerateArray());
        }

        // Debian's portmap 1.1.1 fails CHECK on IPv4-only pods (it looks for an IPv6 chain): the runner must end the same way as libcni.
        var libcniCheck = libcniNode.Cnictl("check", "hzt-net", libcniPod.Path, "same-2", capabilityArgs: PortAndBandwidth);
        var chainCheck = chainNode.Chain("check", "hzt-net", chainPod.Path, "same-2", capabilityArgs: PortAndBandwidth);
        Assert.Equal(libcniCheck.ExitCode == 0, chainCheck.ExitCode == 0);

        libcniNode.Cnictl("del", "hzt-net", libcniPod.Path, "same-2", capabilityArgs: PortAndBandwidth).EnsureSuccess("cnictl del");
        chainNode.Chain("del", "hzt-net", chainPod.Path, "same-2", capabilityArgs: PortAndBandwidth).EnsureSuccess("chain del");
        foreach (var (node, pod) in new[] { (libcniNode, libcniPod), (chainNode, chainPod) })
        {
            AssertNothingLeft(node, pod);
            Assert.Empty(node.Namespace.IpJson("link", "show", "type", "ifb").EnumerateArray());
            Assert.DoesNotContain("dpt:18080", Iptables(node, "-t", "nat", "-L", "-n"));
        }
    }

    [Fact]
    public void Reference_bridge_then_humanz_portmap_and_humanz_bandwidth_give_libcnis_result()
    {
        using var libcniNode = new TestNode("hzt-cl");
        using var chainNode = new TestNode("hzt-ch");
        var libcniPod = libcniNode.CreatePod();
        var chainPod = chainNode.CreatePod();
        foreach (var node in new[] { libcniNode, chainNode })
        {
            var ipam = new JsonObject
            {
                ["type"] = "host-local",
                ["ranges"] = new JsonArray(new JsonArray(new JsonObject { ["subnet"] = "100.101.1.0/24" })),
                ["routes"] = new JsonArray(new JsonObject { ["dst"] = "0.0.0.0/0" }),
                ["dataDir"] = node.DataDir,
            };
            node.WriteConflist(
                "hzt-net",
                "1.0.0",
                new JsonObject { ["type"] = "bridge", ["bridge"] = "refb0", ["isGateway"] = true, ["hairpinMode"] = true, ["ipam"] = ipam },
                new JsonObject { ["type"] = "humanz-portmap", ["capabilities"] = new JsonObject { ["portMappings"] = true }, ["logFile"] = node.LogFile },
                new JsonObject { ["type"] = "humanz-bandwidth", ["capabilities"] = new JsonObject { ["bandwidth"] = true }, ["logFile"] = node.LogFile });
        }

        var rulesetBefore = chainNode.NftRuleset();
        var expected = libcniNode.Cnictl("add", "hzt-net", libcniPod.Path, "same-3", capabilityArgs: PortAndBandwidth).EnsureSuccess("cnictl add");
        var actual = chainNode.Chain("add", "hzt-net", chainPod.Path, "same-3", capabilityArgs: PortAndBandwidth).EnsureSuccess("chain add");

        AssertSameResult(expected.StandardOutput, actual.StandardOutput);
        foreach (var node in new[] { libcniNode, chainNode })
        {
            Assert.Contains("tcp . 18080 comment \"hz:same-3/eth0@", node.NftRuleset());
            Assert.Single(node.Namespace.IpJson("link", "show", "type", "ifb").EnumerateArray());
        }

        libcniNode.Cnictl("check", "hzt-net", libcniPod.Path, "same-3", capabilityArgs: PortAndBandwidth).EnsureSuccess("cnictl check");
        chainNode.Chain("check", "hzt-net", chainPod.Path, "same-3", capabilityArgs: PortAndBandwidth).EnsureSuccess("chain check");
        libcniNode.Cnictl("del", "hzt-net", libcniPod.Path, "same-3", capabilityArgs: PortAndBandwidth).EnsureSuccess("cnictl del");
        chainNode.Chain("del", "hzt-net", chainPod.Path, "same-3", capabilityArgs: PortAndBandwidth).EnsureSuccess("chain del");
        foreach (var (node, pod) in new[] { (libcniNode, libcniPod), (chainNode, chainPod) })
        {
            Assert.Empty(node.Namespace.IpJson("link", "show", "type", "veth").EnumerateArray());
            Assert.Empty(node.Namespace.IpJson("link", "show", "type", "ifb").EnumerateArray());
            Assert.Empty(node.Leases());
            Assert.DoesNotContain("eth0", pod.Ip("link", "show"));
        }

        chainNode.AssertRulesetAsBeforeButTheEmptyHostPortLayout("hzt-net", rulesetBefore);
    }

    private static void AssertSameResult(string libcni, string chain)
    {
        var expected = ResultNormalizer.Normalize(libcni);
        var actual = ResultNormalizer.Normalize(chain);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"libcni:\n{expected}\nchain runner:\n{actual}");
    }

    internal static void AssertNothingLeft(TestNode node, TestNamespace pod)
    {
        Assert.Empty(node.HostVeths());
        Assert.Empty(node.Leases());
        Assert.Empty(node.CacheEntries());
        Assert.DoesNotContain("eth0", pod.Ip("link", "show"));
    }

    private static string Iptables(TestNode node, params string[] args)
    {
        var (exitCode, stdout, stderr) = ProcessRunner.Run("ip", ["netns", "exec", node.Namespace.Name, "iptables", .. args]);
        Assert.True(exitCode == 0, $"iptables {string.Join(' ', args)}: {stderr}");
        return stdout;
    }

    private static string TestNamespaceSysctl(string pod, string key)
    {
        var (exitCode, stdout, stderr) = ProcessRunner.Run("ip", ["netns", "exec", pod, "sysctl", "-n", key]);
        Assert.True(exitCode == 0, $"sysctl {key} in {pod}: {stderr}");
        return stdout;
    }
}
