using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.Deploy;

/// <summary>The image's `install`, run by podman into a node's directories as the DaemonSet's init container runs it into the host's.</summary>
public sealed class ImageInstallTests
{
    [Fact]
    public void The_images_install_leaves_a_plugin_and_conflist_that_cnictl_adds_and_deletes_a_pod_with()
    {
        using var node = new TestNode("hzim");
        var binDir = Directory.CreateDirectory(Path.Combine(node.Directory, "bin")).FullName;

        var result = Podman.RunToCompletion(
            [.. Podman.SecurityOptions(Manifest.Load().Installer), "-v", $"{binDir}:/host/opt/cni/bin", "-v", $"{node.ConfDir}:/host/etc/cni/net.d"],
            [
                "install", "--bin-dir", "/host/opt/cni/bin", "--conf-dir", "/host/etc/cni/net.d", "--subnet", "100.100.9.0/24",
                "--ipam-data-dir", node.DataDir, "--plugin-log-file", node.LogFile, "--network-name", "hzim-net",
            ]);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        InstalledPlugin.AssertBinariesAndLinks(binDir);
        InstalledPlugin.AddsAndDeletesAPod(node, binDir, "hzim-net", "100.100.9.");
    }

    [Fact]
    public void The_manifests_init_container_installs_the_binaries_and_links_and_no_conflist()
    {
        using var node = new TestNode("hzim");
        var manifest = Manifest.Load();
        var installer = ManifestArgs.Of(manifest.Installer);
        var binDir = Directory.CreateDirectory(Path.Combine(node.Directory, "bin")).FullName;

        var result = Podman.RunToCompletion(
            [.. Podman.SecurityOptions(manifest.Installer), "-v", $"{binDir}:{manifest.MountPathOf(manifest.Installer, "/opt/cni/bin")}", "-v", $"{node.ConfDir}:/etc/cni/net.d"],
            [installer.Subcommand, .. installer.Arguments]);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        InstalledPlugin.AssertBinariesAndLinks(binDir);
        Assert.Empty(Directory.GetFileSystemEntries(node.ConfDir));
    }
}
