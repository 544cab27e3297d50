namespace HumanzCni.Agent.Cluster;

/// <summary>What flows from the watcher (etcd or a static file) and the lease keeper to the reconciler.</summary>
internal abstract record ClusterEvent;

/// <summary>Every node the source knows right now, keyed by lease key (or node name): replaces what the reconciler knew.</summary>
internal sealed record ClusterSnapshot(IReadOnlyDictionary<string, NodeRecord> Nodes) : ClusterEvent;

/// <summary>One node appeared or changed (<see cref="Node"/> set) or went away (null).</summary>
internal sealed record NodeChanged(string Key, NodeRecord? Node) : ClusterEvent;

/// <summary>
/// This node holds these subnets (again, or new ones), one record per address family: they replace what it held
/// before, and the conflist is rendered from them.
/// </summary>
internal sealed record OwnSubnetHeld(IReadOnlyList<NodeRecord> Nodes) : ClusterEvent
{
    /// <summary>A single-family node's one subnet.</summary>
    public OwnSubnetHeld(NodeRecord node)
        : this([node])
    {
    }
}

/// <summary>Nothing changed as far as the source knows; reconcile anyway, so a route deleted by hand comes back.</summary>
internal sealed record ReconcileTick : ClusterEvent
{
    public static readonly ReconcileTick Instance = new();
}
