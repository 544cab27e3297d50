using System.Diagnostics;
using Xunit.Abstractions;

namespace HumanzCni.IntegrationTests.Crash;

/// <summary>
/// Issue 10 §1, "killed at every step": a runtime kills a plugin on timeouts, at any instant. For every netlink
/// send and lease write a full ADD makes, an ADD killed right before that call, followed by what runtimes do
/// (two DELs, or a GC), must leave nothing of the container, and a new ADD of the same container must work. Likewise
/// for a DEL killed at each of its calls: the runtime's next DELs must finish it.
/// </summary>
public sealed class KillAtEveryStepTests(KillTracer tracer, ITestOutputHelper output) : IClassFixture<KillTracer>
{
    [Theory]
    [InlineData(Cleanup.DelTwice)]
    [InlineData(Cleanup.Gc)]
    public void Humanz_cni_killed_at_any_call_is_cleaned_up_and_can_be_added_again(Cleanup cleanup) =>
        Sweep((node, pod, id) => new PlainAttachment(node, pod, id), cleanup, every: 1);

    /// <summary>
    /// humanz-cni with a port mapping and a bandwidth limit, chained with humanz-portmap and humanz-bandwidth or
    /// serving both itself (one plugin, exec'd directly or through the chain runner). The one plugin exec'd directly,
    /// the default form and the fastest to run, at every call point; through the chain runner, every third call point
    /// (1, 4, 7... for DEL, 2, 5, 8... for GC) and the last (the runner's result cache write), to keep the run short.
    /// </summary>
    [Theory]
    [InlineData(PortsAndBandwidthForm.Chained, Cleanup.DelTwice, 3)]
    [InlineData(PortsAndBandwidthForm.Chained, Cleanup.Gc, 3)]
    [InlineData(PortsAndBandwidthForm.OnePlugin, Cleanup.DelTwice, 1)]
    [InlineData(PortsAndBandwidthForm.OnePlugin, Cleanup.Gc, 1)]
    [InlineData(PortsAndBandwidthForm.OnePluginInChain, Cleanup.DelTwice, 3)]
    [InlineData(PortsAndBandwidthForm.OnePluginInChain, Cleanup.Gc, 3)]
    public void Humanz_cni_with_portmap_and_bandwidth_killed_at_any_call_is_cleaned_up_and_can_be_added_again(PortsAndBandwidthForm form, Cleanup cleanup, int every) =>
        Sweep((node, pod, id) => PodAttachment.Of(form, node, pod, id), cleanup, every);

    /// <summary>
    /// The reference tuning plugin second in the chain, so the runner crosses an exec boundary: the tracer follows
    /// the fork, and sysctl writes count too, so tuning's write is a kill point. Every third call point (1, 4, 7...)
    /// plus the first call in tuning and the first after it; CNI 1.0.0 (tuning's newest), so DELs only.
    /// </summary>
    [Fact]
    public void Chain_with_an_exec_boundary_killed_at_any_call_is_cleaned_up_and_can_be_added_again()
    {
        var sweep = Sweep((node, pod, id) => PodAttachment.Of(PortsAndBandwidthForm.ChainedWithExecBoundary, node, pod, id), Cleanup.DelTwice, every: 3);
        Assert.Contains("tuning", sweep.KilledIn);
    }

    [Fact]
    public void Humanz_cni_del_killed_at_any_call_is_finished_by_the_next_del() =>
        SweepDel((node, pod, id) => new PlainAttachment(node, pod, id), every: 1);

    /// <summary>
    /// Through the chain runner every sixth call point: most of this DEL's calls are nf_tables listings (rules, the
    /// host port maps), reads whose kill points differ little, and each point costs a full ADD. The one plugin
    /// exec'd directly, the default form, at every call point.
    /// </summary>
    [Theory]
    [InlineData(PortsAndBandwidthForm.Chained, 6)]
    [InlineData(PortsAndBandwidthForm.OnePlugin, 1)]
    [InlineData(PortsAndBandwidthForm.OnePluginInChain, 6)]
    public void Humanz_cni_with_portmap_and_bandwidth_del_killed_at_any_call_is_finished_by_the_next_del(PortsAndBandwidthForm form, int every) =>
        SweepDel((node, pod, id) => PodAttachment.Of(form, node, pod, id), every);

    private KillSweep SweepDel(Func<TestNode, TestNamespace, string, PodAttachment> attach, int every) =>
        Run(attach, sweep => sweep.CountDelCalls(), (sweep, k) => sweep.KillDelAt(k), first: 1, every, "a DEL of a complete attachment");

    private KillSweep Sweep(Func<TestNode, TestNamespace, string, PodAttachment> attach, Cleanup cleanup, int every) =>
        Run(attach, sweep => sweep.CountCalls(), (sweep, k) => sweep.KillAt(k, cleanup), first: every > 1 && cleanup == Cleanup.Gc ? 2 : 1, every, $"a full ADD, cleaned up with {cleanup}");

    private KillSweep Run(Func<TestNode, TestNamespace, string, PodAttachment> attach, Func<KillSweep, TracedRun> count, Action<KillSweep, int> killAt, int first, int every, string what)
    {
        var watch = Stopwatch.StartNew();
        var sweep = new KillSweep(tracer, attach);
        var counted = count(sweep);
        var calls = counted.Counted;
        Assert.True(calls > 0, $"{what}: the tracer counted no call");
        var points = KillSweep.Points(counted, first, every);
        foreach (var k in points)
        {
            killAt(sweep, k);
        }

        output.WriteLine($"{what}: {calls} calls ({string.Join(", ", counted.Programs.CountBy(p => p).Select(p => $"{p.Value} in {p.Key}"))}), killed at {points.Count} of them in {watch.Elapsed.TotalSeconds:F1} s");
        Assert.True(sweep.Failures.Count == 0, $"{what}: {calls} calls, {sweep.Failures.Count} failures:\n{string.Join("\n", sweep.Failures)}");
        return sweep;
    }
}
