using System.Globalization;
using System.Text;

namespace HumanzCni.ClusterBench;

/// <summary>The table bench/cluster.sh prints, and the same figures (milliseconds) as JSON in bench/results.</summary>
internal static class ResultsReport
{
    public static void Print(IReadOnlyList<PropagationMeasurement> measurements)
    {
        Console.WriteLine();
        Console.WriteLine("Propagation on etcd: the last node's agent start -> its route (vxlan: + FDB + neighbour) on every other node:");
        Console.WriteLine($"  {"backend",-8}  {"nodes",5}  {"runs",4}  {"median ms",10}  {"min ms",8}  {"max ms",8}");
        foreach (var m in measurements)
        {
            Console.WriteLine($"  {m.Backend,-8}  {m.Nodes,5}  {m.Samples.Count,4}  {Ms(m.Median),10}  {Ms(m.Min),8}  {Ms(m.Max),8}");
        }

        Console.WriteLine("  the time includes starting the agent process (ip netns exec, humanz-cni exec'ing humanz-cni-agent),");
        Console.WriteLine("  leasing its subnet in etcd, the other agents' watch events and their netlink route adds.");
    }

    public static void Write(string path, IReadOnlyList<PropagationMeasurement> measurements)
    {
        var json = new StringBuilder("{\"routePropagationMs\": [");
        json.AppendJoin(", ", measurements.Select(m =>
            $"{{\"backend\": \"{m.Backend}\", \"nodes\": {m.Nodes}, \"median\": {Ms(m.Median)}, \"min\": {Ms(m.Min)}, \"max\": {Ms(m.Max)}, \"samples\": [{string.Join(", ", m.Samples.Select(Ms))}]}}"));
        json.Append("]}\n");
        Save(path, json.ToString());
    }

    /// <summary>Writes a results file, making its directory (bench/results, gitignored) if needed.</summary>
    public static void Save(string path, string json)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, json);
    }

    public static string Ms(TimeSpan elapsed) => elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
}
