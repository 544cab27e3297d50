using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.Plugin;

/// <summary>
/// What the published binary reads before its own work: the .NET runtime's cgroup probe would format every mount of the
/// node from /proc/self/mountinfo, twice per call, and src/Cli/Native/skip-mountinfo.c answers it without the kernel.
/// </summary>
public sealed class StartupProbeTests
{
    [Fact]
    public void Version_add_and_del_never_read_the_mount_table()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var config = node.Config().ToJsonString();
        var trace = Path.Combine(node.Directory, "openat.strace");
        string[] traced = ["strace", "-f", "-qq", "-e", "trace=open,openat", "-o", trace];
        void AssertNoMountTable(string verb)
        {
            var opened = File.ReadAllText(trace);
            // The trace sees the runtime's other start-up files (the CPUs' caches), so it would see the mount table.
            Assert.Contains("/sys/devices/system/cpu/", opened);
            Assert.False(opened.Contains("/proc/self/mountinfo", StringComparison.Ordinal), $"{verb} read /proc/self/mountinfo");
        }

        node.Invoke("VERSION", """{"cniVersion":"1.0.0"}""", wrapper: traced).EnsureSuccess("VERSION");
        AssertNoMountTable("VERSION");
        node.Invoke("ADD", config, "startup-probe", pod.Path, wrapper: traced).EnsureSuccess("ADD");
        AssertNoMountTable("ADD");
        Assert.Single(node.Leases());
        node.Invoke("DEL", config, "startup-probe", pod.Path, wrapper: traced).EnsureSuccess("DEL");
        AssertNoMountTable("DEL");
        Assert.Empty(node.Leases());
    }
}
