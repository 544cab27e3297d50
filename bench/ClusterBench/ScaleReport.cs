using System.Text;

namespace HumanzCni.ClusterBench;

/// <summary>The scale table bench/cluster.sh prints, and the same figures as JSON (bench/results/scale.json).</summary>
internal static class ScaleReport
{
    public static void Print(IReadOnlyList<ScaleMeasurement> measurements)
    {
        Console.WriteLine();
        Console.WriteLine("Scale on etcd: one agent, simulated peers written into etcd; time until the node's kernel has them all (or none of the leavers):");
        Console.WriteLine($"  {"backend",-8}  {"step",-16}  {"runs",4}  {"median ms",10}  {"min ms",8}  {"max ms",8}  {"agent CPU ms mean",17}  target");
        foreach (var m in measurements)
        {
            Row(m.Backend, $"{m.Peers} peers join", m.Converge, m.ConvergeCpu);
            Row(m.Backend, $"{m.Leaving} peers leave", m.Remove, m.RemoveCpu);
        }

        foreach (var m in measurements)
        {
            Console.WriteLine($"  {m.Backend}: of the join time, the bench's etcd transactions took {ResultsReport.Ms(Median.Of(m.EtcdWrites))} ms and the rest " +
                $"(last write -> all in the kernel) {ResultsReport.Ms(Median.Of(m.Converge.Zip(m.EtcdWrites, (c, w) => c - w)))} ms (medians); " +
                $"agent peak RSS (VmHWM) {m.PeakRssKib} KiB ({m.IdleRssKib} KiB before any peer)");
        }

        Console.WriteLine("  objects per join: a route per peer (vxlan: + an FDB entry + a permanent neighbour); the kernel is polled every 20 ms.");
        Console.WriteLine("  agent CPU: utime + stime from /proc/PID/stat, in 10 ms ticks, hence the mean over the runs.");
        foreach (var m in measurements)
        {
            Console.WriteLine($"  {m.Backend}: strace -c -f of the agent over one more join of all {m.Peers} peers and their leave (untimed):");
            Console.WriteLine(string.Join('\n', m.SyscallCounts.Split('\n').Where(l => l.Trim().Length > 0 && !l.StartsWith("strace:", StringComparison.Ordinal)).Select(l => "    " + l)));
        }
    }

    public static void Write(string path, IReadOnlyList<ScaleMeasurement> measurements)
    {
        var json = new StringBuilder("{\"scale\": [");
        json.AppendJoin(", ", measurements.Select(m =>
            $"{{\"backend\": \"{m.Backend}\", \"peers\": {m.Peers}, \"leaving\": {m.Leaving}, \"etcdWritesMs\": [{Join(m.EtcdWrites)}], \"peakRssKib\": {m.PeakRssKib}, \"idleRssKib\": {m.IdleRssKib}, " +
            $"\"convergeMs\": [{Join(m.Converge)}], \"removeMs\": [{Join(m.Remove)}], \"convergeCpuMs\": [{Join(m.ConvergeCpu)}], \"removeCpuMs\": [{Join(m.RemoveCpu)}]}}"));
        json.Append("]}\n");
        ResultsReport.Save(path, json.ToString());
    }

    private static void Row(string backend, string step, IReadOnlyList<TimeSpan> samples, IReadOnlyList<TimeSpan> cpu)
    {
        var median = Median.Of(samples);
        Console.WriteLine($"  {backend,-8}  {step,-16}  {samples.Count,4}  {ResultsReport.Ms(median),10}  {ResultsReport.Ms(samples.Min()),8}  {ResultsReport.Ms(samples.Max()),8}  " +
            $"{ResultsReport.Ms(cpu.Aggregate(TimeSpan.Zero, (a, b) => a + b) / cpu.Count),17}  < 1000 ms {(median < TimeSpan.FromSeconds(1) ? "PASS" : "MISS")}");
    }

    private static string Join(IEnumerable<TimeSpan> samples) => string.Join(", ", samples.Select(ResultsReport.Ms));
}
