namespace HumanzCni.Agent.Cluster;

/// <summary>
/// The reconciler's picture of the cluster, built from <see cref="ClusterEvent"/>s. Until the first
/// snapshot it knows nothing, and says so: routes are only changed from a complete picture, so an
/// agent that starts while etcd is down leaves the node's routes as they are. A dual-stack node is one record
/// per family (per pod subnet), so everything downstream stays per subnet.
/// </summary>
public sealed class ClusterView(string ownName)
{
    private readonly Dictionary<string, NodeRecord> _nodes = new(StringComparer.Ordinal);

    public bool IsComplete { get; private set; }

    /// <summary>This node's records, one per family it holds a subnet of; empty until the source delivers them.</summary>
    public IReadOnlyList<NodeRecord> Own { get; private set; } = [];

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
                var renderNeeded = !Own.SequenceEqual(held.Nodes);
                Own = [.. held.Nodes];
                return renderNeeded;
            default:
                return false;
        }
    }

    /// <summary>Every other node's records (one per node and family): all known records but this node's own (by name and by subnet).</summary>
    public IReadOnlyList<NodeRecord> Peers() =>
        _nodes.Values
            .Where(n => n.Name != ownName && !Own.Any(own => own.Subnet == n.Subnet))
            .OrderBy(n => n.Name, StringComparer.Ordinal)
            .ToList();
}
