using HumanzCni.Agent.Cluster;
using HumanzCni.Agent.Routes;

namespace HumanzCni.Agent.Backends;

/// <summary>
/// What the <see cref="Hosting.Reconciler"/> asks of a backend: bring the node's kernel state towards the peers
/// (and remove what another backend left), and say which MTU the pods should get.
/// </summary>
internal interface IPeerBackend
{
    /// <summary>
    /// One pass with <paramref name="own"/> as this node's records, one per family (empty while the source has not
    /// delivered them), and <paramref name="peers"/> as the other nodes' (one per node and family). What the kernel
    /// refused is in <see cref="RouteChanges.Failures"/>.
    /// </summary>
    RouteChanges Reconcile(IReadOnlyList<NodeRecord> own, IReadOnlyList<NodeRecord> peers);

    /// <summary>The MTU the pods of <paramref name="own"/> (every family) should get when --mtu was not given; null: the default.</summary>
    int? PodMtu(IReadOnlyList<NodeRecord> own);
}
