using System.Text.Json.Nodes;
using HumanzCni.IntegrationTests.Harness;
using HumanzCni.Native;

namespace HumanzCni.IntegrationTests.Plugin;

/// <summary>
/// One lease directory, the reference host-local and humanz-cni taking turns on it (a node going from one to the
/// other and back): host-local's DEL takes humanz-cni's index names with the leases (they are links to the same
/// file, and it deletes every file holding the attachment's contents), a lease host-local wrote into a directory
/// humanz-cni had sealed is found by humanz-cni's next call, whose index it was never in, and the spare lease file
/// humanz-cni's DEL keeps is passed over by host-local and becomes humanz-cni's next lease.
/// </summary>
public sealed class HostLocalTakeoverTests
{
    private const string Subnet = "100.100.1.0/24";

    [Fact]
    public void Host_locals_del_of_an_attachment_humanz_cni_added_leaves_no_file_of_it()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        node.Invoke("ADD", node.Config(subnet: Subnet), "c1", pod.Path).EnsureSuccess("humanz-cni ADD");
        var lease = Assert.Single(node.Leases());
        Assert.Equal([lease, .. IndexNames(node)], AttachmentFiles(node));
        Assert.Single(IndexNames(node));

        node.Invoke("DEL", HostLocalConfig(node), "c1", pod.Path, plugin: HostLocal).EnsureSuccess("host-local DEL");

        Assert.Empty(AttachmentFiles(node));
    }

    [Fact]
    public void A_lease_host_local_wrote_into_a_sealed_directory_is_found_by_humanz_cnis_next_calls()
    {
        using var node = new TestNode();
        var config = node.Config(subnet: Subnet);
        node.Invoke("ADD", config, "c1", node.CreatePod().Path).EnsureSuccess("humanz-cni ADD c1");
        var pod = node.CreatePod();
        node.Invoke("ADD", HostLocalConfig(node), "c2", pod.Path, plugin: HostLocal).EnsureSuccess("host-local ADD c2");
        var hostLocals = Assert.Single(node.Leases(), address => File.ReadAllText(Path.Combine(node.DataDir, "hzt-net", address)).StartsWith("c2\r\n", StringComparison.Ordinal));

        node.Invoke("DEL", config, "c2", pod.Path).EnsureSuccess("humanz-cni DEL c2");

        Assert.DoesNotContain(hostLocals, node.Leases());
        Assert.Single(node.Leases());
        Assert.Single(IndexNames(node));
    }

    [Fact]
    public void The_spare_humanz_cnis_del_keeps_is_no_lease_to_host_local_and_is_the_file_of_humanz_cnis_next_lease()
    {
        using var node = new TestNode();
        var config = node.Config(subnet: Subnet);
        var pod = node.CreatePod();
        node.Invoke("ADD", config, "c1", pod.Path).EnsureSuccess("humanz-cni ADD c1");
        node.Invoke("DEL", config, "c1", pod.Path).EnsureSuccess("humanz-cni DEL c1");
        Assert.Equal(["humanz.spare.0"], AttachmentFiles(node));
        var spare = Path.Combine(node.DataDir, "hzt-net", "humanz.spare.0");
        var inode = Inode(spare);

        // host-local neither releases it as c1's nor takes it into account when it leases.
        node.Invoke("DEL", HostLocalConfig(node), "c1", pod.Path, plugin: HostLocal).EnsureSuccess("host-local DEL c1");
        var hostLocalPod = node.CreatePod();
        node.Invoke("ADD", HostLocalConfig(node), "c2", hostLocalPod.Path, plugin: HostLocal).EnsureSuccess("host-local ADD c2");
        Assert.Equal(inode, Inode(spare));
        Assert.Equal("", File.ReadAllText(spare).Trim());

        node.Invoke("ADD", config, "c3", node.CreatePod().Path).EnsureSuccess("humanz-cni ADD c3");
        var lease = Assert.Single(node.Leases(), address => File.ReadAllText(Path.Combine(node.DataDir, "hzt-net", address)) == "c3\r\neth0");
        Assert.Equal(inode, Inode(Path.Combine(node.DataDir, "hzt-net", lease)));
        Assert.DoesNotContain("humanz.spare.0", AttachmentFiles(node));
    }

    private static ulong Inode(string path)
    {
        Assert.Equal(0, Interop.Stat(path, out var status));
        return status.Inode;
    }

    private static string HostLocal => Path.Join(PluginBinary.ReferencePluginDirectory, "host-local");

    private static string HostLocalConfig(TestNode node) => new JsonObject
    {
        ["cniVersion"] = "1.0.0",
        ["name"] = "hzt-net",
        ["ipam"] = new JsonObject { ["type"] = "host-local", ["subnet"] = Subnet, ["dataDir"] = node.DataDir },
    }.ToJsonString();

    /// <summary>The directory's files but the lock, the last-reserved markers and the boot record: leases and index names.</summary>
    private static List<string> AttachmentFiles(TestNode node) =>
        [.. Directory.GetFiles(Path.Combine(node.DataDir, "hzt-net")).Select(path => Path.GetFileName(path))
            .Where(name => name != "lock" && !name.StartsWith("last_reserved_ip.", StringComparison.Ordinal) && name != "humanz.boot_id")
            .Order(StringComparer.Ordinal)];

    private static List<string> IndexNames(TestNode node) =>
        [.. AttachmentFiles(node).Where(name => name.StartsWith("humanz.lease.", StringComparison.Ordinal))];
}
