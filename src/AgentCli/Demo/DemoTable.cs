using HumanzCni.Testbed;

namespace HumanzCni.AgentCli.Demo;

/// <summary>The demo's closing table: per node its underlay address, pod subnet, pods, and the agent's routes (one per line).</summary>
internal static class DemoTable
{
    public static void Print(IReadOnlyList<ClusterNode> nodes)
    {
        string[] header = ["node", "address", "subnet", "pods", "routes (agent, proto 0x69)"];
        var rows = new List<string[]>();
        foreach (var node in nodes)
        {
            var routes = node.AgentRoutes().OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} via {r.Value}").ToList();
            var pods = node.Pods.Select(p => p.Address).ToList();
            var lines = Math.Max(1, Math.Max(routes.Count, pods.Count));
            for (var i = 0; i < lines; i++)
            {
                rows.Add(
                [
                    i == 0 ? node.Name : "",
                    i == 0 ? node.Address : "",
                    i == 0 ? node.ConflistSubnet() ?? "(none)" : "",
                    i < pods.Count ? pods[i] : i == 0 ? "(none)" : "",
                    i < routes.Count ? routes[i] : i == 0 ? "(none)" : "",
                ]);
            }
        }

        var widths = header.Select((h, column) => rows.Select(r => r[column].Length).Append(h.Length).Max()).ToArray();
        Console.WriteLine("  " + Format(header, widths));
        Console.WriteLine("  " + Format(widths.Select(w => new string('-', w)).ToArray(), widths));
        foreach (var row in rows)
        {
            Console.WriteLine("  " + Format(row, widths));
        }
    }

    private static string Format(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd();
}
