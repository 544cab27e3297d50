using HumanzCni.Stages.Kernel;
using HumanzCni.Testbed;

namespace HumanzCni.AgentCli.Demo;

/// <summary>
/// The demo's closing table: per node its underlay address, pod subnet, pods, and its agent's backend state read
/// over netlink (routes with proto 0x69; permanent neighbours and FDB entries on the VXLAN device), one per line.
/// </summary>
internal static class DemoTable
{
    public static void Print(IReadOnlyList<ClusterNode> nodes)
    {
        string[] header = ["node", "address", "subnet", "pods", "routes (agent, proto 0x69)", $"neighbours ({BackendState.VxlanDevice})", $"fdb ({BackendState.VxlanDevice})"];
        var rows = new List<string[]>();
        foreach (var node in nodes)
        {
            var state = BackendState.Read(node.Namespace);
            // A VTEP address is its subnet's network address, so neighbours sorted by it line up with the routes,
            // and each FDB entry goes on the line of the neighbour with its MAC: one peer per line.
            var neighbours = state.Neighbours.OrderBy(n => n.Address, StringComparer.Ordinal).ToList();
            var fdb = state.Fdb.OrderBy(e => neighbours.FindIndex(n => n.Mac.Equals(e.Mac)) is >= 0 and var line ? line : int.MaxValue).ToList();
            List<string>[] columns =
            [
                [node.Name],
                [node.Address],
                [node.ConflistSubnet() ?? "(none)"],
                [.. node.Pods.Select(p => p.Address)],
                [.. state.Routes.Select(r => r.ToString()).Order(StringComparer.Ordinal)],
                [.. neighbours.Select(n => $"{n.Address} lladdr {MacText.Format(n.Mac)}")],
                [.. fdb.Select(e => $"{MacText.Format(e.Mac)} dst {e.Destination}")],
            ];
            var lines = columns.Max(c => c.Count);
            for (var i = 0; i < Math.Max(1, lines); i++)
            {
                rows.Add([.. columns.Select(c => i < c.Count ? c[i] : i == 0 ? "(none)" : "")]);
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
