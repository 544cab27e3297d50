using System.Globalization;
using System.Text.RegularExpressions;
using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.Plugin;

/// <summary>
/// What the published binary does before its own work, which src/Cli/Native answers or defers: the .NET runtime's cgroup
/// probe would format every mount of the node from /proc/self/mountinfo, twice per call, the GC would list the NUMA
/// nodes and glibc resolve the executable's path (runtime-probes.c), the GC would read the CPU's cache sizes from ten
/// files (GCCacheSizeFromSysConf in the image), glibc would find the main thread's stack in /proc/self/maps
/// (main-thread-stack.c), the GC would mark its ranges for core dumps one madvise at a time (gc-dump-hints.c), and the
/// finalizer thread would be created at every start
/// (lazy-finalizer.c starts it when a finalizer has to run); and how it maps memory: the GC reserves 1 GB, not twice the
/// machine's memory (GCRegionRange), and the pod-namespace thread allocates from glibc's main arena instead of reserving
/// one of its own (malloc-arenas.c).
/// </summary>
public sealed partial class StartupProbeTests
{
    [Fact]
    public void Version_add_and_del_skip_the_runtime_start_up_probes()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var config = node.Config().ToJsonString();
        var trace = Path.Combine(node.Directory, "startup.strace");
        string[] traced = ["strace", "-f", "-qq", "-e", "trace=open,openat,readlink,prctl,madvise", "-o", trace];
        void AssertNoProbes(string verb)
        {
            var calls = File.ReadAllText(trace);
            // The trace sees the runtime's other start-up files (the CPUs), so it would see the probes.
            Assert.Contains("/sys/devices/system/cpu/", calls);
            Assert.False(calls.Contains("/proc/self/mountinfo", StringComparison.Ordinal), $"{verb} read /proc/self/mountinfo");
            Assert.False(calls.Contains("/sys/devices/system/node", StringComparison.Ordinal), $"{verb} listed the NUMA nodes");
            Assert.False(calls.Contains("/cache/index", StringComparison.Ordinal), $"{verb} read the CPU's cache sizes from /sys");
            Assert.False(calls.Contains("readlink(\"/proc/self/exe\"", StringComparison.Ordinal), $"{verb} resolved its own path");
            Assert.False(calls.Contains("/proc/self/maps", StringComparison.Ordinal), $"{verb} read /proc/self/maps");
            Assert.False(calls.Contains("MADV_DODUMP", StringComparison.Ordinal), $"{verb} marked the GC heap for core dumps");
            Assert.False(calls.Contains(".NET Finalizer", StringComparison.Ordinal), $"{verb} started the runtime's finalizer thread");
        }

        node.Invoke("VERSION", """{"cniVersion":"1.0.0"}""", wrapper: traced).EnsureSuccess("VERSION");
        AssertNoProbes("VERSION");
        node.Invoke("ADD", config, "startup-probe", pod.Path, wrapper: traced).EnsureSuccess("ADD");
        AssertNoProbes("ADD");
        Assert.Single(node.Leases());
        node.Invoke("DEL", config, "startup-probe", pod.Path, wrapper: traced).EnsureSuccess("DEL");
        AssertNoProbes("DEL");
        Assert.Empty(node.Leases());
    }

    [Fact]
    public void Add_reserves_one_gigabyte_for_the_gc_and_keeps_one_malloc_arena()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var config = node.Config().ToJsonString();
        var trace = Path.Combine(node.Directory, "memory.strace");

        node.Invoke("ADD", config, "memory-map", pod.Path, wrapper: ["strace", "-f", "-qq", "-e", "trace=mmap", "-o", trace])
            .EnsureSuccess("ADD");

        var calls = File.ReadAllLines(trace);
        // The GC's range, reserved inaccessible: 1 GB plus alignment, never the machine's memory twice over.
        var reservations = calls.Select(c => Reservation().Match(c)).Where(m => m.Success)
            .Select(m => ulong.Parse(m.Groups["length"].Value, CultureInfo.InvariantCulture))
            .ToList();
        Assert.Contains(reservations, length => length is >= 1UL << 30 and <= (1UL << 30) + (4UL << 20));
        Assert.DoesNotContain(reservations, length => length > 2UL << 30);
        // A thread's own malloc arena starts as a reservation of 128 MB.
        Assert.DoesNotContain(calls, c => c.Contains(", 134217728,", StringComparison.Ordinal));
        Assert.Single(node.Leases());
    }

    [GeneratedRegex(@"mmap\(NULL, (?<length>\d+), PROT_NONE, ")]
    private static partial Regex Reservation();
}
