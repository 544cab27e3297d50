using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.Plugin;

/// <summary>
/// The pod-namespace thread of the published binary's ADD (src/Netlink/DedicatedThread.cs): the pod is entered on a
/// thread of its own, never on the main thread, and the main thread waits for it blocked in pthread_join, not
/// spinning in sched_yield as System.Threading.Thread.Start did until the new thread had run.
/// </summary>
public sealed class NamespaceThreadTests
{
    [Fact]
    public void Add_enters_the_pod_on_a_thread_of_its_own_and_waits_without_spinning()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var config = node.Config().ToJsonString();
        var trace = Path.Combine(node.Directory, "thread.strace");

        node.Invoke("ADD", config, "ns-thread", pod.Path, wrapper: ["strace", "-f", "-qq", "-e", "trace=execve,setns,sched_yield", "-o", trace])
            .EnsureSuccess("ADD");

        // Each line starts with the thread id; the execve is the main thread's.
        var calls = File.ReadAllLines(trace).Select(line => (Thread: line[..line.IndexOf(' ', StringComparison.Ordinal)], Call: line)).ToList();
        var main = Assert.Single(calls, c => c.Call.Contains(" execve(", StringComparison.Ordinal)).Thread;
        var setns = Assert.Single(calls, c => c.Call.Contains(" setns(", StringComparison.Ordinal));
        Assert.NotEqual(main, setns.Thread);
        Assert.DoesNotContain(calls, c => c.Call.Contains("sched_yield", StringComparison.Ordinal));
        Assert.Single(node.Leases());
    }
}
