using System.Text.Json.Nodes;
using HumanzCni.IntegrationTests.Harness;
using HumanzCni.IntegrationTests.PortMap;
using HumanzCni.Stages.Bandwidth;

namespace HumanzCni.IntegrationTests.Plugin;

/// <summary>
/// GC (1.1.0) of the chained humanz-portmap and humanz-bandwidth: what an attachment the runtime no longer lists
/// left (its port mapping rules, its ifb) goes, even with no cached result for the runtime to DEL it with (an ADD
/// killed before it finished); the listed attachment's and another network's stay.
/// </summary>
public sealed class ChainedGcTests
{
    [Fact]
    public void Gc_removes_the_port_mappings_and_ifb_of_an_unlisted_attachment_only()
    {
        using var node = new TestNode("hzt-gcx");
        var keep = node.CreatePod();
        var stale = node.CreatePod();
        var other = node.CreatePod();
        WriteNetwork(node, "hzt-net", node.Config("1.1.0"));
        WriteNetwork(node, "hzt-other", node.Config("1.1.0", "hzt-other", "100.100.2.0/24", "hzt-br2"));
        node.Chain("add", "hzt-net", keep.Path, "keep-1", capabilityArgs: CapabilityArgs(18081)).EnsureSuccess("chain add keep");
        node.Chain("add", "hzt-net", stale.Path, "stale-1", capabilityArgs: CapabilityArgs(18082)).EnsureSuccess("chain add stale");
        node.Chain("add", "hzt-other", other.Path, "other-1", capabilityArgs: CapabilityArgs(18083)).EnsureSuccess("chain add other");
        // No cached result: the runner cannot DEL the attachment, only the plugins' own GC can clean up after it.
        File.Delete(Path.Combine(node.CacheDir, "results", "hzt-net-stale-1-eth0"));

        ProcessRunner.Run("ip", ["netns", "exec", node.Namespace.Name, PluginBinary.Path, "chain", "gc", "hzt-net", "--valid", "keep-1/eth0",
            "--conf-dir", node.ConfDir, "--cache-dir", node.CacheDir, "--cni-path", PluginBinary.Directory]).EnsureSuccess("chain gc");

        var ruleset = node.NftRuleset();
        Assert.Contains("hz:keep-1/eth0@", ruleset);
        Assert.Contains("hz:other-1/eth0@", ruleset);
        Assert.DoesNotContain("hz:stale-1/", ruleset);
        var ifbs = node.Namespace.IpJson("link", "show", "type", "ifb").EnumerateArray().Select(l => l.GetProperty("ifname").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { IfbName.For("keep-1", "eth0"), IfbName.For("other-1", "eth0") }.Order(StringComparer.Ordinal), ifbs);
    }

    private static void WriteNetwork(TestNode node, string name, JsonObject main) =>
        node.WriteConflist(
            name,
            "1.1.0",
            main,
            node.PortMap(),
            new JsonObject { ["type"] = BandwidthPlugin.TypeName, ["capabilities"] = new JsonObject { ["bandwidth"] = true }, ["logFile"] = node.LogFile });

    private static string CapabilityArgs(int hostPort) => new JsonObject
    {
        ["portMappings"] = new JsonArray(new JsonObject { ["hostPort"] = hostPort, ["containerPort"] = 80, ["protocol"] = "tcp" }),
        ["bandwidth"] = new JsonObject { ["egressRate"] = 20_000_000, ["egressBurst"] = 524_288 },
    }.ToJsonString();
}
