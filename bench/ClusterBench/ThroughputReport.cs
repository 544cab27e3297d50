using System.Text;

namespace HumanzCni.ClusterBench;

/// <summary>The throughput table bench/cluster.sh prints, and the same figures as JSON (bench/results/throughput.json).</summary>
internal static class ThroughputReport
{
    public static void Print(IReadOnlyList<ThroughputMeasurement> measurements)
    {
        Console.WriteLine();
        Console.WriteLine($"TCP throughput, iperf3 -t {measurements[0].Seconds} (Mbit/s received, median (min/max) of {measurements[0].Pod.Count}):");
        Console.WriteLine($"  {"backend",-8}  {"underlay",-12}  {"pod to pod",-20}  {"node to node",-20}  pod/node");
        foreach (var m in measurements)
        {
            Console.WriteLine($"  {m.Backend,-8}  {(m.Backend == "vxlan" ? "routed" : "one switch"),-12}  {Cell(m.Pod),-20}  {Cell(m.Node),-20}  {Median.Of(m.Pod) / Median.Of(m.Node):0.00}");
        }

        if (measurements.Count == 2)
        {
            Console.WriteLine($"  pod to pod, vxlan / host-gw: {Median.Of(measurements[1].Pod) / Median.Of(measurements[0].Pod):0.00}");
        }
    }

    public static void Write(string path, IReadOnlyList<ThroughputMeasurement> measurements)
    {
        var json = new StringBuilder("{\"throughputMbits\": [");
        json.AppendJoin(", ", measurements.Select(m =>
            $"{{\"backend\": \"{m.Backend}\", \"seconds\": {m.Seconds}, \"pod\": [{Join(m.Pod)}], \"node\": [{Join(m.Node)}]}}"));
        json.Append("]}\n");
        ResultsReport.Save(path, json.ToString());
    }

    private static string Cell(IReadOnlyList<double> samples) =>
        $"{ThroughputMeasurement.Mbit(Median.Of(samples))} ({ThroughputMeasurement.Mbit(samples.Min())}/{ThroughputMeasurement.Mbit(samples.Max())})";

    private static string Join(IEnumerable<double> samples) => string.Join(", ", samples.Select(ThroughputMeasurement.Mbit));
}
