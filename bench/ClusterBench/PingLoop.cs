using System.Net.NetworkInformation;
using HumanzCni.Netlink;
using HumanzCni.Testbed;

namespace HumanzCni.ClusterBench;

/// <summary>
/// Pods pinging pods without pause: per ordered pair of pods one thread inside the sender's namespace sends an ICMP
/// echo every <see cref="Period"/> (waiting at most <see cref="Timeout"/> for its reply) and counts what it sent and
/// what came back. Dispose stops every thread.
/// </summary>
internal sealed class PingLoop : IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);

    private readonly CancellationTokenSource _stop = new();
    private readonly List<(string Pair, Counter Counter, Thread Thread)> _senders = [];

    public PingLoop(IReadOnlyList<ClusterPod> pods)
    {
        foreach (var from in pods)
        {
            foreach (var to in pods.Where(p => p.Node != from.Node))
            {
                var counter = new Counter();
                var thread = new Thread(() => Send(from, to, counter)) { IsBackground = true, Name = $"ping {from.Node.Name}->{to.Node.Name}" };
                _senders.Add(($"{from.Node.Name}->{to.Node.Name}", counter, thread));
                thread.Start();
            }
        }
    }

    /// <summary>Pings sent and lost so far, per pair ("node1->node2").</summary>
    public IReadOnlyDictionary<string, (long Sent, long Lost)> Counts() =>
        _senders.ToDictionary(s => s.Pair, s => (Interlocked.Read(ref s.Counter.Sent), Interlocked.Read(ref s.Counter.Lost)));

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var (_, _, thread) in _senders)
        {
            thread.Join();
        }

        _stop.Dispose();
    }

    private void Send(ClusterPod from, ClusterPod to, Counter counter)
    {
        using var ns = NetworkNamespace.Open(from.Pod.Path);
        ns.Run(() =>
        {
            using var ping = new Ping();
            while (!_stop.IsCancellationRequested)
            {
                var started = DateTime.UtcNow;
                bool replied;
                try
                {
                    replied = ping.Send(to.Address, (int)Timeout.TotalMilliseconds).Status == IPStatus.Success;
                }
                catch (PingException)
                {
                    replied = false;
                }

                Interlocked.Increment(ref counter.Sent);
                if (!replied)
                {
                    Interlocked.Increment(ref counter.Lost);
                }

                var rest = Period - (DateTime.UtcNow - started);
                if (rest > TimeSpan.Zero)
                {
                    _stop.Token.WaitHandle.WaitOne(rest);
                }
            }
        });
    }

    private sealed class Counter
    {
        public long Sent;
        public long Lost;
    }
}
