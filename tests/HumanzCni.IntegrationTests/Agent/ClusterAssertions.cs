using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.Agent;

/// <summary>What the agent tests check on every node of a cluster.</summary>
internal static class ClusterAssertions
{
    public static readonly TimeSpan Converge = TimeSpan.FromSeconds(30);

    /// <summary>The agent routes every node should have: each other node's subnet via its address.</summary>
    public static Dictionary<string, string> ExpectedRoutes(ClusterNode node, IReadOnlyDictionary<ClusterNode, string> subnets) =>
        subnets.Where(s => s.Key != node).ToDictionary(s => s.Value, s => s.Key.Address);

    /// <summary>Waits until every node in <paramref name="subnets"/> has exactly the agent routes to all the others.</summary>
    public static void RoutesConverge(IReadOnlyDictionary<ClusterNode, string> subnets)
    {
        foreach (var node in subnets.Keys)
        {
            var expected = ExpectedRoutes(node, subnets);
            Eventually.True(
                () => SameRoutes(node.AgentRoutes(), expected),
                Converge,
                () => $"{node.Name} routes {Show(node.AgentRoutes())}, expected {Show(expected)}");
        }
    }

    public static bool SameRoutes(IReadOnlyDictionary<string, string> actual, IReadOnlyDictionary<string, string> expected) =>
        actual.Count == expected.Count && expected.All(e => actual.TryGetValue(e.Key, out var gw) && gw == e.Value);

    public static string Show(IReadOnlyDictionary<string, string> routes) =>
        routes.Count == 0 ? "(none)" : string.Join(", ", routes.OrderBy(r => r.Key).Select(r => $"{r.Key} via {r.Value}"));

    public static void Pings(string fromNamespace, string address, string what) =>
        Assert.True(PluginChecks.Ping(fromNamespace, address), $"no ping reply: {what}");

    /// <summary>Pings until a reply comes: the first echo over a fresh path waits for ARP/ND on every hop.</summary>
    public static void Reaches(ClusterNode from, string address) =>
        Eventually.True(() => PluginChecks.Ping(from.Namespace.Name, address), TimeSpan.FromSeconds(10), () => $"{from.Name} cannot ping {address}");
}
