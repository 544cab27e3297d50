using System.Text;

namespace HumanzCni.ClusterBench;

/// <summary>Prints <see cref="AgentChaos"/>'s phases as a table and writes them as JSON.</summary>
internal static class ChaosReport
{
    public static void Print(IReadOnlyList<ChaosPhase> phases)
    {
        Console.WriteLine();
        Console.WriteLine($"Agent chaos: 3 nodes on etcd (host-gw), every pod pinging every pod on the other nodes every {PingLoop.Period.TotalMilliseconds:0} ms (reply within {PingLoop.Timeout.TotalMilliseconds:0} ms):");
        Console.WriteLine($"  {"phase",-60}  {"s",5}  {"pings",6}  {"lost",5}  {"live routes removed",19}  {"cut node's removed",18}  result");
        foreach (var phase in phases)
        {
            Console.WriteLine($"  {phase.Name,-60}  {phase.Duration.TotalSeconds,5:0.0}  {phase.PingsSent,6}  {phase.PingsLost,5}  {phase.ForbiddenRemovals.Count,19}  {phase.ExpectedRemovals,18}  {(phase.Passed ? "PASS" : "FAIL")}");
        }

        foreach (var phase in phases)
        {
            var notes = new List<string>();
            if (phase.LostByPair.Count > 0)
            {
                notes.Add("lost " + string.Join(", ", phase.LostByPair.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}")));
            }

            notes.AddRange(phase.ForbiddenRemovals.Select(r => $"removed a live node's route: {r}"));
            if (phase.Check is not null)
            {
                notes.Add(phase.Check);
            }

            if (notes.Count > 0)
            {
                Console.WriteLine($"  {phase.Name}: {string.Join("; ", notes)}");
            }
        }

        Console.WriteLine("  a phase lasts from its first action until every node routes every other node again, plus 1 s of steady pings.");
    }

    public static void Write(string path, IReadOnlyList<ChaosPhase> phases)
    {
        var json = new StringBuilder("{\"chaos\": [");
        json.AppendJoin(", ", phases.Select(p =>
            $"{{\"phase\": \"{p.Name}\", \"seconds\": {p.Duration.TotalSeconds:0.00}, \"pingsSent\": {p.PingsSent}, \"pingsLost\": {p.PingsLost}, " +
            $"\"liveRoutesRemoved\": {p.ForbiddenRemovals.Count}, \"cutNodeRoutesRemoved\": {p.ExpectedRemovals}, \"passed\": {(p.Passed ? "true" : "false")}}}"));
        json.Append("]}\n");
        ResultsReport.Save(path, json.ToString());
    }
}
