using System.Globalization;
using HumanzCni.ClusterBench;

// Usage (bench/cluster.sh runs it):
//   propagation REPETITIONS RESULTS-JSON NODES...      both backends, each cluster size
//   scale REPETITIONS RESULTS-JSON PEERS LEAVING       both backends, one agent against PEERS simulated peers
//   throughput REPETITIONS RESULTS-JSON SECONDS        both backends, iperf3 pod to pod and node to node
//   chaos 1 RESULTS-JSON TTL-SECONDS                   host-gw on etcd: kills, a wipe and a cut while pods ping
string[] backends = ["host-gw", "vxlan"];
var repetitions = int.Parse(args[1], CultureInfo.InvariantCulture);
var resultsPath = args[2];
var numbers = args[3..].Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();

switch (args[0])
{
    case "propagation":
        var propagation = new List<PropagationMeasurement>();
        foreach (var backend in backends)
        {
            foreach (var size in numbers)
            {
                Console.Error.WriteLine($"cluster bench: {backend}, {size} nodes, {repetitions} joins of the last node");
                propagation.Add(RoutePropagation.Measure(backend, size, repetitions));
            }
        }

        ResultsReport.Print(propagation);
        ResultsReport.Write(resultsPath, propagation);
        break;
    case "scale":
        var scale = backends.Select(b => PeerScale.Measure(b, numbers[0], numbers[1], repetitions)).ToList();
        ScaleReport.Print(scale);
        ScaleReport.Write(resultsPath, scale);
        break;
    case "throughput":
        var throughput = backends.Select(b => Throughput.Measure(b, numbers[0], repetitions)).ToList();
        ThroughputReport.Print(throughput);
        ThroughputReport.Write(resultsPath, throughput);
        break;
    case "chaos":
        var phases = AgentChaos.Run(numbers[0]);
        ChaosReport.Print(phases);
        ChaosReport.Write(resultsPath, phases);
        return phases.All(p => p.Passed) ? 0 : 1;
    default:
        Console.Error.WriteLine($"unknown measurement '{args[0]}': propagation, scale, throughput or chaos");
        return 2;
}

return 0;
