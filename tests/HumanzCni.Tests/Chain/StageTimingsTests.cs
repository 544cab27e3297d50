using HumanzCni.Chain.Config;
using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Netlink;
using Microsoft.Extensions.Logging.Abstractions;

namespace HumanzCni.Tests.Chain;

/// <summary>Each stage's entry says how long it waited for the kernel in netlink calls, and only a stage that made one says so.</summary>
public sealed class StageTimingsTests
{
    [Fact]
    public void A_stage_that_talks_netlink_is_logged_with_its_kernel_time_and_one_that_does_not_without()
    {
        IStage[] stages = [new LookupStage("lookup"), new QuietStage("quiet")];
        using var context = new StageContext(
            new CniRequest { Command = CniCommand.Del, ContainerId = "ctr-1", IfName = "eth0", Netns = "/var/run/netns/pod-1" },
            new NetworkConfig { CniVersion = "1.1.0", Name = "net", Type = "fake" },
            "1.1.0",
            NullLogger.Instance);
        var timings = new StageTimings();

        PipelineRunner.Run(stages, context, timings);

        var lookup = timings.Entries.Single(e => e.Stage == "lookup");
        Assert.True(lookup.Kernel > TimeSpan.Zero, "the look-up's send and receive were not counted");
        Assert.True(lookup.Kernel <= lookup.Elapsed, $"kernel {lookup.Kernel} > stage {lookup.Elapsed}");
        Assert.Equal(TimeSpan.Zero, timings.Entries.Single(e => e.Stage == "quiet").Kernel);
        // DEL runs the stages in reverse.
        Assert.Matches(@"^prepare=[0-9.]+ms quiet=[0-9.]+ms lookup=[0-9.]+ms\(kernel=[0-9.]+ms\)$", timings.ToString());
    }

    [Fact]
    public void Kernel_time_is_the_calling_threads_own()
    {
        var before = NetlinkKernelTime.Ticks;
        var other = new Thread(() =>
        {
            using var netlink = RtNetlink.Open();
            netlink.GetLink("lo");
        });
        other.Start();
        other.Join();

        Assert.Equal(before, NetlinkKernelTime.Ticks);
    }

    /// <summary>Looks lo up in the process's own namespace: one read-only request.</summary>
    private sealed class LookupStage(string name) : IStage
    {
        public string Name => name;

        public void Add(StageContext context)
        {
        }

        public void Del(StageContext context)
        {
            using var netlink = RtNetlink.Open();
            Assert.NotNull(netlink.GetLink("lo"));
        }
    }

    private sealed class QuietStage(string name) : IStage
    {
        public string Name => name;

        public void Add(StageContext context)
        {
        }

        public void Del(StageContext context)
        {
        }
    }
}
