namespace HumanzCni.Agent.Cluster;

/// <summary>
/// The reconciler's picture of the cluster, built from <see cref="ClusterEvent"/>s. Until the first
/// snapshot it knows nothing, and says so: routes are only changed from a complete picture, so an
/// agent that starts while etcd is down leaves the node's routes as they are.
/// </summary>
public sealed class ClusterView(string ownName)
{
    private readonly Dictionary<string, NodeRecord> _nodes = new(StringComparer.Ordinal);

    public bool IsComplete { get; private set; }

    public NodeRecord? Own { get; private set; }

    /// <summary>Applies an event; true when the conflist needs rendering (this node's subnet was (re)acquired).</summary>
    public bool Apply(ClusterEvent change)
    {
        switch (change)
        {
            case ClusterSnapshot snapshot:
                _nodes.Clear();
                foreach (var (key, node) in snapshot.Nodes)
                {
                    _nodes[key] = node;
                }

                IsComplete = true;
                return false;
            case NodeChanged { Node: { } node } changed:
                _nodes[changed.Key] = node;
                return false;
            case NodeChanged removed:
                _nodes.Remove(removed.Key);
                return false;
            case OwnSubnetHeld held:
                var renderNeeded = Own != held.Node;
                Own = held.Node;
                return renderNeeded;
            default:
                return false;
        }
    }

    /// <summary>Every other node: all known records but this node's own (by name and by subnet).</summary>
    public IReadOnlyList<NodeRecord> Peers() =>
        _nodes.Values
            .Where(n => n.Name != ownName && n.Subnet != Own?.Subnet)
            .OrderBy(n => n.Name, StringComparer.Ordinal)
            .ToList();
}
