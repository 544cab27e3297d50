using System.Text.Json;
using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.Agent;

/// <summary>`humanz-cni install` into temp dirs: binary, chained-type links, and a conflist cnictl runs.</summary>
public sealed class InstallTests
{
    [Fact]
    public void Install_puts_binary_links_and_a_conflist_that_cnictl_adds_and_deletes_a_pod_with()
    {
        using var node = new TestNode("hzi");
        var binDir = Path.Combine(node.Directory, "bin");
        var result = ProcessRunner.Run(PluginBinary.Path,
        [
            "install", "--bin-dir", binDir, "--conf-dir", node.ConfDir, "--subnet", "100.100.9.0/24",
            "--ipam-data-dir", node.DataDir, "--plugin-log-file", node.LogFile, "--network-name", "hzi-net",
        ]);
        Assert.True(result.ExitCode == 0, result.StandardError);

        // The plugin and its companion (agent, install) travel together; `humanz-cni install` ran through the companion.
        InstalledPlugin.AssertBinariesAndLinks(binDir);

        var conflist = Path.Combine(node.ConfDir, "10-humanz-cni.conflist");
        using (var document = JsonDocument.Parse(File.ReadAllText(conflist)))
        {
            var plugin = document.RootElement.GetProperty("plugins")[0];
            Assert.Equal("hzi-net", document.RootElement.GetProperty("name").GetString());
            Assert.Equal("100.100.9.0/24", plugin.GetProperty("subnet").GetString());
            Assert.Equal(1, document.RootElement.GetProperty("plugins").GetArrayLength());
        }

        Assert.Empty(Directory.GetFiles(binDir, "*.tmp").Concat(Directory.GetFiles(node.ConfDir, ".*")));

        InstalledPlugin.AddsAndDeletesAPod(node, binDir, "hzi-net", "100.100.9.");
    }

    [Fact]
    public void Install_renders_chained_plugins_with_chained_and_replaces_an_existing_install()
    {
        using var node = new TestNode("hzi");
        var binDir = Path.Combine(node.Directory, "bin");
        string[] args = ["install", "--bin-dir", binDir, "--conf-dir", node.ConfDir, "--subnet", "100.100.9.0/24", "--portmap", "--bandwidth", "--chained", "--mtu", "1400"];

        Assert.Equal(0, ProcessRunner.Run(PluginBinary.Path, args).ExitCode);
        var again = ProcessRunner.Run(PluginBinary.Path, args);
        Assert.True(again.ExitCode == 0, again.StandardError);

        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(node.ConfDir, "10-humanz-cni.conflist")));
        var plugins = document.RootElement.GetProperty("plugins");
        Assert.Equal(["humanz-cni", "humanz-portmap", "humanz-bandwidth"], plugins.EnumerateArray().Select(p => p.GetProperty("type").GetString()));
        Assert.Equal(1400, plugins[0].GetProperty("mtu").GetInt32());
        Assert.True(plugins[1].GetProperty("capabilities").GetProperty("portMappings").GetBoolean());
        Assert.True(plugins[2].GetProperty("capabilities").GetProperty("bandwidth").GetBoolean());
        Assert.False(plugins[0].TryGetProperty("capabilities", out _));
    }

    [Fact]
    public void Install_renders_humanz_cni_alone_declaring_both_capabilities_by_default()
    {
        using var node = new TestNode("hzi");
        var binDir = Path.Combine(node.Directory, "bin");

        ProcessRunner.Run(PluginBinary.Path, ["install", "--bin-dir", binDir, "--conf-dir", node.ConfDir, "--subnet", "100.100.9.0/24", "--portmap", "--bandwidth"]).EnsureSuccess("install");

        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(node.ConfDir, "10-humanz-cni.conflist")));
        var plugin = Assert.Single(document.RootElement.GetProperty("plugins").EnumerateArray());
        Assert.Equal("humanz-cni", plugin.GetProperty("type").GetString());
        Assert.True(plugin.GetProperty("capabilities").GetProperty("portMappings").GetBoolean());
        Assert.True(plugin.GetProperty("capabilities").GetProperty("bandwidth").GetBoolean());
    }

    [Fact]
    public void Install_links_loopback_when_the_bin_dir_has_none_and_says_so_again_on_upgrade()
    {
        using var node = new TestNode("hzi");
        var binDir = Path.Combine(node.Directory, "bin");
        string[] args = ["install", "--bin-dir", binDir, "--conf-dir", node.ConfDir, "--subnet", "100.100.9.0/24"];
        var loopback = Path.Combine(binDir, "loopback");

        foreach (var run in new[] { "first install", "upgrade" })
        {
            var result = ProcessRunner.Run(PluginBinary.Path, args).EnsureSuccess(run);

            Assert.Equal("humanz-cni", new FileInfo(loopback).LinkTarget);
            Assert.Contains($"{loopback} -> humanz-cni: the bin dir had no loopback plugin", result.StandardOutput, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Install_leaves_an_existing_loopback_alone_and_says_so()
    {
        using var node = new TestNode("hzi");
        var binDir = Directory.CreateDirectory(Path.Combine(node.Directory, "bin")).FullName;
        var loopback = Path.Combine(binDir, "loopback");
        var reference = Path.Combine(PluginBinary.ReferencePluginDirectory, "loopback");
        File.Copy(reference, loopback);

        var result = ProcessRunner.Run(PluginBinary.Path, ["install", "--bin-dir", binDir, "--conf-dir", node.ConfDir, "--subnet", "100.100.9.0/24"])
            .EnsureSuccess("install");

        Assert.Null(new FileInfo(loopback).LinkTarget);
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(loopback));
        Assert.Contains($"{loopback} left alone: the bin dir already has a loopback plugin", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Install_binaries_only_puts_binary_and_links_and_leaves_the_conflist_to_the_agent()
    {
        using var node = new TestNode("hzi");
        var binDir = Path.Combine(node.Directory, "bin");

        var result = ProcessRunner.Run(PluginBinary.Path, ["install", "--binaries-only", "--bin-dir", binDir]);

        Assert.True(result.ExitCode == 0, result.StandardError);
        InstalledPlugin.AssertBinariesAndLinks(binDir);
        Assert.All(Directory.GetFileSystemEntries(binDir), path => Assert.Contains(path, result.StandardOutput, StringComparison.Ordinal));
        Assert.DoesNotContain(".conflist", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Install_binaries_only_refuses_conflist_options_and_writes_nothing()
    {
        using var node = new TestNode("hzi");
        var binDir = Path.Combine(node.Directory, "bin");

        var result = ProcessRunner.Run(PluginBinary.Path, ["install", "--binaries-only", "--bin-dir", binDir, "--subnet", "100.100.9.0/24"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--binaries-only writes no conflist: drop --subnet", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(binDir));
    }

    [Fact]
    public void Install_without_a_subnet_is_a_usage_error_and_writes_nothing()
    {
        using var node = new TestNode("hzi");
        var binDir = Path.Combine(node.Directory, "bin");

        var result = ProcessRunner.Run(PluginBinary.Path, ["install", "--bin-dir", binDir, "--conf-dir", node.ConfDir]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--subnet is required", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(binDir));
        Assert.Empty(Directory.GetFiles(node.ConfDir));
    }
}
