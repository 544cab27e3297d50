using HumanzCni.Agent.Cluster;
using HumanzCni.Agent.Routes;

namespace HumanzCni.Agent.Backends;

/// <summary>
/// What the <see cref="Hosting.Reconciler"/> asks of a backend: bring the node's kernel state towards the peers
/// (and remove what another backend left), and say which MTU the pods should get.
/// </summary>
public interface IPeerBackend
{
    /// <summary>
    /// One pass with <paramref name="own"/> as this node's record (null while the source has not delivered it)
    /// and <paramref name="peers"/> as the other nodes. What the kernel refused is in <see cref="RouteChanges.Failures"/>.
    /// </summary>
    RouteChanges Reconcile(NodeRecord? own, IReadOnlyList<NodeRecord> peers);

    /// <summary>The MTU the pods of <paramref name="own"/> should get when --mtu was not given; null: the default.</summary>
    int? PodMtu(NodeRecord own);
}
