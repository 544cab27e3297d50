using System.Diagnostics;
using Xunit.Abstractions;

namespace HumanzCni.IntegrationTests.Crash;

/// <summary>
/// Issue 10 §1, "killed at every step": a runtime kills a plugin on timeouts, at any instant. For every netlink
/// send and lease write a full ADD makes, an ADD killed right before that call, followed by what runtimes do
/// (two DELs, or a GC), must leave nothing of the container, and a new ADD of the same container must work.
/// </summary>
public sealed class KillAtEveryStepTests(KillTracer tracer, ITestOutputHelper output) : IClassFixture<KillTracer>
{
    [Theory]
    [InlineData(Cleanup.DelTwice)]
    [InlineData(Cleanup.Gc)]
    public void Humanz_cni_killed_at_any_call_is_cleaned_up_and_can_be_added_again(Cleanup cleanup) =>
        Sweep((node, pod, id) => new PlainAttachment(node, pod, id), cleanup, every: 1);

    /// <summary>Every second call point (odd ones for DEL, even ones for GC), to keep the run short.</summary>
    [Theory]
    [InlineData(Cleanup.DelTwice)]
    [InlineData(Cleanup.Gc)]
    public void Humanz_cni_with_portmap_and_bandwidth_killed_at_any_call_is_cleaned_up_and_can_be_added_again(Cleanup cleanup) =>
        Sweep((node, pod, id) => new ChainedAttachment(node, pod, id), cleanup, every: 2);

    private void Sweep(Func<TestNode, TestNamespace, string, PodAttachment> attach, Cleanup cleanup, int every)
    {
        var watch = Stopwatch.StartNew();
        var sweep = new KillSweep(tracer, attach);
        var calls = sweep.CountCalls();
        Assert.True(calls > 0, "the traced ADD made no counted call: the tracer sees nothing");

        var first = every == 1 || cleanup == Cleanup.DelTwice ? 1 : 2;
        var points = 0;
        for (var k = first; k <= calls; k += every, points++)
        {
            sweep.KillAt(k, cleanup);
        }

        output.WriteLine($"{calls} calls in a full ADD; {points} kill points with {cleanup} in {watch.Elapsed.TotalSeconds:F1} s");
        Assert.True(sweep.Failures.Count == 0, $"{calls} calls, {sweep.Failures.Count} failures:\n{string.Join("\n", sweep.Failures)}");
    }
}
