using System.Text;

namespace HumanzCni.ClusterBench;

/// <summary>The scale table bench/cluster.sh prints, and the same figures as JSON (bench/results/scale.json).</summary>
internal static class ScaleReport
{
    public static void Print(IReadOnlyList<ScaleMeasurement> measurements)
    {
        Console.WriteLine();
        Console.WriteLine("Scale on etcd: one agent, simulated peers written into etcd; time until the node's kernel has them all (or none of the leavers):");
        Console.WriteLine($"  {"backend",-8}  {"step",-16}  {"runs",4}  {"median ms",10}  {"min ms",8}  {"max ms",8}  {"agent CPU ms med",16}  target");
        foreach (var m in measurements)
        {
            Row(m.Backend, $"{m.Peers} peers join", m.Converge, m.ConvergeCpu);
            Row(m.Backend, $"{m.Leaving} peers leave", m.Remove, m.RemoveCpu);
        }

        foreach (var m in measurements)
        {
            Console.WriteLine($"  {m.Backend}: agent peak RSS (VmHWM) {m.PeakRssKib} KiB ({m.IdleRssKib} KiB before any peer)");
        }

        Console.WriteLine("  objects per join: a route per peer (vxlan: + an FDB entry + a permanent neighbour); the kernel is polled every 20 ms.");
    }

    public static void Write(string path, IReadOnlyList<ScaleMeasurement> measurements)
    {
        var json = new StringBuilder("{\"scale\": [");
        json.AppendJoin(", ", measurements.Select(m =>
            $"{{\"backend\": \"{m.Backend}\", \"peers\": {m.Peers}, \"leaving\": {m.Leaving}, \"peakRssKib\": {m.PeakRssKib}, \"idleRssKib\": {m.IdleRssKib}, " +
            $"\"convergeMs\": [{Join(m.Converge)}], \"removeMs\": [{Join(m.Remove)}], \"convergeCpuMs\": [{Join(m.ConvergeCpu)}], \"removeCpuMs\": [{Join(m.RemoveCpu)}]}}"));
        json.Append("]}\n");
        ResultsReport.Save(path, json.ToString());
    }

    private static void Row(string backend, string step, IReadOnlyList<TimeSpan> samples, IReadOnlyList<TimeSpan> cpu)
    {
        var median = Median.Of(samples);
        Console.WriteLine($"  {backend,-8}  {step,-16}  {samples.Count,4}  {ResultsReport.Ms(median),10}  {ResultsReport.Ms(samples.Min()),8}  {ResultsReport.Ms(samples.Max()),8}  " +
            $"{ResultsReport.Ms(Median.Of(cpu)),16}  < 1000 ms {(median < TimeSpan.FromSeconds(1) ? "PASS" : "MISS")}");
    }

    private static string Join(IEnumerable<TimeSpan> samples) => string.Join(", ", samples.Select(ResultsReport.Ms));
}
