using System.Diagnostics;
using HumanzCni.Testbed;

namespace HumanzCni.ClusterBench;

/// <summary>
/// One real agent (in a node namespace, on etcd) against many simulated peers that are only subnet leases the
/// bench writes into etcd, in the agent's key format (/humanz-cni/subnets/A.B.C.D-24 → {"name","address","subnet"}),
/// a few transactions of up to 100 puts. Per repetition: all peers appear (clock from the first write until the
/// node's kernel has a route, and with vxlan an FDB entry and a permanent neighbour, for each), then
/// <c>leaving</c> of them go at once (their lease revoked: one etcd revision deletes their keys) until the
/// kernel no longer has them; then the rest go, untimed. The kernel is polled with netlink dumps every 20 ms.
/// </summary>
internal static class PeerScale
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static ScaleMeasurement Measure(string backend, int peers, int leaving, int repetitions)
    {
        using var cluster = new TestCluster("hzsc");
        cluster.StartEtcd();
        var node = cluster.AddNode();
        // The agent's own subnet is the pool's first (100.100.0.0/24): it starts before any simulated peer exists.
        var agent = node.StartAgent([.. cluster.EtcdAgentArguments(leaseTtlSeconds: 30, reconcileSeconds: 30), "--backend", backend]);
        node.WaitForSubnet(agent);
        var pid = agent.Id;
        Console.Error.WriteLine($"scale bench: {backend}: agent pid {pid} ({File.ReadAllText($"/proc/{pid}/comm").Trim()}), {peers} simulated peers, {leaving} leaving");
        var vxlan = backend == "vxlan";
        WaitFor(node, 0, vxlan, agent);
        var idleRss = ProcessUsage.Read(pid).PeakRssKib;

        using var etcd = new EtcdGateway(cluster.Etcd!.Host);
        var records = Enumerable.Range(1, peers).Select(Peer).ToList();
        var writes = new List<TimeSpan>();
        var converge = new List<TimeSpan>();
        var remove = new List<TimeSpan>();
        var convergeCpu = new List<TimeSpan>();
        var removeCpu = new List<TimeSpan>();
        for (var repetition = 0; repetition < repetitions; repetition++)
        {
            var staying = etcd.GrantLease(600);
            var going = etcd.GrantLease(600);

            var before = ProcessUsage.Read(pid);
            var start = Stopwatch.GetTimestamp();
            etcd.PutAll(records[..^leaving], staying);
            etcd.PutAll(records[^leaving..], going);
            writes.Add(Stopwatch.GetElapsedTime(start));
            WaitFor(node, peers, vxlan, agent);
            converge.Add(Stopwatch.GetElapsedTime(start));
            var installed = ProcessUsage.Read(pid);
            convergeCpu.Add(installed.Cpu - before.Cpu);

            start = Stopwatch.GetTimestamp();
            etcd.RevokeLease(going);
            WaitFor(node, peers - leaving, vxlan, agent);
            remove.Add(Stopwatch.GetElapsedTime(start));
            removeCpu.Add(ProcessUsage.Read(pid).Cpu - installed.Cpu);

            etcd.RevokeLease(staying);
            WaitFor(node, 0, vxlan, agent);
            Console.Error.WriteLine($"scale bench: {backend} #{repetition + 1}: {peers} in {converge[^1].TotalMilliseconds:0} ms, {leaving} out in {remove[^1].TotalMilliseconds:0} ms");
        }

        var peakRss = ProcessUsage.Read(pid).PeakRssKib;
        var syscalls = CountSyscalls(pid, () =>
        {
            var lease = etcd.GrantLease(600);
            etcd.PutAll(records, lease);
            WaitFor(node, peers, vxlan, agent);
            etcd.RevokeLease(lease);
            WaitFor(node, 0, vxlan, agent);
        });
        return new ScaleMeasurement(backend, peers, leaving, writes, converge, remove, convergeCpu, removeCpu, peakRss, idleRss, syscalls);
    }

    /// <summary>
    /// `strace -c -f` attached to the agent around one more, untimed, join and leave of every peer: the count of
    /// netlink and socket writes and reads it made (strace slows the agent, so this round is not in the figures).
    /// </summary>
    private static string CountSyscalls(int pid, Action work)
    {
        using var strace = BackgroundProcess.Start("strace", ["-c", "-f", "-e", "trace=sendto,sendmsg,recvfrom,recvmsg,write", "-p", $"{pid}"]);
        Thread.Sleep(500);
        work();
        // strace prints its table when it detaches, on SIGINT.
        strace.Signal(2);
        strace.WaitForExit(TimeSpan.FromSeconds(10));
        return strace.Output;
    }

    /// <summary>Simulated peer i: node "sim-i" at 200.0.0.(10 + i) on the node's segment, subnet 100.100.i.0/24.</summary>
    private static (string Key, byte[] Value) Peer(int i)
    {
        var subnet = $"100.100.{i}.0/24";
        var value = $$"""{"name":"sim-{{i}}","address":"200.0.0.{{10 + i}}","subnet":"{{subnet}}"}""";
        return ($"/humanz-cni/subnets/100.100.{i}.0-24", System.Text.Encoding.UTF8.GetBytes(value));
    }

    private static void WaitFor(ClusterNode node, int peers, bool vxlan, BackgroundProcess agent)
    {
        var start = Stopwatch.GetTimestamp();
        while (!PeerState.Read(node.Namespace).Has(peers, vxlan))
        {
            if (agent.HasExited || Stopwatch.GetElapsedTime(start) > Deadline)
            {
                throw new InvalidOperationException($"{node.Name} never reached {peers} peers (has {PeerState.Read(node.Namespace)}):\n{agent.Output}");
            }

            Thread.Sleep(PollInterval);
        }
    }
}
