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

    /// <summary>Every third call point (1, 4, 7... for DEL, 2, 5, 8... for GC), to keep the run short.</summary>
    [Theory]
    [InlineData(Cleanup.DelTwice)]
    [InlineData(Cleanup.Gc)]
    public void Humanz_cni_with_portmap_and_bandwidth_killed_at_any_call_is_cleaned_up_and_can_be_added_again(Cleanup cleanup) =>
        Sweep((node, pod, id) => new ChainedAttachment(node, pod, id), cleanup, every: 3);

    [Fact]
    public void Humanz_cni_del_killed_at_any_call_is_finished_by_the_next_del() =>
        SweepDel((node, pod, id) => new PlainAttachment(node, pod, id), every: 1);

    /// <summary>
    /// Every sixth call point: most of this DEL's calls are libnftables' listings (its cache), reads whose kill
    /// points differ little, and each point costs a full ADD.
    /// </summary>
    [Fact]
    public void Humanz_cni_with_portmap_and_bandwidth_del_killed_at_any_call_is_finished_by_the_next_del() =>
        SweepDel((node, pod, id) => new ChainedAttachment(node, pod, id), every: 6);

    private void SweepDel(Func<TestNode, TestNamespace, string, PodAttachment> attach, int every) =>
        Run(attach, sweep => sweep.CountDelCalls(), (sweep, k) => sweep.KillDelAt(k), first: 1, every, "a DEL of a complete attachment");

    private void Sweep(Func<TestNode, TestNamespace, string, PodAttachment> attach, Cleanup cleanup, int every) =>
        Run(attach, sweep => sweep.CountCalls(), (sweep, k) => sweep.KillAt(k, cleanup), first: every > 1 && cleanup == Cleanup.Gc ? 2 : 1, every, $"a full ADD, cleaned up with {cleanup}");

    private void Run(Func<TestNode, TestNamespace, string, PodAttachment> attach, Func<KillSweep, int> count, Action<KillSweep, int> killAt, int first, int every, string what)
    {
        var watch = Stopwatch.StartNew();
        var sweep = new KillSweep(tracer, attach);
        var calls = count(sweep);
        Assert.True(calls > 0, $"{what}: the tracer counted no call");
        var points = 0;
        for (var k = first; k <= calls; k += every, points++)
        {
            killAt(sweep, k);
        }

        output.WriteLine($"{what}: {calls} calls, killed at {points} of them in {watch.Elapsed.TotalSeconds:F1} s");
        Assert.True(sweep.Failures.Count == 0, $"{what}: {calls} calls, {sweep.Failures.Count} failures:\n{string.Join("\n", sweep.Failures)}");
    }
}
