using System.Globalization;
using HumanzCni.ClusterBench;

// Usage: humanz-cluster-bench REPETITIONS RESULTS-JSON NODES... (bench/cluster.sh runs it with 3 and 10).
var repetitions = int.Parse(args[0], CultureInfo.InvariantCulture);
var resultsPath = args[1];
var sizes = args[2..].Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();

var measurements = new List<PropagationMeasurement>();
foreach (var size in sizes)
{
    Console.Error.WriteLine($"cluster bench: {size} nodes, {repetitions} joins of the last node");
    measurements.Add(RoutePropagation.Measure(size, repetitions));
}

ResultsReport.Print(measurements);
ResultsReport.Write(resultsPath, measurements);
return 0;
