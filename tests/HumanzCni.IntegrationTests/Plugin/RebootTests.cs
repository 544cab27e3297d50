using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.Plugin;

/// <summary>
/// After a reboot the lease directory still holds the leases of containers that died with the node. The
/// first ADDs of the new boot reclaim them (here the recorded boot id is changed, as a reboot changes the
/// kernel's), so a full range serves new pods again, and concurrent first ADDs still never share an address.
/// </summary>
public sealed class RebootTests
{
    // A /29: gateway .1, broadcast .7, five pod addresses.
    private const int RangeSize = 5;

    [Fact]
    public void Concurrent_first_adds_after_a_reboot_reclaim_the_dead_leases_and_get_distinct_addresses()
    {
        using var node = new TestNode();
        var config = node.Config(subnet: "100.100.1.0/29");
        for (var i = 0; i < RangeSize; i++)
        {
            node.Invoke("ADD", config, $"before-{i}", node.CreatePod().Path).EnsureSuccess($"ADD before-{i}");
        }

        Assert.NotEqual(0, node.Invoke("ADD", config, "one-too-many", node.CreatePod().Path).ExitCode);
        SimulateReboot(node);

        var pods = Enumerable.Range(0, RangeSize).Select(_ => node.CreatePod()).ToArray();
        var results = new ProcessResult[RangeSize];
        var threads = Enumerable.Range(0, RangeSize).Select(i => new Thread(() => results[i] = node.Invoke("ADD", config, $"after-{i}", pods[i].Path))).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.All(results, r => r.EnsureSuccess("ADD after the reboot"));
        var leases = Enumerable.Range(0, RangeSize).Select(i => File.ReadAllText(LeaseOf(node, $"after-{i}"))).ToList();
        Assert.Equal(RangeSize, node.Leases().Distinct().Count());
        Assert.All(Enumerable.Range(0, RangeSize), i => Assert.Contains($"after-{i}", leases[i], StringComparison.Ordinal));
        Assert.DoesNotContain(node.Leases(), address => File.ReadAllText(Path.Combine(node.DataDir, "hzt-net", address)).StartsWith("before-", StringComparison.Ordinal));
        Assert.Contains("rebooted", File.ReadAllText(node.LogFile), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_reboot_the_leases_stay()
    {
        using var node = new TestNode();
        var config = node.Config(subnet: "100.100.1.0/29");
        node.Invoke("ADD", config, "live", node.CreatePod().Path).EnsureSuccess("ADD live");

        node.Invoke("ADD", config, "second", node.CreatePod().Path).EnsureSuccess("ADD second");

        Assert.Equal(2, node.Leases().Count);
    }

    /// <summary>What a reboot leaves: the leases on disk, the kernel's state gone, and another boot id.</summary>
    private static void SimulateReboot(TestNode node)
    {
        foreach (var veth in node.HostVeths())
        {
            node.Namespace.Ip("link", "del", veth);
        }

        File.WriteAllText(Path.Combine(node.DataDir, "hzt-net", "humanz.boot_id"), "00000000-0000-0000-0000-000000000000");
    }

    private static string LeaseOf(TestNode node, string containerId) =>
        node.Leases().Select(a => Path.Combine(node.DataDir, "hzt-net", a)).Single(path => File.ReadAllText(path).StartsWith(containerId + "\r\n", StringComparison.Ordinal));
}
