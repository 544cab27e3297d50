namespace HumanzCni.Agent.Cluster;

/// <summary>
/// The reconciler's picture of the cluster, built from <see cref="ClusterEvent"/>s. Until the first
/// snapshot it knows nothing, and says so: routes are only changed from a complete picture, so an
/// agent that starts while etcd is down leaves the node's routes as they are. A dual-stack node is one record
/// per family (per pod subnet), so everything downstream stays per subnet.
/// </summary>
/// <param name="ownName">This node's name: its record is no peer.</param>
/// <param name="vanishedGrace">
/// How long a node a later snapshot lacks stays a peer (etcd: the lease TTL; zero elsewhere). A later snapshot comes
/// after the watch was lost, and a node missing from it may be alive: etcd restored from an old backup or wiped
/// keeps none of the leases, and every live agent claims its subnet again within a TTL. Deleting its routes at once
/// would cut pods that still run; a node that is really gone is dropped when the grace ends. A delete seen by the
/// watch (a lease that expired or was revoked while watched) takes effect at once.
/// </param>
/// <param name="clock">Tells when a grace ends; the system clock by default.</param>
internal sealed class ClusterView(string ownName, TimeSpan vanishedGrace = default, TimeProvider? clock = null)
{
    private readonly Dictionary<string, NodeRecord> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (NodeRecord Node, DateTimeOffset Until)> _vanished = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public bool IsComplete { get; private set; }

    /// <summary>This node's records, one per family it holds a subnet of; empty until the source delivers them.</summary>
    public IReadOnlyList<NodeRecord> Own { get; private set; } = [];

    /// <summary>Applies an event; true when the conflist needs rendering (this node's subnet was (re)acquired).</summary>
    public bool Apply(ClusterEvent change)
    {
        switch (change)
        {
            case ClusterSnapshot snapshot:
                RememberVanished(snapshot);
                _nodes.Clear();
                foreach (var (key, node) in snapshot.Nodes)
                {
                    _nodes[key] = node;
                    _vanished.Remove(key);
                }

                IsComplete = true;
                return false;
            case NodeChanged { Node: { } node } changed:
                _nodes[changed.Key] = node;
                _vanished.Remove(changed.Key);
                return false;
            case NodeChanged removed:
                _nodes.Remove(removed.Key);
                _vanished.Remove(removed.Key);
                return false;
            case OwnSubnetHeld held:
                var renderNeeded = !Own.SequenceEqual(held.Nodes);
                Own = [.. held.Nodes];
                return renderNeeded;
            default:
                return false;
        }
    }

    /// <summary>
    /// Every other node: all known records but this node's own (by name and by subnet), and the vanished ones still
    /// in their grace whose name and subnet no known node has taken meanwhile.
    /// </summary>
    public IReadOnlyList<NodeRecord> Peers()
    {
        var now = _clock.GetUtcNow();
        foreach (var key in _vanished.Where(v => v.Value.Until <= now).Select(v => v.Key).ToList())
        {
            _vanished.Remove(key);
        }

        // A dual-stack node is a record per family: a vanished record gives way to a known one of its name and family.
        var namesAndFamilies = _nodes.Values.Select(NameAndFamily).ToHashSet();
        var subnets = _nodes.Values.Select(n => n.Subnet).ToHashSet(StringComparer.Ordinal);
        var vanished = _vanished.Values.Select(v => v.Node).Where(n => !namesAndFamilies.Contains(NameAndFamily(n)) && !subnets.Contains(n.Subnet));
        return _nodes.Values
            .Concat(vanished)
            .Where(n => n.Name != ownName && !Own.Any(own => own.Subnet == n.Subnet))
            .OrderBy(n => n.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static (string Name, bool IsIpv6) NameAndFamily(NodeRecord node) => (node.Name, node.Subnet.Contains(':', StringComparison.Ordinal));

    /// <summary>The nodes known before a later snapshot and missing from it, each kept for the grace from now (or its earlier end).</summary>
    private void RememberVanished(ClusterSnapshot snapshot)
    {
        if (!IsComplete || vanishedGrace <= TimeSpan.Zero)
        {
            return;
        }

        var until = _clock.GetUtcNow() + vanishedGrace;
        foreach (var (key, node) in _nodes.Where(n => !snapshot.Nodes.ContainsKey(n.Key)))
        {
            _vanished.TryAdd(key, (node, until));
        }
    }
}
