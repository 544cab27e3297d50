using System.Diagnostics;
using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.ChainRunner;

/// <summary>
/// DEL through the chain runner cleans up whatever state the cache is in: intact, zero bytes, corrupt,
/// or never written because the runner was killed between two plugins' ADDs.
/// </summary>
public sealed class ChainCleanupTests
{
    [Theory]
    [InlineData("")]
    [InlineData("{\"kind\":\"cniCacheV1\",\"containerId\":\"bad-ca")]
    public void Del_with_a_zero_byte_or_corrupt_cache_file_still_cleans_up(string cacheContent)
    {
        using var node = new TestNode("hzt-cc");
        var pod = node.CreatePod();
        node.WriteConflist("hzt-net", "1.0.0", node.Config());
        node.Chain("add", "hzt-net", pod.Path, "bad-cache").EnsureSuccess("chain add");
        var cacheFile = Path.Combine(node.CacheDir, "results", "hzt-net-bad-cache-eth0");
        Assert.True(File.Exists(cacheFile), "the runner wrote no cache entry at libcni's path");

        File.WriteAllText(cacheFile, cacheContent);
        var del = node.Chain("del", "hzt-net", pod.Path, "bad-cache").EnsureSuccess("chain del with a bad cache file");

        Assert.Contains("ignoring the cached ADD result", del.StandardError);
        ChainVersusLibcniTests.AssertNothingLeft(node, pod);
        node.Chain("del", "hzt-net", pod.Path, "bad-cache").EnsureSuccess("second chain del");
    }

    [Fact]
    public void A_runner_killed_between_two_plugins_adds_is_cleaned_up_by_del()
    {
        using var node = new TestNode("hzt-ck");
        var pod = node.CreatePod();
        var pluginDir = Directory.CreateTempSubdirectory("hzt-slow-").FullName;
        try
        {
            var started = Path.Combine(pluginDir, "add-started");
            // A second plugin that never finishes its ADD: it says it started, then sleeps until killed.
            var script = Path.Combine(pluginDir, "hzt-slow");
            File.WriteAllText(script, $"""
                #!/bin/sh
                case "$CNI_COMMAND" in
                  ADD) touch '{started}'; exec sleep 120 ;;
                  VERSION) echo '{"{"}"cniVersion":"1.0.0","supportedVersions":["1.0.0"]{"}"}' ;;
                esac
                exit 0
                """);
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            node.WriteConflist("hzt-net", "1.0.0", node.Config(), new System.Text.Json.Nodes.JsonObject { ["type"] = "hzt-slow" });
            var cniPath = $"{pluginDir}:{PluginBinary.Directory}";

            var startInfo = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in node.ChainArguments("add", "hzt-net", pod.Path, "killed-1", cniPath: cniPath))
            {
                startInfo.ArgumentList.Add(arg);
            }

            using (var runner = Process.Start(startInfo)!)
            {
                try
                {
                    var deadline = DateTime.UtcNow.AddSeconds(30);
                    while (!File.Exists(started) && !runner.HasExited && DateTime.UtcNow < deadline)
                    {
                        Thread.Sleep(20);
                    }

                    Assert.True(File.Exists(started), $"the second plugin's ADD never started; runner exited={runner.HasExited}");
                    Assert.Single(node.Leases()); // humanz-cni's ADD is done: the state DEL must undo exists
                    Assert.Single(node.HostVeths());
                }
                finally
                {
                    runner.Kill(entireProcessTree: true);
                    runner.WaitForExit();
                }
            }

            Assert.Empty(node.CacheEntries());
            node.Chain("del", "hzt-net", pod.Path, "killed-1", cniPath: cniPath).EnsureSuccess("chain del after the kill");

            ChainVersusLibcniTests.AssertNothingLeft(node, pod);
        }
        finally
        {
            Directory.Delete(pluginDir, recursive: true);
        }
    }

    [Fact]
    public void Add_check_del_through_the_runner_leave_nothing_behind_and_del_twice_succeeds()
    {
        using var node = new TestNode("hzt-cl3");
        var pod = node.CreatePod();
        node.WriteConflist("hzt-net", "1.1.0", node.Config("1.1.0"));

        var address = CniResults.PodAddress(node.Chain("add", "hzt-net", pod.Path, "life-1").EnsureSuccess("chain add").Json());
        Assert.Equal([address], node.Leases());
        Assert.Equal(["hzt-net-life-1-eth0"], node.CacheEntries());
        Assert.True(PluginChecks.Ping(node.Namespace.Name, address), "node cannot ping the pod");
        node.Chain("check", "hzt-net", pod.Path, "life-1").EnsureSuccess("chain check");
        node.Chain("del", "hzt-net", pod.Path, "life-1").EnsureSuccess("chain del");

        ChainVersusLibcniTests.AssertNothingLeft(node, pod);
        node.Chain("del", "hzt-net", pod.Path, "life-1").EnsureSuccess("second chain del");
    }

    [Fact]
    public void Gc_through_the_runner_dels_attachments_the_runtime_no_longer_names()
    {
        using var node = new TestNode("hzt-cg");
        var keep = node.CreatePod();
        var stale = node.CreatePod();
        node.WriteConflist("hzt-net", "1.1.0", node.Config("1.1.0"));
        var kept = CniResults.PodAddress(node.Chain("add", "hzt-net", keep.Path, "keep-1").EnsureSuccess("chain add keep").Json());
        node.Chain("add", "hzt-net", stale.Path, "stale-1").EnsureSuccess("chain add stale");

        ProcessRunner.Run("ip", ["netns", "exec", node.Namespace.Name, PluginBinary.Path, "chain", "gc", "hzt-net", "--valid", "keep-1/eth0",
            "--conf-dir", node.ConfDir, "--cache-dir", node.CacheDir, "--cni-path", PluginBinary.Directory]).EnsureSuccess("chain gc");

        Assert.Equal([kept], node.Leases());
        Assert.Equal(["hzt-net-keep-1-eth0"], node.CacheEntries());
        Assert.Single(node.HostVeths());
        Assert.DoesNotContain("eth0", stale.Ip("link", "show"));
    }

    [Fact]
    public void A_failing_plugin_is_reported_with_its_code_and_name_and_exit_1()
    {
        using var node = new TestNode("hzt-cf");
        var pod = node.CreatePod();
        node.WriteConflist("hzt-net", "1.0.0", node.Config(subnet: "100.100.1.0/33"));

        var add = node.Chain("add", "hzt-net", pod.Path, "fail-1");

        PluginChecks.AssertCniError(add, 7, "plugin type=\"humanz-cni\" name=\"hzt-net\" failed (add):", "subnet");
        Assert.Contains("humanz-cni chain add:", add.StandardError);
        Assert.Empty(node.CacheEntries());
    }
}
