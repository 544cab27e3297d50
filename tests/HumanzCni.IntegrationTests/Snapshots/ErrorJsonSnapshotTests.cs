using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.Snapshots;

/// <summary>
/// The error JSON the binary prints for bad input, pinned as snapshots: code, cniVersion and the message
/// a person will read in the runtime's logs. Every case fails before touching the kernel, so nothing is
/// masked; the exit code is checked too.
/// </summary>
public sealed class ErrorJsonSnapshotTests
{
    private const string ContainerId = "snapshot-ctr";

    /// <summary>
    /// The bad inputs by name; the switch below turns a valid config into each. The two subnet snapshots hold
    /// the message naming the top-level "subnet" field; the plugin currently says "subnet.subnet" (a bug).
    /// </summary>
    public static TheoryData<string> Cases => ["malformed-json", "bad-subnet", "subnet-host-bits", "unsupported-version", "unknown-type", "check-at-0.3.1", "ipam-dhcp", "bridge-too-long"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Error_json_for_bad_input_matches_its_snapshot(string name)
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var config = node.Config("1.0.0");
        var command = "ADD";
        string? stdin = null;
        switch (name)
        {
            case "malformed-json": stdin = """{"cniVersion":"1.0.0","name":"hzt-net","type":"humanz-cni","""; break;
            case "bad-subnet": config["subnet"] = "100.100.1.0/33"; break;
            case "subnet-host-bits": config["subnet"] = "100.100.1.7/24"; break;
            case "unsupported-version": config["cniVersion"] = "0.2.0"; break;
            case "unknown-type": config["type"] = "bridge"; break;
            case "check-at-0.3.1": config["cniVersion"] = "0.3.1"; command = "CHECK"; break;
            case "ipam-dhcp": config["ipam"]!["type"] = "dhcp"; break;
            case "bridge-too-long": config["bridge"] = "humanz-cni-bridge0"; break;
            default: throw new ArgumentOutOfRangeException(nameof(name), name, "no such case");
        }

        var run = node.Invoke(command, stdin ?? config.ToJsonString(), ContainerId, pod.Path);

        Assert.Equal(1, run.ExitCode);
        CommittedSnapshot.Match(PluginJson.Parse(run.StandardOutput), name);
        Assert.Empty(node.Leases()); // refused before any address was taken
    }
}
