using Prometheus;

namespace HumanzCni.Agent.Health;

/// <summary>
/// The agent's Prometheus metrics (prometheus-net, in a registry of its own: no process or runtime
/// collectors, only what the agent reports). The reconciler records each pass; each source records its
/// store errors and lease renewals through a <see cref="SourceMetrics"/>.
/// </summary>
internal sealed class AgentMetrics
{
    /// <summary>Route passes take milliseconds; the upper buckets catch a netlink socket that hangs.</summary>
    private static readonly double[] DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly TimeProvider _clock;
    private readonly Gauge _routesOwned;
    private readonly Counter _reconciles;
    private readonly Histogram _reconcileDuration;
    private readonly Gauge _lastSuccess;
    private readonly Counter _storeErrors;
    private readonly Counter _leaseRenewals;

    public AgentMetrics(TimeProvider clock)
    {
        _clock = clock;
        var factory = Metrics.WithCustomRegistry(_registry);
        _routesOwned = factory.CreateGauge("humanz_agent_routes_owned", "Routes to other nodes' pod subnets the agent keeps in this node (protocol 0x69).");
        _reconciles = factory.CreateCounter("humanz_agent_reconciles_total", "Reconcile passes, by outcome (success, failure, waiting).", "outcome");
        _reconcileDuration = factory.CreateHistogram(
            "humanz_agent_reconcile_duration_seconds",
            "How long a reconcile pass (conflist and routes) took.",
            new HistogramConfiguration { Buckets = DurationBuckets });
        _lastSuccess = factory.CreateGauge("humanz_agent_last_successful_reconcile_timestamp_seconds", "When the last reconcile pass succeeded (unix seconds); 0 before the first.");
        _storeErrors = factory.CreateCounter("humanz_agent_store_errors_total", "Failed calls to the cluster store, by source (etcd, static, ...).", "source");
        _leaseRenewals = factory.CreateCounter("humanz_agent_lease_renewals_total", "Renewals of this node's subnet lease, by source.", "source");
        // Every outcome shows up from the start, with 0, so rates and alerts need no absent() guards.
        foreach (var result in (ReconcileResult[])[ReconcileResult.Success, ReconcileResult.Failure, ReconcileResult.Waiting])
        {
            _reconciles.WithLabels(OutcomeLabel(result));
        }
    }

    /// <summary>The one-line reporting handle a source takes, e.g. Source("etcd").StoreError().</summary>
    public SourceMetrics Source(string name) => new(_storeErrors, _leaseRenewals, name);

    public void Record(ReconcileOutcome outcome, TimeSpan duration)
    {
        _reconciles.WithLabels(OutcomeLabel(outcome.Result)).Inc();
        _reconcileDuration.Observe(duration.TotalSeconds);
        if (outcome.RoutesOwned is { } owned)
        {
            _routesOwned.Set(owned);
        }

        if (outcome.Result == ReconcileResult.Success)
        {
            _lastSuccess.Set(_clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
        }
    }

    /// <summary>Writes every metric in the Prometheus text exposition format (version 0.0.4).</summary>
    public Task WriteAsync(Stream output, CancellationToken cancellation) => _registry.CollectAndExportAsTextAsync(output, cancel: cancellation);

    private static string OutcomeLabel(ReconcileResult result) => result switch
    {
        ReconcileResult.Success => "success",
        ReconcileResult.Failure => "failure",
        _ => "waiting",
    };
}
