namespace HumanzCni.IntegrationTests.Harness;

/// <summary>What `humanz-cni install` left on a node (the binary's or the image's), checked file by file and as a runtime uses it.</summary>
internal static class InstalledPlugin
{
    /// <summary>humanz-cni and humanz-cni-agent copied from artifacts/bin (executable), the chained types linked to humanz-cni.</summary>
    public static void AssertBinariesAndLinks(string binDir)
    {
        foreach (var name in new[] { "humanz-cni", "humanz-cni-agent" })
        {
            var binary = Path.Combine(binDir, name);
            Assert.Equal(File.ReadAllBytes(Path.Combine(PluginBinary.Directory, name)), File.ReadAllBytes(binary));
            Assert.True(File.GetUnixFileMode(binary).HasFlag(UnixFileMode.OtherExecute));
        }

        foreach (var type in new[] { "humanz-portmap", "humanz-bandwidth" })
        {
            Assert.Equal("humanz-cni", new FileInfo(Path.Combine(binDir, type)).LinkTarget);
        }
    }

    /// <summary>cnictl (libcni) ADDs a pod through the conflist and the plugin in BIN-DIR, the node pings it, and DEL releases its address.</summary>
    public static void AddsAndDeletesAPod(TestNode node, string binDir, string network, string addressPrefix)
    {
        var pod = node.CreatePod("hzi-pod");
        var environment = new Dictionary<string, string> { ["NETCONFPATH"] = node.ConfDir, ["CNI_PATH"] = binDir, ["CNI_CACHE_DIR"] = node.CacheDir };
        var add = ProcessRunner.Run("ip", ["netns", "exec", node.Namespace.Name, "cnictl", "add", network, pod.Path, "hzi-pod1", "eth0"], environment);
        Assert.True(add.ExitCode == 0, add.StandardOutput + add.StandardError);
        var address = CniResults.PodAddress(add.Json());
        Assert.StartsWith(addressPrefix, address, StringComparison.Ordinal);
        Assert.True(PluginChecks.Ping(node.Namespace.Name, address), "node cannot ping the pod");

        var del = ProcessRunner.Run("ip", ["netns", "exec", node.Namespace.Name, "cnictl", "del", network, pod.Path, "hzi-pod1", "eth0"], environment);
        Assert.True(del.ExitCode == 0, del.StandardOutput + del.StandardError);
        Assert.Empty(node.Leases(network));
    }
}
