namespace HumanzCni.IntegrationTests.Harness;

/// <summary>
/// A <see cref="UnderlayLayout.Routed"/> cluster with two nodes on different segments (node1 on 200.0.0.0/24,
/// node2 on 200.0.1.0/24), reachable to each other only through the router. Dispose removes it all, also when
/// adding a node fails halfway.
/// </summary>
internal sealed class RoutedNodePair : IDisposable
{
    public RoutedNodePair(string prefix)
    {
        Cluster = new TestCluster(prefix, UnderlayLayout.Routed);
        try
        {
            Node1 = Cluster.AddNode();
            Node2 = Cluster.AddNode();
        }
        catch
        {
            Cluster.Dispose();
            throw;
        }
    }

    public TestCluster Cluster { get; }

    public ClusterNode Node1 { get; }

    public ClusterNode Node2 { get; }

    public void Dispose() => Cluster.Dispose();
}
