using Prometheus;

namespace HumanzCni.Agent.Health;

/// <summary>
/// What a cluster source (etcd, the Kubernetes API, a static file) reports about its store, one call per
/// event; its counters carry the source's name as the `source` label. Get one from <see cref="AgentMetrics.Source"/>.
/// </summary>
internal sealed class SourceMetrics
{
    private readonly Counter.Child _storeErrors;
    private readonly Counter.Child _leaseRenewals;

    internal SourceMetrics(Counter storeErrors, Counter leaseRenewals, string source)
    {
        // Created now, so every source shows up with 0 before its first error or renewal.
        _storeErrors = storeErrors.WithLabels(source);
        _leaseRenewals = leaseRenewals.WithLabels(source);
    }

    /// <summary>A call to the store failed (unreachable, refused, unreadable, invalid).</summary>
    public void StoreError() => _storeErrors.Inc();

    /// <summary>This node's lease (its claim on its subnet) was renewed.</summary>
    public void LeaseRenewed() => _leaseRenewals.Inc();
}
