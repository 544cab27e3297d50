using System.Diagnostics;

namespace HumanzCni.Testbed;

/// <summary>
/// Watches the agents' routes (proto 0x69) on every node of a cluster from a thread of its own, a netlink dump per
/// node every <see cref="Interval"/>, and records every route that was there at one look and gone at the next:
/// what the chaos tests hold against "a route to a live node is never removed". Dispose stops it.
/// </summary>
public sealed class AgentRouteMonitor : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    private readonly IReadOnlyList<ClusterNode> _nodes;
    private readonly List<RouteRemoval> _removals = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly long _started = Stopwatch.GetTimestamp();

    public AgentRouteMonitor(IReadOnlyList<ClusterNode> nodes)
    {
        _nodes = nodes;
        _thread = new Thread(Watch) { IsBackground = true, Name = "agent route monitor" };
        _thread.Start();
    }

    /// <summary>Time since the monitor started: the clock of <see cref="RouteRemoval.At"/>.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    /// <summary>Every removal seen so far, oldest first.</summary>
    public IReadOnlyList<RouteRemoval> Removals
    {
        get
        {
            lock (_removals)
            {
                return [.. _removals];
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }

    private void Watch()
    {
        var last = _nodes.ToDictionary(n => n, n => n.AgentRoutes());
        while (!_stop.Token.WaitHandle.WaitOne(Interval))
        {
            foreach (var node in _nodes)
            {
                IReadOnlyDictionary<string, string> now;
                try
                {
                    now = node.AgentRoutes();
                }
                catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException or HumanzCni.Netlink.NetlinkException)
                {
                    // The cluster is being torn down under a monitor not yet disposed: nothing more to watch.
                    return;
                }

                foreach (var (subnet, via) in last[node].Where(r => !now.TryGetValue(r.Key, out var gateway) || gateway != r.Value))
                {
                    lock (_removals)
                    {
                        _removals.Add(new RouteRemoval(Elapsed, node.Name, subnet, via));
                    }
                }

                last[node] = now;
            }
        }
    }
}

/// <summary>A route of the agent on <paramref name="Node"/> that disappeared (or got another gateway) <paramref name="At"/> after the monitor started.</summary>
public sealed record RouteRemoval(TimeSpan At, string Node, string Subnet, string Via)
{
    public override string ToString() => $"{At.TotalSeconds:0.00} s: {Node} lost {Subnet} via {Via}";
}
