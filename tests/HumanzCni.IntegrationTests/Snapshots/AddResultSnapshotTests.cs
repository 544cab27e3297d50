using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.Snapshots;

/// <summary>
/// The real ADD result of the published binary, in each spec version, pinned as snapshots: any change to
/// what runtimes receive (fields added or lost per version, ordering of interfaces, address, routes, dns)
/// shows up as a snapshot diff to review. The container id is fixed, so the host veth name (derived from
/// it) is stable and stays in the snapshot; MACs and the pod namespace are masked.
/// </summary>
public sealed class AddResultSnapshotTests
{
    private const string ContainerId = "snapshot-ctr";

    [Theory]
    [InlineData("0.3.0")]
    [InlineData("0.3.1")]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    [InlineData("1.1.0")]
    public void Add_result_in_each_cni_version_matches_its_snapshot(string cniVersion)
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var config = node.Config(cniVersion).ToJsonString();

        var add = node.Invoke("ADD", config, ContainerId, pod.Path).EnsureSuccess($"ADD {cniVersion}");
        var result = PluginJson.MaskResult(PluginJson.Parse(add.StandardOutput), pod.Path);

        CommittedSnapshot.Match(result, cniVersion);
        node.Invoke("DEL", config, ContainerId, pod.Path).EnsureSuccess($"DEL {cniVersion}");
    }

    [Fact]
    public void Dual_stack_add_result_with_dns_and_routes_matches_its_snapshot()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var config = node.Config("1.1.0");
        config.Remove("subnet");
        config["mtu"] = 1400;
        config["ipam"]!["ranges"] = System.Text.Json.Nodes.JsonNode.Parse("""[[{"subnet":"100.100.1.0/24"}],[{"subnet":"fd00:100:1::/64"}]]""");
        config["ipam"]!["routes"] = System.Text.Json.Nodes.JsonNode.Parse("""[{"dst":"10.96.0.0/12"}]""");
        config["dns"] = System.Text.Json.Nodes.JsonNode.Parse("""{"nameservers":["10.96.0.10"],"search":["svc.cluster.local"],"options":["ndots:5"]}""");

        var add = node.Invoke("ADD", config.ToJsonString(), ContainerId, pod.Path).EnsureSuccess("dual-stack ADD");
        var result = PluginJson.MaskResult(PluginJson.Parse(add.StandardOutput), pod.Path);

        CommittedSnapshot.Match(result, "dual-stack");
        node.Invoke("DEL", config.ToJsonString(), ContainerId, pod.Path).EnsureSuccess("dual-stack DEL");
    }
}
